/**
 * Scheduled jobs run once per period when several instances tick together over one database (two app
 * instances, each with its own connection or pool and its own JobRunner), on either provider.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPonte, type Ponte } from '../../../bot/app';
import { createLogger } from '../../../bot/logger';
import { JobRunner, type PeriodicJob } from '../../../bot/scheduler/job-runner';
import { createHarness, type Harness } from '../../support/ponte-harness';

let h: Harness;
let second: Ponte;
beforeAll(async () => {
  h = await createHarness({ start: '2026-11-23T07:30:00Z' }); // Monday 08:30 in Rome
  second = await createPonte({ databaseUrl: h.databaseUrl, clock: h.clock, logger: createLogger('silent') });
});
afterAll(async () => {
  await second.close();
  await h.close();
});

const runners = () => [h.ponte, second].map((p) => new JobRunner(p.prisma, h.clock, createLogger('silent'), 'Europe/Rome'));

it('two instances, four ticks each at the same minute: the weekly job runs once, and never again for that period', async () => {
  const ran: string[] = [];
  const job: PeriodicJob = {
    name: 'digest_weekly_test',
    cron: '30 8 * * 1',
    lookBackMs: 3_600_000,
    async run(fireAt) {
      ran.push(fireAt.toISOString());
      await new Promise((r) => setTimeout(r, 50)); // still running while the other instance ticks
    },
  };
  const [a, b] = runners();
  const outcomes = await Promise.all([a, b, a, b, a, b, a, b].map((r) => r!.runIfDue(job)));
  expect(ran).toEqual(['2026-11-23T07:30:00.000Z']);
  expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
  expect(outcomes.every((o) => ['ran', 'busy', 'already_done'].includes(o))).toBe(true);
  expect(await Promise.all([a!.runIfDue(job), b!.runIfDue(job)])).toEqual(['already_done', 'already_done']);
  expect(await h.ponte.prisma.jobRun.count({ where: { name: 'digest_weekly_test' } })).toBe(1);
  a!.close();
  b!.close();
});

it('a run whose instance died is taken over by one instance only, after the stale delay', async () => {
  await h.ponte.prisma.jobRun.create({ data: { name: 'stuck_test', periodKey: '2026-11-23T07:30:00.000Z', startedAt: new Date('2026-11-23T06:00:00Z') } });
  let runs = 0;
  const job: PeriodicJob = { name: 'stuck_test', cron: '30 8 * * 1', lookBackMs: 3_600_000, run: async () => void runs++ };
  const [a, b] = runners();
  const outcomes = await Promise.all([a!.runIfDue(job), b!.runIfDue(job)]);
  expect(runs).toBe(1);
  expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
  expect((await h.ponte.prisma.jobRun.findFirstOrThrow({ where: { name: 'stuck_test' } })).finishedAt).not.toBeNull();
  a!.close();
  b!.close();
});
