/**
 * Runs periodic jobs at most once per period, whatever the timers do. A job is due when its cron
 * expression fired within a bounded look-back (so a tick missed while the bot was down is caught up at
 * the next start, but a week-old one is not); the fire instant is the period key of a JobRun row, whose
 * primary key makes a second run of the same period impossible, in this process or another. A run still
 * in progress is skipped; one stuck for `staleMs` (its process died) is taken over.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { Prisma, type PrismaClient } from '@prisma/client';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';

export interface PeriodicJob {
  name: string;
  cron: string;
  /** How far back a missed fire still counts. */
  lookBackMs: number;
  run(fireAt: Date, now: Date): Promise<void>;
}

export type JobOutcome = 'ran' | 'not_due' | 'already_done' | 'busy' | 'failed';

const MINUTE_MS = 60_000;

export class JobRunner {
  private readonly running = new Set<string>();
  private readonly matchers = new Map<string, ScheduledTask>();
  /** Per cron and look-back: the minute scanned up to, and the latest match at or before it (within the look-back then). */
  private readonly scans = new Map<string, { scannedTo: number; last: number | null }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly timezone: string,
    private readonly staleMs = 30 * MINUTE_MS,
  ) {}

  /** Whether `expr` fires at the minute of `at`, on the wall clock of the configured zone. */
  matches(expr: string, at: Date): boolean {
    let matcher = this.matchers.get(expr);
    if (!matcher) {
      // Never started: used only for its `match`, which applies the expression in the configured zone.
      matcher = cron.createTask(expr, () => undefined, { timezone: this.timezone });
      this.matchers.set(expr, matcher);
    }
    return matcher.match(new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS));
  }

  /**
   * The latest minute at or before `now` (within the look-back) that the job's cron matches. Each
   * minute's match costs ~15 µs (node-cron formats it in the zone), and the jobs look back 70 hours in
   * all: scanning every minute of that on every tick stalled the event loop for ~50 ms once a minute. So
   * the scan remembers how far it got and what it found, and a tick scans only the minutes since.
   */
  lastFireAt(job: PeriodicJob, now: Date): Date | null {
    const start = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    const bound = now.getTime() - job.lookBackMs;
    const key = `${job.cron}\n${job.lookBackMs}`;
    const memo = this.scans.get(key);
    // Reusable when the clock moved forward and the earlier scan still overlaps this look-back.
    const stop = memo && memo.scannedTo <= start && memo.scannedTo >= bound ? memo.scannedTo : bound - 1;
    let found: number | null = null;
    for (let t = start; t > stop; t -= MINUTE_MS) {
      if (this.matches(job.cron, new Date(t))) {
        found = t;
        break;
      }
    }
    if (found === null && stop !== bound - 1 && memo!.last !== null && memo!.last >= bound) found = memo!.last;
    this.scans.set(key, { scannedTo: start, last: found });
    return found === null ? null : new Date(found);
  }

  async runIfDue(job: PeriodicJob): Promise<JobOutcome> {
    if (this.running.has(job.name)) return 'busy';
    const now = this.clock.now();
    const fireAt = this.lastFireAt(job, now);
    if (!fireAt) return 'not_due';
    const periodKey = fireAt.toISOString();
    this.running.add(job.name);
    try {
      const claim = await this.claim(job.name, periodKey, now);
      if (claim !== 'ran') return claim;
      try {
        await job.run(fireAt, now);
      } catch (err) {
        // Let the next tick try again: the jobs only write outbox rows with deterministic keys.
        await this.prisma.jobRun.delete({ where: { name_periodKey: { name: job.name, periodKey } } }).catch(() => undefined);
        this.logger.error('job_failed', { job: job.name, period: periodKey, error: err instanceof Error ? err.name : 'unknown' });
        return 'failed';
      }
      await this.prisma.jobRun.update({ where: { name_periodKey: { name: job.name, periodKey } }, data: { finishedAt: this.clock.now() } });
      this.logger.info('job_done', { job: job.name, period: periodKey });
      return 'ran';
    } finally {
      this.running.delete(job.name);
    }
  }

  private async claim(name: string, periodKey: string, now: Date): Promise<JobOutcome> {
    try {
      await this.prisma.jobRun.create({ data: { name, periodKey, startedAt: now } });
      return 'ran';
    } catch (err) {
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    }
    const existing = await this.prisma.jobRun.findUnique({ where: { name_periodKey: { name, periodKey } } });
    if (!existing || existing.finishedAt) return 'already_done';
    if (now.getTime() - existing.startedAt.getTime() < this.staleMs) return 'busy';
    // Compare-and-set on startedAt, so two instances cannot both take over the same stuck run.
    const took = await this.prisma.jobRun.updateMany({ where: { name, periodKey, startedAt: existing.startedAt, finishedAt: null }, data: { startedAt: now } });
    return took.count === 1 ? 'ran' : 'busy';
  }

  /** Frees the matchers (node-cron keeps a registry of every task it created). */
  close(): void {
    for (const m of this.matchers.values()) void m.destroy();
    this.matchers.clear();
  }
}
