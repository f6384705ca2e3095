/**
 * A tutor reporting hours on Teams with the Adaptive Card form, end to end: real Bot Framework
 * activities POSTed over HTTP to /api/messages (CloudAdapter), the fake connector recording what the
 * bot sends back. The card's submissions are validated at the boundary (zod) and by the same rules
 * as the conversation; whatever is wrong comes back as the same card, values kept, each error by its
 * field. Set PONTE_TRANSCRIPT=<file> to write a readable transcript of the session.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity } from '../fakes/bf-activity';
import type { RecordedActivity } from '../fakes/fake-bf-connector';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { postActivity, teamsDriver } from './support/teams.driver';
import { stripIsolation } from '../../core/conversation/bidi';

const USER = '29:4001';
const CONV = `a:conv-${USER}`;
const AAD = '00000000-0000-4000-8000-000000294001';
let f: ServerFixture;
const transcript: string[] = [];

type El = { type: string; id?: string; text?: string; label?: string; value?: string; color?: string; choices?: Array<{ title: string; value: string }>; actions?: Array<{ title: string; data: Record<string, string> }> };
const cardOf = (a: RecordedActivity) => ((a.body.attachments ?? []) as Array<{ contentType: string; content?: { body: El[] } }>).find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');

/** What the bot sent in reply to the last post, as the tutor sees it. */
let lastSent: RecordedActivity[] = [];
function describeActivity(a: RecordedActivity): string {
  const card = cardOf(a);
  if (!card) return `  bot: ${stripIsolation(String(a.body.text ?? ''))}${a.body.suggestedActions ? `  [${(a.body.suggestedActions as { actions: Array<{ title: string }> }).actions.map((x) => x.title).join(' | ')}]` : ''}`;
  return card.content!.body
    .map((el) => {
      if (el.type === 'TextBlock') return `  ${el.color === 'attention' ? '  ⚠ ' : 'card: '}${stripIsolation(el.text ?? '')}`;
      if (el.type.startsWith('Input.')) return `    [${el.type.slice(6)} ${el.id}: ${el.label}${el.value ? ` = ${el.value}` : ''}${el.choices ? ` (${el.choices.length} options)` : ''}]`;
      return `    ${(el.actions ?? []).map((x) => `(${x.title})`).join(' ')}`;
    })
    .join('\n');
}

async function post(activity: unknown, what: string): Promise<RecordedActivity[]> {
  const before = f.connector.activities.length;
  const res = await postActivity(f, activity);
  expect(res.status).toBe(200);
  lastSent = f.connector.activities.slice(before).filter((a) => a.conversationId === CONV);
  transcript.push(`tutor: ${what}`, ...lastSent.map(describeActivity));
  return lastSent;
}
const base = { conversationId: CONV, serviceUrl: '', userId: USER, aadObjectId: AAD };
const say = (text: string) => post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, text }), text);
/** The last form card sent, and its submit button's data. */
function lastForm(): { id: string; body: El[]; submit: Record<string, string> } {
  const a = [...lastSent].reverse().find((x) => cardOf(x)?.content?.body.some((el) => el.type.startsWith('Input.')));
  if (!a) throw new Error('no form card in the last reply');
  const body = cardOf(a)!.content!.body;
  const submit = body.flatMap((el) => el.actions ?? []).find((x) => x.data.ponteForm === '1')!.data;
  return { id: a.id, body, submit };
}
const submit = (values: Record<string, string>, what: string) => {
  const form = lastForm();
  return post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, value: { ...form.submit, ...values }, replyToId: form.id }), `submits the card ${what}`);
};
const pressCard = (title: string) => {
  const a = [...lastSent].reverse().find((x) => cardOf(x)?.content?.body.some((el) => el.actions?.some((b) => b.title.includes(title))));
  const button = cardOf(a!)!.content!.body.flatMap((el) => el.actions ?? []).find((b) => b.title.includes(title))!;
  return post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, value: button.data, replyToId: a!.id }), `presses “${button.title}”`);
};
const input = (id: string) => lastForm().body.find((el) => el.id === id)!;
const errorAfter = (id: string) => {
  const body = lastForm().body;
  const i = body.findIndex((el) => el.id === id);
  return body[i + 1]?.color === 'attention' ? stripIsolation(body[i + 1]!.text!) : undefined;
};
const personId = async (code: string) => (await f.h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
const reported = () => f.h.ponte.prisma.auditEvent.findMany({ where: { action: 'hours_reported' } });

beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off' });
  const d = teamsDriver(f, { userId: USER });
  await d.say('/start');
  await d.press('English');
  await d.press('I agree');
  await d.say(f.h.demo!.tutor[0]!);
}, 60_000);
afterAll(async () => {
  if (process.env.PONTE_TRANSCRIPT) fs.writeFileSync(process.env.PONTE_TRANSCRIPT, `${transcript.join('\n')}\n`);
  await f?.close();
});

describe('reporting hours with the card on Teams', () => {
  it('"Report hours" answers with one form: beneficiary, search, service, hours, date, note, submit', async () => {
    await say('🕒 Report hours');
    const form = lastForm();
    expect(form.body.filter((el) => el.type.startsWith('Input.')).map((el) => [el.type, el.id])).toEqual([
      ['Input.ChoiceSet', 'b'],
      ['Input.Text', 'q'],
      ['Input.ChoiceSet', 'area'],
      ['Input.Number', 'hours'],
      ['Input.Date', 'date'],
      ['Input.Text', 'note'],
    ]);
    expect(input('b').choices!.map((c) => c.title)).toContain('B-0006 · Ahmed Karimi');
    expect(input('date').value).toBe('2026-11-23');
    // Only the form (and its buttons): no list of people as buttons beside it.
    expect(lastSent).toHaveLength(1);
  });

  it('wrong values come back as the same card, each error by its field, nothing saved', async () => {
    await submit({ b: '', area: 'tutoring', hours: '1.3', date: '2026-12-24', note: '' }, 'with no person, 1.3 hours, a future date');
    expect(errorAfter('b')).toBe('Choose a person in the list, or type a name or code.');
    expect(errorAfter('date')).toBe('The date is in the future: you can only report hours already done.');
    expect(input('hours').value).toBe('1.3');
    expect(await reported()).toHaveLength(0);
  });

  it('an older card, never submitted, is no longer valid once a newer one was sent (a card submitted twice does nothing)', async () => {
    const older = lastForm();
    await say('/menu');
    await say('🕒 Report hours');
    const stale = f.connector.activities.find((a) => a.id === older.id)!;
    const data = cardOf(stale)!.content!.body.flatMap((el) => el.actions ?? []).find((x) => x.data.ponteForm === '1')!.data;
    const sent = await post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, value: { ...data, b: await personId('B-0006'), area: 'tutoring', hours: '2', date: '2026-11-21' }, replyToId: stale.id }), 'submits the first, older card');
    expect(sent.map(describeActivity).join('\n')).toContain('This button is no longer valid');
    // The same card submitted again (a double tap): nothing happens at all.
    expect(await post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, value: { ...data, b: '' }, replyToId: stale.id }), 'submits that card once more')).toHaveLength(0);
    await say('/menu');
    await say('🕒 Report hours');
  });

  it('a name spelled another way is offered selected, to check, not taken unseen', async () => {
    await submit({ q: 'Hasan', area: 'job_orientation', hours: '1', date: '2026-11-21', note: '' }, 'searching “Hasan”');
    expect(input('b').value).toBe(await personId('B-0001'));
    expect(errorAfter('b')).toBe('Is this the right person? Check and press “Continue” again.');
    expect(await reported()).toHaveLength(0);
  });

  it('the same rules as the conversation: no tutoring for an internship not started, said at the service', async () => {
    await submit({ b: await personId('B-0003'), q: '', area: 'tutoring', hours: '2', date: '2026-11-21', note: '' }, 'tutoring for Rahim Uddin');
    expect(errorAfter('area')).toBe("Tutoring hours go with an internship that has started: Rahim Uddin's internship is 🔵 not activated. Report another service, or update the internship first.");
  });

  it('a valid card leads to the summary; Confirm saves; Undo is a card button that stays usable', async () => {
    await submit({ b: await personId('B-0006'), q: '', area: 'tutoring', hours: '2', date: '2026-11-21', note: 'Visita in azienda' }, 'for Ahmed Karimi, 2 h tutoring, 21/11, a note');
    expect(lastSent.map(describeActivity).join('\n')).toContain('📌 Tutoring');
    await pressCard('Confirm');
    const [event] = await reported();
    expect(JSON.parse(event!.detailJson)).toMatchObject({ beneficiary: 'B-0006', area: 'tutoring', date: '2026-11-21', new: { hours: 2 }, via: 'form' });
    const saved = () => f.h.ponte.prisma.hourEntry.findUniqueOrThrow({ where: { id: event!.subjectId! } });
    expect(await saved()).toMatchObject({ hours: 2, note: 'Visita in azienda', voidedAt: null });
    // The saved message is not the last of the turn (the menu follows): its Undo is on a card.
    const undoOn = lastSent.find((a) => cardOf(a)?.content?.body.some((el) => el.actions?.some((b) => b.title.includes('Undo'))));
    expect(undoOn).toBeDefined();
    expect(lastSent.indexOf(undoOn!)).toBeLessThan(lastSent.length - 1);
    await pressCard('Undo');
    expect((await saved()).voidedAt).not.toBeNull();
  });

  it('a forged submission (unknown field names, huge values) is refused at the boundary and saves nothing', async () => {
    await say('🕒 Report hours');
    const form = lastForm();
    const forged = { ...form.submit, b: await personId('B-0006'), area: 'tutoring', hours: '2', date: '2026-11-20', 'x-evil': '1', note: 'x'.repeat(5000) };
    const sent = await post(messageActivity({ ...base, serviceUrl: f.connector.serviceUrl, value: forged, replyToId: form.id }), 'submits a forged card');
    expect(sent.map(describeActivity).join('\n')).toContain('This button is no longer valid');
    expect(await f.h.ponte.prisma.hourEntry.count({ where: { date: '2026-11-20', area: 'tutoring', pathId: (await f.h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: await personId('B-0006') } })).id, voidedAt: null } })).toBe(0);
  });

  it('with a caseload of 5,000 the card still lists a page (ten people) and stays far under 100 KB', async () => {
    const { prisma } = f.h.ponte;
    const entity = await prisma.entity.findUniqueOrThrow({ where: { code: 'E-TO-01' } });
    const people = Array.from({ length: 5000 }, (_, i) => ({ id: `teams${i}`, code: `B-8${String(i).padStart(4, '0')}`, fullName: `Persona Di Prova Con Un Nome Lungo ${i}` }));
    await prisma.person.createMany({ data: people });
    await prisma.beneficiaryProfile.createMany({ data: people.map((p) => ({ personId: p.id, category: 'humanitarian', province: 'Torino', entityId: entity.id })) });
    await say('/menu');
    await say('🕒 Report hours');
    expect(input('b').choices).toHaveLength(10);
    const bytes = Buffer.byteLength(JSON.stringify(lastSent[0]!.body));
    expect(bytes).toBeLessThan(20_000);
    transcript.push(`  (card size with 5,006 people in the entity: ${bytes} bytes)`);
    // A search in the card narrows the list to the matches, a page at a time; one match comes back chosen.
    await submit({ q: 'prova con', area: '', hours: '', date: '' }, 'searching “prova con”');
    expect(input('b').choices).toHaveLength(10);
    expect(input('b').choices!.every((c) => c.title.includes('Persona Di Prova'))).toBe(true);
    expect(errorAfter('q')).toBe('Several people for “prova con”: choose one in the list.');
    await submit({ q: 'Lungo 4242', area: '', hours: '', date: '' }, 'searching “Lungo 4242”');
    expect(input('b').value).toBe('teams4242');
    expect(input('b').choices!.map((c) => c.title)).toContain('B-84242 · Persona Di Prova Con Un Nome Lungo 4242');
  });
});
