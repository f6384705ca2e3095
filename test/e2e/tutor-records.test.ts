/**
 * Records that stay right, through the real engine, texts and Prisma store (demo data, manual clock):
 * the path the beneficiary sees follows the internship, the programme's rules refuse with reasons,
 * dates without a year, corrections of hours and of internship changes (audited), and "annulla"
 * right after a save. Demo: T-0001 follows B-0001…B-0006 (entity E-TO-01); T-0002 follows Joy Okafor
 * (B-0010, internship activated 10 days ago, English).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type ChatUser, type Harness } from '../support/ponte-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

async function login(userId: string, code: string, lang = 'English', agree = 'I agree'): Promise<ChatUser> {
  const u = h.chat(userId);
  await u.say(`/start ${code}`);
  await u.press(lang);
  await u.press(agree);
  return u;
}
const idOf = async (code: string) => (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
const pathOf = async (code: string) => h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: await idOf(code) }, include: { phases: true, internship: { include: { followUps: true } } } });
const phase = async (code: string, name: string) => (await pathOf(code)).phases.find((p) => p.phase === name)!;
const audits = (action: string) => h.ponte.prisma.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });
const counted = async (code: string) => h.ponte.prisma.hourEntry.findMany({ where: { pathId: (await pathOf(code)).id, voidedAt: null } });

describe('one source of truth for the path', () => {
  it('ceasing an internship: the beneficiary no longer reads "go every day", the phases moved in the same save', async () => {
    const joy = await login('joy', h.demo!.beneficiary[9]!);
    await joy.press('My path');
    expect(joy.lastText()).toContain('go to your internship every day');
    const t = await login('t2', h.demo!.tutor[1]!);
    await t.press('Internship status');
    await t.say('Joy');
    await t.press('Stopped early');
    await t.press('Yesterday');
    await t.press('Found a job');
    await t.press('Confirm');
    expect(t.lastText()).toContain('✅ Saved.');
    const p = await pathOf('B-0010');
    expect(p.internship).toMatchObject({ status: 'ceased', endDate: '2026-11-22' });
    expect(p.phases.find((x) => x.phase === 'internship')).toMatchObject({ status: 'done', endDate: '2026-11-22' });
    expect(p.phases.find((x) => x.phase === 'job_orientation')).toMatchObject({ status: 'in_progress' });
    await joy.say('/menu');
    await joy.press('My path');
    const path = joy.lastText();
    expect(path).not.toContain('go to your internship every day');
    expect(path).toContain('✅ Internship (tirocinio): done\n🔄 Job orientation: in progress');
    expect(path).toContain('Next step: look for a job with your tutor');
  });

  it('activating an internship closes specialist orientation at its start and opens the internship phase', async () => {
    const t = await login('t1', h.demo!.tutor[0]!);
    await t.press('Internship status');
    await t.press('Rahim Uddin');
    await t.press('Activated');
    await t.say('24/11/2026');
    await t.say('Bar Sport Torino');
    await t.press(/^I · /);
    await t.say('TO');
    await t.press('Confirm');
    expect(await phase('B-0003', 'internship')).toMatchObject({ status: 'in_progress', startDate: '2026-11-24' });
    expect((await phase('B-0003', 'specialist_orientation')).status).toBe('done');
  });
});

describe('programme rules with reasons', () => {
  it('no tutoring for someone whose internship never started: says why and what to do, saves nothing', async () => {
    const t = await login('r1', h.demo!.tutor[0]!);
    const before = (await counted('B-0003')).length;
    const refused = textOf(await t.say('2 ore tutoraggio Rahim ieri'));
    expect(refused).toContain("⛔ Tutoring hours go with an internship that has started: Rahim Uddin's internship is 🔵 not activated. Report another service, or update the internship first.");
    expect(t.lastText()).toContain('Which service for Rahim Uddin?');
    expect((await counted('B-0003')).length).toBe(before);
  });

  it('tutoring dated before the internship started is refused at the date', async () => {
    const t = await login('r2', h.demo!.tutor[0]!);
    const refused = textOf(await t.say('1 hour tutoring Fatima 1/11'));
    expect(refused).toMatch(/The internship started on Nov \d+, 2026: Tutoring hours can be dated from that day on\./);
    expect(t.lastText()).toContain('Which day?');
  });

  it('specialist orientation after its phase closed is refused with the closing date', async () => {
    const t = await login('r3', h.demo!.tutor[0]!);
    const refused = textOf(await t.say('2 hours specialist orientation B-0006 yesterday'));
    expect(refused).toMatch(/Specialist orientation closed on \w+ \d+, 2026: Specialist orientation hours can be dated up to that day\./);
  });

  it('concluding far before the planned end asks first, and offers "ended early" instead', async () => {
    const t = await login('r4', h.demo!.tutor[0]!);
    await t.press('Internship status');
    await t.say('B-0006');
    await t.press('Concluded');
    await t.press('Yesterday');
    expect(t.lastText()).toMatch(/⚠️ The planned end was \w+ \d+, 2027: \d+ days earlier\. If the internship stopped early, choose “It ended early”\./);
    await t.press('It ended early');
    expect(t.lastText()).toContain('Why did it stop?');
    await t.press("The person's choice");
    await t.press('Confirm');
    expect((await pathOf('B-0006')).internship).toMatchObject({ status: 'ceased', endDate: '2026-11-22', ceaseReason: 'own_choice' });
  });

  it('a Nulla Osta date before the path started is refused where it is typed', async () => {
    const t = await login('r5', h.demo!.tutor[0]!);
    await t.press('Internship status');
    await t.say('Mariam');
    await t.press('Clearance granted');
    expect(textOf(await t.say('01/10/2026'))).toContain('⛔ The date is before the path started (Nov 3, 2026)');
    expect(t.lastText()).toContain('On which day was the clearance granted?');
  });
});

describe('dates without a year', () => {
  it('"15/12" typed on 1 December is refused as future, at the step where it is typed (not read as last year)', async () => {
    h.clock.set('2026-12-01T09:00:00Z');
    const t = await login('d1', h.demo!.tutor[0]!);
    expect(textOf(await t.say('2 hours tutoring B-0006 15/12'))).toContain('“15/12” is in the future');
    expect(t.lastText()).toContain('Which day?');
    expect(textOf(await t.say('15/12'))).toContain('The date is in the future');
    expect(await audits('hours_reported')).toHaveLength(0);
  });

  it('"domani" is answered as a future date', async () => {
    const t = await login('d2', h.demo!.tutor[0]!, 'Italiano', 'Accetto');
    expect(textOf(await t.say('2 ore tutoraggio B-0006 domani'))).toContain('«domani» è nel futuro');
  });
});

describe('corrections', () => {
  it('an entry older than 15 minutes is corrected from the person\'s card, with a reason, audited old → new', async () => {
    const t = await login('c1', h.demo!.tutor[0]!);
    await t.say('2 hours tutoring B-0006 yesterday');
    await t.press('Confirm');
    h.clock.advanceMinutes(60 * 24 * 3);
    await t.press('My beneficiaries');
    await t.say('B-0006');
    await t.press('Correct hours');
    expect(t.lastText()).toContain("Ahmed Karimi's hours of the last 90 days, newest first.");
    await t.press('Nov 22, 2026 · Tutoring · 2 h');
    await t.press('✏️ Hours');
    await t.say('1,5');
    await t.press('Wrong hours');
    expect(t.lastText()).toBe('Please check:\n👤 Ahmed Karimi\n✏️ Nov 22, 2026 · Tutoring · 2 h → Nov 22, 2026 · Tutoring · 1.5 h\n❔ Wrong hours');
    expect(textOf(await t.press('Confirm'))).toContain('✅ Corrected: Nov 22, 2026 · Tutoring · 2 h → Nov 22, 2026 · Tutoring · 1.5 h.');
    const day = (await counted('B-0006')).filter((e) => e.date === '2026-11-22' && e.area === 'tutoring');
    expect(day.map((e) => e.hours)).toEqual([1.5]);
    const [event] = await audits('hours_corrected');
    expect(JSON.parse(event!.detailJson)).toMatchObject({ beneficiary: 'B-0006', reason: 'wrong_hours', old: { hours: 2, date: '2026-11-22' }, new: { hours: 1.5 } });
    expect(event!.actorId).toBe(await idOf('T-0001'));
  });

  it('a correction is checked like a new report (caps), and a deletion voids the entry', async () => {
    const t = await login('c2', h.demo!.tutor[0]!);
    await t.say('2 hours tutoring B-0006 yesterday');
    await t.press('Confirm');
    await t.press('My beneficiaries');
    await t.say('B-0006');
    await t.press('Correct hours');
    await t.press('Nov 22, 2026 · Tutoring · 2 h');
    await t.press('✏️ Hours');
    await t.say('8');
    await t.press('Wrong hours');
    expect(textOf(await t.press('Confirm'))).toContain('⛔ The cap for Tutoring is 16 hours');
    expect(t.lastText()).toContain('How many hours, the right number?');
    await t.say('/menu');
    await t.press('My beneficiaries');
    await t.say('B-0006');
    await t.press('Correct hours');
    await t.press('Nov 22, 2026 · Tutoring · 2 h');
    await t.press('Delete');
    await t.press('Reported twice');
    expect(textOf(await t.press('Confirm'))).toContain('🗑️ Deleted: Nov 22, 2026 · Tutoring · 2 h.');
    expect((await counted('B-0006')).some((e) => e.date === '2026-11-22' && e.area === 'tutoring')).toBe(false);
    expect(JSON.parse((await audits('hours_deleted'))[0]!.detailJson)).toMatchObject({ reason: 'duplicate', new: null });
  });

  it('"annulla" right after a save offers to undo it (and does not just say "cancelled")', async () => {
    const t = await login('c3', h.demo!.tutor[0]!, 'Italiano', 'Accetto');
    await t.say('2 ore tutoraggio B-0006 ieri');
    await t.press('Conferma');
    const offer = textOf(await t.say('annulla'));
    expect(offer).toContain('Hai appena salvato 2 ore di Tutoraggio, 22 nov 2026. Vuoi annullare questa segnalazione?');
    await t.press('Annulla ultima segnalazione'); // shortened to fit a phone's button (issue 14)
    expect((await counted('B-0006')).some((e) => e.date === '2026-11-22' && e.area === 'tutoring')).toBe(false);
    // Not right after a save: the plain "cancelled".
    expect(textOf(await t.say('annulla'))).toContain('Operazione annullata.');
  });

  it('the latest internship change can be corrected: its date, or the change itself (follow-ups with it), audited', async () => {
    const t = await login('c4', h.demo!.tutor[0]!);
    await t.press('Internship status');
    await t.say('B-0001');
    await t.press('Stopped early');
    await t.press('Yesterday');
    await t.press('Found a job');
    await t.press('Confirm');
    expect((await pathOf('B-0001')).internship!.followUps).toHaveLength(3);
    await t.press('Internship status');
    await t.say('B-0001');
    await t.press('Correct the last change');
    expect(t.lastText()).toContain('Last change: 🟠 Stopped early, Nov 22, 2026 (now: 🟠 ceased).');
    await t.press('The date');
    await t.say('20/11/2026');
    expect(t.lastText()).toContain('Correcting for Ahmed Hassan: 🟠 Stopped early from Nov 22, 2026 to Nov 20, 2026. Confirm?');
    await t.press('Confirm');
    const moved = await pathOf('B-0001');
    expect(moved.internship).toMatchObject({ status: 'ceased', endDate: '2026-11-20' });
    expect(moved.internship!.followUps.map((f) => f.dueDate).sort()).toEqual(['2027-02-20', '2027-05-20', '2027-11-20']);
    expect(moved.phases.find((x) => x.phase === 'internship')).toMatchObject({ status: 'done', endDate: '2026-11-20' });
    const [fix] = await audits('internship_corrected');
    expect(JSON.parse(fix!.detailJson)).toMatchObject({ beneficiary: 'B-0001', kind: 'date', old: { endDate: '2026-11-22' }, new: { endDate: '2026-11-20' } });
    // Once corrected, that change cannot be corrected again; a new change can.
    expect(t.buttons().map((b) => b.label)).not.toContain('✏️ Correct the last change');
  });

  it('undoing a conclusion brings the internship back in progress and removes its pending follow-ups', async () => {
    const t = await login('c5', h.demo!.tutor[0]!);
    await t.press('Internship status');
    await t.say('B-0001');
    await t.press('Stopped early');
    await t.press('Yesterday');
    await t.press('Too many absences');
    await t.press('Confirm');
    await t.press('Internship status');
    await t.say('B-0001');
    await t.press('Correct the last change');
    await t.press('back to');
    expect(t.lastText()).toContain('Undoing the last change for Ahmed Hassan: 🟠 ceased → 🟢 in progress. Confirm?');
    await t.press('Confirm');
    const p = await pathOf('B-0001');
    expect(p.internship).toMatchObject({ status: 'in_progress', endDate: null, ceaseReason: null, hostCompany: 'Edilizia Sabauda srl' });
    expect(p.internship!.followUps).toHaveLength(0);
    expect(p.phases.find((x) => x.phase === 'internship')).toMatchObject({ status: 'in_progress', endDate: null });
  });
});
