/**
 * Internship status, outcome follow-ups, invites and the authorization around them, through the
 * real engine and Prisma store on the demo data (T-0001 follows B-0001…B-0006 and B-0031).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type ChatUser, type Harness } from '../support/ponte-harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

async function login(userId: string, code: string): Promise<ChatUser> {
  const u = h.chat(userId);
  await u.say(`/start ${code}`);
  await u.press('English');
  await u.press('I agree');
  return u;
}
const person = (code: string) => h.ponte.prisma.person.findUniqueOrThrow({ where: { code } });
async function internshipOf(code: string) {
  const path = await h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: (await person(code)).id } });
  return h.ponte.prisma.internship.findUniqueOrThrow({ where: { pathId: path.id }, include: { followUps: { orderBy: { monthsAfter: 'asc' } } } });
}
const audits = (action: string) => h.ponte.prisma.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });

describe('internship status', () => {
  it('moves an internship in progress to concluded, creates the 3/6/12-month follow-ups, audits old → new', async () => {
    const u = await login('i1', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.say('B-0001');
    expect(u.lastText()).toContain('🏢 Internship of Ahmed Hassan (B-0001): 🟢 in progress');
    expect(u.buttons().map((b) => b.label)).toEqual(['✅ Concluded', '🟠 Stopped early', '⬅️ Back', '🏠 Menu']);
    await u.press('Concluded');
    expect(u.lastText()).toBe('On which day did it end?');
    await u.say('20/11/2026');
    expect(u.lastText()).toContain('🟢 in progress → ✅ concluded\n📅 Nov 20, 2026');
    const done = textOf(await u.press('Confirm'));
    expect(done).toContain('✅ Saved. Internship of Ahmed Hassan: ✅ concluded.');
    expect(done).toContain('I will ask you about the job outcome on Feb 20, 2027, May 20, 2027, Nov 20, 2027.');
    const i = await internshipOf('B-0001');
    expect(i).toMatchObject({ status: 'concluded', endDate: '2026-11-20' });
    expect(i.followUps.map((f) => [f.monthsAfter, f.dueDate, f.status])).toEqual([
      [3, '2027-02-20', 'pending'],
      [6, '2027-05-20', 'pending'],
      [12, '2027-11-20', 'pending'],
    ]);
    const [event] = await audits('internship_transition');
    expect(event).toMatchObject({ actorId: (await person('T-0001')).id, subjectId: i.id });
    const detail = JSON.parse(event!.detailJson);
    expect(detail).toMatchObject({ beneficiary: 'B-0001', event: 'conclude', old: { status: 'in_progress' }, new: { status: 'concluded', endDate: '2026-11-20' } });
    expect(detail.old.endDate).toBeUndefined();
  });

  it('refuses an invalid change typed in words with the reason and the allowed ones', async () => {
    const u = await login('i2', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.press('Rahim Uddin');
    expect(u.lastText()).toContain('🔵 not activated');
    const refused = textOf(await u.say('concluded'));
    expect(refused).toContain('⛔ “✅ Concluded” is not possible: the internship is 🔵 not activated. Possible now: 🟢 Activated or ⚫ Cancelled.');
    expect((await internshipOf('B-0003')).status).toBe('not_activated');
  });

  it('refuses any change to a final status', async () => {
    const u = await login('i3', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.say('Abdullahi');
    expect(u.lastText()).toContain('This status is final');
    expect(textOf(await u.say('ceased'))).toContain('is ✅ concluded and cannot change any more');
  });

  it('activates with a future start date, company, ATECO section and province; planned end = start + 6 months', async () => {
    const u = await login('i4', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.press('Rahim Uddin');
    await u.press('Activated');
    await u.say('01/12/2026');
    await u.say('Bar Sport Torino');
    await u.press(/^I · /);
    // A place that is not an Italian province is refused; the name or the sigla of a real one is taken.
    expect(textOf(await u.say('Turin'))).toContain('Type the province, by name or two-letter code');
    await u.say('to');
    expect(u.lastText()).toContain('Planned end: Jun 1, 2027 (6 months).');
    await u.press('Confirm');
    expect(await internshipOf('B-0003')).toMatchObject({ status: 'activated', startDate: '2026-12-01', plannedEndDate: '2027-06-01', hostCompany: 'Bar Sport Torino', atecoSection: 'I', province: 'Torino', clearanceStatus: 'granted' });
    // The audit keeps codes and dates, not the company name the tutor typed.
    const [event] = await audits('internship_transition');
    expect(JSON.parse(event!.detailJson)).toMatchObject({ event: 'activate', new: { status: 'activated', hostCompany: 'set', atecoSection: 'I', province: 'Torino' } });
    expect(event!.detailJson).not.toContain('Bar Sport');
  });

  it('a date before the previous step is refused at once, and the date can be given again (clearance decision before the request)', async () => {
    const u = await login('i6', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.say('Mariam');
    await u.press('Clearance granted');
    // Before the path started (3 Nov): refused with the path's start; after it but before the request (6 Nov): out of order.
    expect(textOf(await u.say('01/11/2026'))).toContain('⛔ The date is before the path started (Nov 3, 2026): type a date from that day on.');
    expect(textOf(await u.say('05/11/2026'))).toContain('⛔ The dates do not fit');
    await u.press('Yesterday');
    expect(u.lastText()).toContain('🟡 clearance requested → 🔵 not activated');
    await u.press('Cancel');
    expect((await internshipOf('B-0005')).status).toBe('clearance_requested');
  });

  it('ceasing for "other" needs a note, and a cessation before the start is refused at the date, before the reason', async () => {
    const u = await login('i5', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.say('Fatima');
    await u.press('Stopped early');
    const refused = textOf(await u.say('01/10/2026'));
    expect(refused).toContain('The dates do not fit');
    expect(u.lastText()).toContain('On which day did it stop?');
    expect((await internshipOf('B-0002')).status).toBe('activated');
    await u.press('Yesterday');
    await u.press('Other reason');
    await u.say('moved to another city');
    await u.press('Confirm');
    expect(await internshipOf('B-0002')).toMatchObject({ status: 'ceased', endDate: '2026-11-22', ceaseReason: 'other', ceaseNote: 'moved to another city' });
    const [event] = await audits('internship_transition');
    expect(event!.detailJson).not.toContain('another city');
  });
});

describe('outcome follow-ups', () => {
  it('are asked when due: works? which contract; "I don\'t know" stays pending', async () => {
    const u = await login('f1', h.demo!.tutor[0]!);
    await u.press('Internship status');
    await u.say('B-0006');
    await u.press('Concluded');
    await u.press('Yesterday');
    await u.press('Confirm');
    await u.press('Outcomes after internship');
    expect(u.lastText()).toContain('No outcome to ask today');
    h.clock.advance(92 * 86_400_000);
    await u.say('/menu');
    await u.press('Outcomes after internship');
    expect(u.lastText()).toContain('There is one outcome to report:');
    await u.press('B-0006 Ahmed Karimi · 3 months');
    expect(u.lastText()).toContain('Ahmed Karimi (B-0006): 3 months after the internship ended (Nov 22, 2026). Do they work now?');
    expect(textOf(await u.press("I don't know"))).toContain('OK: I will ask you again about Ahmed Karimi.');
    const [three] = (await internshipOf('B-0006')).followUps;
    expect(three).toMatchObject({ monthsAfter: 3, status: 'pending', employed: null });
    expect(await audits('followup_unknown')).toHaveLength(1);

    // The reminder's button opens the same question.
    await u.action(`fu:${three!.id}`);
    await u.press('Yes, they work');
    expect(u.buttons().map((b) => b.label).slice(0, 5)).toEqual(['Fixed-term', 'Permanent', 'Apprenticeship', 'Agency work', 'Other contract']);
    expect(textOf(await u.press('Apprenticeship'))).toContain('✅ Outcome for Ahmed Karimi saved.');
    const saved = (await internshipOf('B-0006')).followUps[0]!;
    expect(saved).toMatchObject({ status: 'answered', employed: true, contractType: 'apprenticeship', answeredById: (await person('T-0001')).id });
    const [answered] = await audits('followup_answered');
    expect(JSON.parse(answered!.detailJson)).toMatchObject({ old: { status: 'pending' }, new: { status: 'answered', employed: true, contractType: 'apprenticeship' } });
    expect(textOf(await u.action(`fu:${three!.id}`))).toContain('already reported');
  });
});

describe('authorization', () => {
  // B-0028 (tutor T-0005, entity E-NO-01) has a pending 6-month follow-up in the demo.
  const foreignFollowUp = async () => (await internshipOf('B-0028')).followUps.find((f) => f.status === 'pending')!;

  it('a tutor of another entity is refused and the attempt audited', async () => {
    const fu = await foreignFollowUp();
    const u = await login('a1', h.demo!.tutor[0]!);
    expect(textOf(await u.action(`fu:${fu.id}`))).toContain('You do not have access to this.');
    const [refusal] = await audits('access_refused');
    expect(refusal).toMatchObject({ actorId: (await person('T-0001')).id, subjectId: fu.id });
    expect(JSON.parse(refusal!.detailJson)).toMatchObject({ what: 'followup.answer', reason: 'other_entity' });
    expect((await internshipOf('B-0028')).followUps.find((f) => f.id === fu.id)!.status).toBe('pending');
  });

  it('the right tutor may answer it', async () => {
    const fu = await foreignFollowUp();
    const u = await login('a2', h.demo!.tutor[4]!);
    await u.action(`fu:${fu.id}`);
    expect(u.lastText()).toContain('Chinedu Eze (B-0028): 6 months after the internship ended');
  });

  it('a coordinator and a beneficiary are refused and audited', async () => {
    const fu = await foreignFollowUp();
    const c = await login('a3', h.demo!.coordinator[0]!);
    expect(textOf(await c.action(`fu:${fu.id}`))).toContain('You do not have access to this.');
    const b = await login('a4', h.demo!.beneficiary[27]!);
    expect(textOf(await b.action(`fu:${fu.id}`))).toContain('You do not have access to this.');
    const refusals = await audits('access_refused');
    expect(refusals.map((r) => r.actorId)).toEqual([(await person('C-0001')).id, (await person('B-0028')).id]);
  });

  it("a tutor's search never finds another entity's beneficiary", async () => {
    const u = await login('a5', h.demo!.tutor[0]!);
    await u.press('Internship status');
    expect(textOf(await u.say('Chinedu Eze'))).toContain('No beneficiary found for “Chinedu Eze”');
  });
});

describe('invite a beneficiary', () => {
  it('makes a single-use 14-day code with a ready-to-forward message in the beneficiary\'s language and a deep link', async () => {
    const h2 = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z', options: { telegramBotUsername: 'PonteTestBot' } });
    try {
      const u = h2.chat('inv1');
      await u.say(`/start ${h2.demo!.tutor[0]}`);
      await u.press('English');
      await u.press('I agree');
      await u.press('Invite a beneficiary');
      const replies = await u.say('Rahim');
      const code = /Code for Rahim Uddin: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(textOf(replies))![1]!;
      expect(textOf(replies)).toContain('Valid for 14 days (until Dec 7, 2026), one use only.');
      // Rahim's language is Bengali: not translated yet, so the forward falls back to English.
      expect(replies[1]!.text).toContain(`https://t.me/PonteTestBot?start=${code.replace('-', '')}`);
      const oldSeedCode = h2.demo!.beneficiary[2]!;
      const b = h2.chat('rahim-phone');
      await b.say(`/start ${code}`);
      await b.press('English');
      expect(textOf(await b.press('I agree'))).toContain('Welcome, Rahim Uddin');
      const other = h2.chat('someone-else');
      await other.say(`/start ${oldSeedCode}`);
      await other.press('English');
      expect(textOf(await other.press('I agree'))).toContain('expired');
      const [event] = await h2.ponte.prisma.auditEvent.findMany({ where: { action: 'invite_created' } });
      expect(JSON.parse(event!.detailJson)).toMatchObject({ role: 'beneficiary', beneficiary: 'B-0003' });
      expect(event!.detailJson).not.toContain(code.replace('-', ''));
    } finally {
      await h2.close();
    }
  });

  it('without a bot username says to send /start CODE, in Arabic for an Arabic speaker, and asks before re-inviting a linked person', async () => {
    const b = h.chat('ahmed-phone');
    await b.say(`/start ${h.demo!.beneficiary[0]!}`);
    await b.press('العربية');
    await b.press('أوافق');
    const u = await login('inv2', h.demo!.tutor[0]!);
    await u.press('Invite a beneficiary');
    await u.say('B-0001');
    expect(u.lastText()).toContain('Ahmed Hassan already uses Ponte. Shall I make a new code');
    const replies = await u.press('Yes, new code');
    const code = /: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(replies[0]!.text)![1]!;
    expect(replies[1]!.dir).toBe('rtl');
    expect(replies[1]!.text).toContain('مرحبًا');
    expect(replies[1]!.text).toContain(`/start \u2068${code}\u2069`);
  });
});
