/**
 * One-line reports as tutors type them, through the real engine and the demo caseload of T-0001
 * (B-0001 Ahmed Hassan, B-0002 Fatima Diallo, B-0003 Rahim Uddin, B-0004 Abdullahi Warsame,
 * B-0005 Mariam Tesfay, B-0006 Ahmed Karimi): names spelled another way are confirmed before use,
 * what is missing is asked for, and lists of people are paged whatever their size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, textOf, type ChatUser, type Harness } from '../support/ponte-harness';

let h: Harness;
let me: ChatUser;
beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
  // An invite is single use: one tutor chat for the whole file, back at the menu before each case.
  me = h.chat('one-line');
  await me.say(`/start ${h.demo!.tutor[0]}`);
  await me.press('English');
  await me.press('I agree');
});
afterAll(async () => h.close());

async function tutor(): Promise<ChatUser> {
  await me.say('/menu');
  return me;
}

/** Lines typed at the main menu, and the first thing the tutor reads back (the summary or the one question that is missing). */
const FLOW_TABLE: Array<[line: string, expected: string]> = [
  ['tutoraggo 2 ore Karimi ieri', '👤 Ahmed Karimi (B-0006)\n📌 Tutoring\n🕒 2 hours\n📅 Nov 22, 2026'],
  ['segna 1 ora tut. B-0006 21/11', '👤 Ahmed Karimi (B-0006)\n📌 Tutoring\n🕒 1 hour\n📅 Nov 21, 2026'],
  ['due ore orient. lav. Karimi ieri', '📌 Job orientation\n🕒 2 hours\n📅 Nov 22, 2026'],
  ['registra un\'ora e mezza di orientamento al lavoro per Fatima ieri', '👤 Fatima Diallo (B-0002)\n📌 Job orientation\n🕒 1.5 hours'],
  ['please log two hours tutoring for Karimi yesterday', '👤 Ahmed Karimi (B-0006)\n📌 Tutoring\n🕒 2 hours'],
  ['I did 1 hour job search with Mariam today', '👤 Mariam Tesfay (B-0005)\n📌 Job orientation\n🕒 1 hour'],
  ['2 ore orientamento specialistco Mariam ieri', '👤 Mariam Tesfay (B-0005)\n📌 Specialist orientation\n🕒 2 hours'],
  ['٢ ore tutoraggio B-0006 ١٩/١١', '📌 Tutoring\n🕒 2 hours\n📅 Nov 19, 2026'],
  ['segna 2 ore 🕒 tutoraggio\u200B Karimi 21/11 ✅', '👤 Ahmed Karimi (B-0006)\n📌 Tutoring\n🕒 2 hours\n📅 Nov 21, 2026'],
  ['3 ore tutoraggio Hasan ieri', 'Do you mean Ahmed Hassan (B-0001)?'],
  ['1 hour job orientation Fatma yesterday', 'Do you mean Fatima Diallo (B-0002)?'],
  ['2 hours tutoring Ahmad yesterday', '2 people found for “Ahmad”. Who is it?'],
  ['3 ore tutoraggio Ahmed ieri', '2 people found for “Ahmed”. Who is it?'],
  ['segna 2 ore B-0006 ieri', 'Which service for Ahmed Karimi?'],
  ['2 hours for Karimi yesterday', 'Which service for Ahmed Karimi?'],
  ['segna tutoraggio Karimi ieri', 'How many hours of Tutoring?'],
  ['segna Karimi', 'Which service for Ahmed Karimi?'],
  ['2 ore orientamento Karimi ieri', 'Which service for Ahmed Karimi?'],
  ['2 ore tutoraggio Karimi domani', '“domani” is in the future'],
  ['2 hours tutoring Karimi next friday', '“next friday” is in the future'],
  ['segna 2 ore tutoraggio', 'Who did you work with?'],
  ['2 ore tutoraggio Giovanni ieri', 'No beneficiary found for “Giovanni”'],
];

describe('one line at the menu: the summary, or the one question missing', () => {
  it.each(FLOW_TABLE)('%j', async (line, expected) => {
    const u = await tutor();
    expect(textOf(await u.say(line))).toContain(expected);
  });

  it('a line that is not a report still gets the hint, not a report screen', async () => {
    const u = await tutor();
    expect(textOf(await u.say('ciao come stai'))).toContain('I did not understand');
  });
});

describe('names spelled another way', () => {
  it('"Hasan" finds Ahmed Hassan in the caseload and asks before taking him', async () => {
    const u = await tutor();
    await u.say('3 ore tutoraggio Hasan ieri');
    expect(u.buttons().map((b) => b.label)).toEqual(expect.arrayContaining(['✅ Yes, B-0001 · Ahmed Hassan', '🔎 No, search again']));
    await u.press('Yes, B-0001');
    expect(u.lastText()).toContain('👤 Ahmed Hassan (B-0001)\n📌 Tutoring\n🕒 3 hours\n📅 Nov 22, 2026');
  });

  it('"no" goes back to the list, with nothing taken', async () => {
    const u = await tutor();
    await u.say('1 hour job orientation Fatma yesterday');
    await u.press('No, search again');
    expect(u.lastText()).toContain('Who did you work with?');
    expect(u.buttons().map((b) => b.label)).toContain('B-0002 · Fatima Diallo');
  });

  it('only the own entity is searched: a name of another entity is not found, even spelled exactly', async () => {
    const u = await tutor();
    // Joy Okafor (B-0010) belongs to E-TO-02.
    expect(textOf(await u.say('2 hours tutoring Joy Okafor yesterday'))).toContain('No beneficiary found for “Joy Okafor”');
    expect(textOf(await u.say('Joi'))).toContain('No beneficiary found for “Joi”');
  });
});

describe('lists of people are paged', () => {
  beforeAll(async () => {
    const { prisma } = h.ponte;
    const entity = await prisma.entity.findUniqueOrThrow({ where: { code: 'E-TO-01' } });
    // 5,000 more people in the tutor's entity, all called "Test …": a search for "Test" matches them all.
    const people = Array.from({ length: 5000 }, (_, i) => ({ id: `bulk${String(i).padStart(5, '0')}`, code: `B-9${String(i).padStart(4, '0')}`, fullName: `Test Person ${String(i).padStart(4, '0')}` }));
    await prisma.person.createMany({ data: people });
    await prisma.personRole.createMany({ data: people.map((p) => ({ personId: p.id, role: 'beneficiary' })) });
    await prisma.beneficiaryProfile.createMany({ data: people.map((p) => ({ personId: p.id, category: 'humanitarian', province: 'Torino', entityId: entity.id })) });
  }, 60_000);

  it('the caseload: the tutor\'s own people first, ten a screen, next and previous, the page said', async () => {
    const u = await tutor();
    await u.press('Report hours');
    const first = u.buttons().filter((b) => b.label.startsWith('B-'));
    expect(first).toHaveLength(10);
    expect(first.map((b) => b.label.slice(0, 6))).toEqual(expect.arrayContaining(['B-0001', 'B-0002', 'B-0003', 'B-0004', 'B-0005', 'B-0006']));
    expect(u.lastText()).toContain('Page 1 of 501');
    await u.press('More');
    expect(u.lastText()).toContain('Page 2 of 501');
    expect(u.buttons().filter((b) => b.label.startsWith('B-9'))).toHaveLength(10);
    await u.press('Previous');
    expect(u.lastText()).toContain('Page 1 of 501');
  });

  it('a search that matches 5,000 people shows ten at a time and asks to type more', async () => {
    const u = await tutor();
    await u.press('My beneficiaries');
    await u.say('Test');
    expect(u.lastText()).toContain('Too many people found for “Test” (5000 or more): here are the first.');
    expect(u.buttons().filter((b) => b.label.startsWith('B-9'))).toHaveLength(10);
    expect(u.lastText()).toContain('Page 1 of 20');
    await u.say('Test Person 4321');
    expect(u.lastText()).toContain('Test Person 4321 (B-94321)');
  });
});
