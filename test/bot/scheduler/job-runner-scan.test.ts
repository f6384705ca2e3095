/**
 * The job runner's look-back scan remembers what it scanned (bot/scheduler/job-runner.ts): whatever
 * the sequence of ticks (each minute, hours apart, the clock set back), it must name the same fire
 * minute as a full scan of the look-back would.
 */
import { describe, expect, it } from 'vitest';
import type { PrismaClient } from '@prisma/client';
import { JobRunner, type PeriodicJob } from '../../../bot/scheduler/job-runner';
import { systemClock } from '../../../bot/app';
import { createLogger } from '../../../bot/logger';

const MINUTE = 60_000;
// lastFireAt reads no table: the client is never touched.
const runner = () => new JobRunner(undefined as unknown as PrismaClient, systemClock, createLogger('silent'), 'Europe/Rome');

function fullScan(r: JobRunner, job: PeriodicJob, now: Date): Date | null {
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
  for (let t = start; t >= now.getTime() - job.lookBackMs; t -= MINUTE) if (r.matches(job.cron, new Date(t))) return new Date(t);
  return null;
}

const job = (cron: string, lookBackMs: number): PeriodicJob => ({ name: cron, cron, lookBackMs, run: async () => undefined });

describe('the look-back scan of periodic jobs', () => {
  it('names the fire minute a full scan names, tick after tick, across gaps and a clock set back', () => {
    const jobs = [job('0 8 * * *', 3 * 3_600_000), job('30 7 * * 1', 2 * 3_600_000), job('*/15 * * * *', 10 * MINUTE)];
    const memoised = runner();
    const reference = runner();
    let t = Date.parse('2026-11-30T05:00:00Z'); // Monday 06:00 in Rome, before the 07:30 and 08:00 fires
    const steps = [...Array(200).fill(MINUTE), 7 * 3_600_000 + 13_000, ...Array(60).fill(MINUTE), -3 * 3_600_000, ...Array(60).fill(MINUTE), 30 * 3_600_000, MINUTE];
    let fired = 0;
    for (const step of steps) {
      t += step;
      for (const j of jobs) {
        const want = fullScan(reference, j, new Date(t));
        expect(memoised.lastFireAt(j, new Date(t))?.toISOString() ?? null).toBe(want?.toISOString() ?? null);
        if (want) fired++;
      }
    }
    // The sequence does cross fire minutes and empty look-backs alike.
    expect(fired).toBeGreaterThan(300);
    expect(fired).toBeLessThan(steps.length * jobs.length);
  });
});
