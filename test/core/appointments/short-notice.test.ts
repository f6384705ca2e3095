/**
 * Reminders that say when ("today at 11:30", "tomorrow at 09:00", in the reader's language and zone),
 * and appointments booked at short notice: announced at once, or first thing after the quiet hours
 * with "today", without a second message at the same moment. Through the tutor's real scheduling flow,
 * the real outbox rows and the real renderers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { allText, link, outboxRows, renderRow } from './journey-helpers';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' }); // Monday 10:00 in Rome
});
afterEach(async () => h.close());

/** Giulia books a meeting for Ahmed at `when` (her wall clock, dd/mm hh:mm); returns the appointment's outbox rows. */
async function book(when: string) {
  const giulia = await link(h, 'giulia', { tutor: 'T-0001' }, 'en');
  await giulia.press('📅 Appointments');
  await giulia.press('➕ New appointment');
  await giulia.press('Ahmed Hassan (B-0001)');
  await giulia.press('Meeting with your tutor');
  await giulia.say(when);
  await giulia.say('Cooperativa Il Ponte, Via Nizza 12, Torino');
  await giulia.press('Nothing');
  await giulia.press('✅ Confirm');
  const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'tutoring' }, orderBy: { createdAt: 'desc' } });
  return { a, rows: await outboxRows(h, { keyPrefix: `appointment:${a.id}:` }) };
}

describe('short notice', () => {
  it('booked 90 minutes ahead: announced at once as the reminder, "today at 11:30"', async () => {
    await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'it');
    const { rows } = await book('23/11 11:30');
    expect(rows.map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([['appointment_notice', '2026-11-23T09:00:00.000Z']]);
    const text = allText(await renderRow(h, rows[0]!.key));
    expect(text).toContain('⏰ Appuntamento tra poco:');
    expect(text).toContain('🕒 oggi alle 11:30');
  });

  it('booked at night for the next morning: one message at 08:00 that says "today"', async () => {
    h.clock.set('2026-11-23T21:30:00Z'); // 22:30 in Rome, quiet hours
    await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const { rows } = await book('24/11 09:30');
    // The 2-hour reminder (07:30, moved to 08:00) would arrive with the notice: the notice says it all.
    expect(rows.map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([['appointment_notice', '2026-11-24T07:00:00.000Z']]);
    h.clock.set('2026-11-24T07:00:00Z');
    const text = allText(await renderRow(h, rows[0]!.key));
    expect(text).toContain('⏰ Appointment soon:');
    expect(text).toContain('🕒 today at 09:30');
  });

  it('booked days ahead: the 24-hour reminder says "tomorrow", the 2-hour one "today", in Urdu too', async () => {
    await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const { rows } = await book('26/11 09:00');
    expect(rows.map((r) => r.kind).sort()).toEqual(['appointment_notice', 'appointment_reminder', 'appointment_reminder']);
    const notice = rows.find((r) => r.kind === 'appointment_notice')!;
    expect(allText(await renderRow(h, notice.key))).toContain('📅 You have a new appointment:');
    expect(allText(await renderRow(h, notice.key))).toContain('🕒 Thursday, November 26 at 09:00');
    const [day, hours] = rows.filter((r) => r.kind === 'appointment_reminder');
    h.clock.set(day!.dueAt);
    expect(allText(await renderRow(h, day!.key))).toContain('🕒 tomorrow at 09:00');
    await h.ponte.stores.people.setLanguage((await h.ponte.prisma.person.findUniqueOrThrow({ where: { code: 'B-0001' } })).id, 'ur');
    h.clock.set(hours!.dueAt);
    expect(allText(await renderRow(h, hours!.key))).toContain('🕒 آج 09:00 بجے');
  });

  it('says the time and the day on the reader’s own clock (Karachi, four hours ahead of Rome)', async () => {
    await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await h.ponte.prisma.person.update({ where: { code: 'B-0001' }, data: { timezone: 'Asia/Karachi' } });
    const { rows } = await book('24/11 11:30'); // 11:30 in Rome = 15:30 in Karachi
    const day = rows.find((r) => r.kind === 'appointment_reminder' && r.key.endsWith('-1440m'))!;
    h.clock.set(day.dueAt);
    expect(allText(await renderRow(h, day.key))).toContain('🕒 tomorrow at 15:30');
  });
});
