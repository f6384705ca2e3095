/**
 * Teams shows suggested actions only under the LAST message of a turn. On every screen of the three
 * roles, driven with real Bot Framework activities over HTTP through CloudAdapter (the fake connector
 * records what the bot sends), every button the core produced must be where Teams shows it: a card
 * button (Action.Submit), or a suggested action of the turn's last message, or (for a form) an option
 * of its list. The core's own output is tapped from the real engine, not re-computed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../core/messages';
import type { RecordedActivity } from '../fakes/fake-bf-connector';
import { createOutboxRuntime } from '../../bot/outbox/outbox.runtime';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { teamsDriver } from './support/teams.driver';
import { messageActivity } from '../fakes/bf-activity';

/** The Entra id the driver gives user 29:joy (the same person). */
const AAD_JOY = '00000000-0000-4000-8000-000000291010';

let f: ServerFixture;
const produced: OutgoingMessage[][] = [];

beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off' });
  const engine = f.h.ponte.engine;
  // Channels run turns through process() (the replies are stored with the turn, then sent).
  const run = engine.process.bind(engine);
  engine.process = async (msg, opts) => {
    const result = await run(msg, opts);
    if (!result.duplicate) produced.push(result.replies);
    return result;
  };
}, 60_000);
afterAll(async () => f?.close());

type Card = { body?: Array<{ type: string; actions?: Array<{ title: string; data?: unknown }>; choices?: Array<{ title: string }> }> };
const cards = (a: RecordedActivity) => ((a.body.attachments ?? []) as Array<{ contentType: string; content?: Card }>).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content?.body ?? []);
const cardButtons = (a: RecordedActivity) => cards(a).flatMap((body) => body.flatMap((el) => (el.actions ?? []).map((x) => x.title)));
const listOptions = (a: RecordedActivity) => cards(a).flatMap((body) => body.flatMap((el) => (el.type === 'Input.ChoiceSet' ? (el.choices ?? []).map((c) => c.title) : [])));
const suggested = (a: RecordedActivity | undefined) => ((a?.body.suggestedActions as { actions?: Array<{ title: string }> } | undefined)?.actions ?? []).map((x) => x.title);

let checked = 0;
/** Every button of the core's replies in this turn is reachable where Teams shows it. */
function assertReachable(acts: RecordedActivity[], core: OutgoingMessage[], where: string): void {
  acts.slice(0, -1).forEach((a) => expect(suggested(a), `${where}: suggested actions on a message that is not the last`).toEqual([]));
  const onCards = new Set(acts.flatMap(cardButtons));
  const underLast = new Set(suggested(acts.at(-1)));
  const inLists = new Set(acts.flatMap(listOptions));
  for (const m of core) {
    for (const c of (m.choices ?? []).flat()) {
      const ok = onCards.has(c.label) || underLast.has(c.label) || (m.form !== undefined && inLists.has(c.label));
      expect(ok, `${where}: “${c.label}” is not reachable`).toBe(true);
      checked++;
    }
  }
}

/** A Teams user whose every turn is checked. */
function user(id: string) {
  const d = teamsDriver(f, { userId: id });
  const conv = `a:conv-${id}`;
  const turn = async <T>(where: string, act: () => Promise<T>): Promise<T> => {
    const a0 = f.connector.activities.length;
    const p0 = produced.length;
    const r = await act();
    const acts = f.connector.activities.slice(a0).filter((a) => a.conversationId === conv && (a.op === 'reply' || a.op === 'send'));
    assertReachable(acts, produced.slice(p0).flat(), where);
    return r;
  };
  return {
    say: (text: string) => turn(`say ${text}`, () => d.say(text)),
    press: (label: string | RegExp) => turn(`press ${String(label)}`, () => d.press(label)),
    post: d.post,
    turn,
  };
}

async function join(id: string, code: string) {
  const u = user(id);
  await u.say('/start');
  await u.press('English');
  await u.press('I agree');
  await u.say(code);
  return u;
}

describe('every screen keeps its buttons reachable on Teams', () => {
  it('beneficiary: menu, path, phases, appointments ("I\'ll be there / I can\'t come" on each), glossary, tips, my data', async () => {
    const joy = await join('29:1010', f.h.demo!.beneficiary[9]!);
    await joy.press('My path');
    await joy.press('Internship');
    await joy.press('Back');
    await joy.press('Menu');
    const appts = await joy.press('My appointments');
    expect(appts.buttons.filter((b) => b.includes("I'll be there")).length).toBeGreaterThan(0);
    await joy.press('Menu');
    await joy.press('Words of work');
    await joy.say('payslip');
    await joy.press('Menu');
    await joy.press('Job-search tips');
    await joy.press('Menu');
    await joy.press('My data');
    await joy.press('Menu');
  });

  it('a reminder sent later: its answer buttons are card buttons, and pressing one works', async () => {
    const joy = user('29:1010');
    const rt = createOutboxRuntime(f.h.ponte, { senders: { teams: f.server.teams.sender }, sleep: async () => undefined, random: () => 0 });
    f.h.clock.advanceMinutes(60);
    const before = f.connector.activities.length;
    await rt.dispatcher.drain();
    const sent = f.connector.activities.slice(before).filter((a) => a.conversationId === 'a:conv-29:1010');
    expect(sent.length).toBeGreaterThan(0);
    const reminder = sent.find((a) => cardButtons(a).some((t) => t.includes("I'll be there")));
    expect(reminder, 'the reminder with its answers on a card').toBeDefined();
    expect(sent.every((a) => suggested(a).length === 0)).toBe(true);
    const data = cards(reminder!).flatMap((body) => body.flatMap((b) => b.actions ?? [])).find((x) => x.title.includes("can't come"))!.data;
    const answer = await joy.turn('press the reminder', () => joy.post(messageActivity({ conversationId: 'a:conv-29:1010', serviceUrl: f.connector.serviceUrl, userId: '29:1010', aadObjectId: AAD_JOY, value: data, replyToId: reminder!.id })));
    expect(answer.texts.join('\n')).toMatch(/reason|motivo/i);
  });

  it('tutor: beneficiaries, card, report form, summary, saved with Undo (a card button) and the menu, internship, appointments, messages, outcomes, invite', async () => {
    const t = await join('29:2001', f.h.demo!.tutor[0]!);
    await t.press('My beneficiaries');
    await t.press('Ahmed Karimi');
    await t.press('Correct hours');
    await t.press('Menu');
    await t.press('Report hours');
    await t.say('2 hours tutoring Karimi 21/11');
    const saved = await t.press('Confirm');
    expect(saved.buttons).toContain('↩️ Undo my last report');
    await t.press('Undo my last report');
    await t.press('Internship status');
    await t.say('B-0001');
    await t.press('Back');
    await t.press('Menu');
    await t.press('Appointments');
    await t.press('Menu');
    await t.press('Messages');
    await t.press('Menu');
    await t.press('Outcomes');
    await t.press('Menu');
    await t.press('Invite');
    await t.press('Menu');
  });

  it('coordinator: reports and the summary', async () => {
    const c = await join('29:3001', f.h.demo!.coordinator[0]!);
    await c.press('Reports');
    await c.press('Internships by province');
    await c.press('Menu');
    await c.press('Summary now');
    expect(checked).toBeGreaterThan(100);
  });
});
