/**
 * node-cron as the alarm clock: every DISPATCH_CRON tick (default each minute) wakes the dispatcher and
 * checks the periodic jobs; each job's own cron also triggers that check, so a job runs on time even if
 * the dispatch tick is configured sparser. At start every job is checked at once: that is how a tick
 * missed while the bot was down is caught up (see JobRunner).
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../../core/ports/logger';
import type { JobRunner, PeriodicJob } from './job-runner';

export class SchedulerService {
  readonly name = 'scheduler';
  private tasks: ScheduledTask[] = [];
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly runner: JobRunner,
    private readonly jobs: PeriodicJob[],
    private readonly wakeDispatcher: () => Promise<void>,
    private readonly opts: { dispatchCron: string; timezone: string; logger: Logger },
  ) {}

  /** Checks every job and wakes the dispatcher; a tick while one is running is skipped (noOverlap). */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      for (const job of this.jobs) await this.runner.runIfDue(job).catch((err: unknown) => this.opts.logger.error('job_check_failed', { job: job.name, error: err instanceof Error ? err.name : 'unknown' }));
      await this.wakeDispatcher();
    })().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  async start(): Promise<void> {
    const { timezone } = this.opts;
    const expressions = [this.opts.dispatchCron, ...new Set(this.jobs.map((j) => j.cron))];
    for (const expr of expressions) {
      if (!cron.validate(expr)) throw new Error(`invalid cron expression: ${expr}`);
      this.tasks.push(cron.schedule(expr, () => this.tick(), { timezone, noOverlap: true, name: `ponte:${expr}` }));
    }
    await this.tick();
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
    await this.ticking;
    this.runner.close();
  }
}
