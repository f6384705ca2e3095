/**
 * Periodic jobs with a manual clock: the weekly digest at Monday 08:30 Rome time runs once per period,
 * a tick missed while the bot was down is caught up, a run in progress is skipped, tutors get their
 * weekly hours reminder and the follow-up reminder with the tutor flow's `fu:` button.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { RecordingSender } from '../../support/recording-sender';
import { createOutboxRuntime, createScheduler, type OutboxRuntime } from '../../../bot/outbox/outbox.runtime';
import type { SchedulerService } from '../../../bot/scheduler/scheduler.service';

const CRONS = { DISPATCH_CRON: '* * * * *', DIGEST_WEEKLY_CRON: '30 8 * * 1', DIGEST_DAILY_CRON: '30 8 * * *', TUTOR_WEEKLY_CRON: '0 9 * * 5', DEFAULT_TIMEZONE: 'Europe/Rome' };
let h: Harness;
let sender: RecordingSender;
let rt: OutboxRuntime;
let scheduler: SchedulerService;

const idOf = async (code: string) => (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
const link = async (code: string) => h.ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: code, chatId: code, personId: await idOf(code), consentAt: h.clock.now() } });
const rows = (kind: string) => h.ponte.prisma.outboxMessage.findMany({ where: { kind } });

beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T07:00:00Z' });
  for (const code of ['C-0001', 'T-0001', 'T-0002']) await link(code);
});
afterAll(() => h.close());

beforeEach(async () => {
  await h.ponte.prisma.outboxMessage.deleteMany();
  await h.ponte.prisma.jobRun.deleteMany();
  await h.ponte.prisma.deliveryRecord.deleteMany();
  sender = new RecordingSender('console');
  rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, sleep: async () => undefined, random: () => 0.5 });
  // The service is not started (no real timers): tick() wakes it, so mark it running by hand.
  (rt.service as unknown as { stopped: boolean }).stopped = false;
  scheduler = createScheduler(h.ponte, rt, CRONS);
});

describe('coordinator digests', () => {
  it('Monday 08:30 Rome: one weekly digest per coordinator, no daily one the same minute, once per period', async () => {
    h.clock.set('2026-11-23T07:29:00Z'); // 08:29 CET
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(0);
    h.clock.set('2026-11-23T07:30:00Z');
    await scheduler.tick();
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(1);
    expect(await rows('digest_daily')).toHaveLength(0);
    expect(await h.ponte.prisma.jobRun.findMany({ where: { name: 'digest_weekly' } })).toHaveLength(1);
    const text = sender.textsTo('C-0001').join('\n');
    expect(text).toContain('Riepilogo settimanale – Piemonte');
    expect(text).toMatch(/Tutor che non segnano ore da 7 giorni: \d+/);
    expect(text).toContain('👉');
    // A restart (new runner, same database) does not run the period again.
    const again = createScheduler(h.ponte, rt, CRONS);
    await again.tick();
    expect(await rows('digest_weekly')).toHaveLength(1);
  });

  it('catches up a tick missed while the bot was down, within the look-back', async () => {
    h.clock.set('2026-11-23T10:15:00Z'); // 11:15: the 08:30 tick was missed
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(1);
    h.clock.set('2026-11-24T07:30:00Z'); // Tuesday 08:30: the daily digest
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(1);
    expect(await rows('digest_daily')).toHaveLength(1);
  });

  it('does not catch up a tick older than the look-back', async () => {
    h.clock.set('2026-11-25T07:00:00Z'); // Wednesday: Monday's digest is too old to send now
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(0);
  });

  it('skips a run still in progress (another instance started it a minute ago)', async () => {
    h.clock.set('2026-11-23T07:31:00Z');
    await h.ponte.prisma.jobRun.create({ data: { name: 'digest_weekly', periodKey: '2026-11-23T07:30:00.000Z', startedAt: new Date('2026-11-23T07:30:00Z') } });
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(0);
    // ...but takes over one that has been stuck for longer than the stale limit.
    h.clock.set('2026-11-23T08:15:00Z');
    await scheduler.tick();
    expect(await rows('digest_weekly')).toHaveLength(1);
  });
});

describe('tutor reminders', () => {
  it('Friday 09:00: each tutor with beneficiaries without hours this week gets the list', async () => {
    h.clock.set('2026-11-27T08:00:00Z'); // Friday 09:00 CET
    await scheduler.tick();
    const planned = await rows('tutor_weekly_hours');
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((r) => r.key.endsWith(':2026-11-23'))).toBe(true);
    const text = sender.textsTo('T-0001').join('\n');
    expect(text).toMatch(/Ore non ancora segnate questa settimana \(dal 23 nov 2026\) per \d+ beneficiar/);
    expect(text).toContain('(B-0001)');
  });

  it('a follow-up due gets a reminder with the button that opens its question', async () => {
    h.clock.set('2026-11-24T07:30:00Z'); // Tuesday 08:30: the daily job
    await scheduler.tick();
    const reminders = await rows('follow_up_due');
    expect(reminders.length).toBeGreaterThan(0);
    const toT2 = sender.sent.filter((s) => s.chatId === 'T-0002').flatMap((s) => s.messages);
    const fu = toT2.find((m) => m.text.includes('Follow-up a'));
    expect(fu?.choices?.[0]?.[0]?.data).toMatch(/^fu:[a-z0-9]+$/);
    expect(Buffer.byteLength(fu!.choices![0]![0]!.data)).toBeLessThanOrEqual(64);
  });
});
