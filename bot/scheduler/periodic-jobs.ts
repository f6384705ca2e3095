/**
 * The periodic jobs of issue 6. Each one only writes outbox rows with deterministic keys, in one
 * transaction: the dispatcher renders and sends them. Cron expressions come from the configuration.
 * Plus one housekeeping job: strangers who never linked are deleted (prune-strangers.job).
 */
import type { PrismaClient } from '@prisma/client';
import type { Clock } from '../../core/ports/clock';
import { planDigests } from '../../core/digests/digest.planner';
import { planFollowUpReminders, planTutorWeeklyHours } from '../../core/digests/tutor-reminders';
import type { TutorReminderSource } from '../../core/digests/digest.ports';
import type { OutboxItem } from '../../core/ports/outbox';
import { scheduleIn } from '../storage/outbox.repository';
import { allCoordinators } from '../reports/scope.repository';
import type { PeriodicJob } from './job-runner';
import { pruneStrangersJob } from './prune-strangers.job';

const HOUR_MS = 3_600_000;

export interface JobCrons {
  DIGEST_WEEKLY_CRON: string;
  DIGEST_DAILY_CRON: string;
  TUTOR_WEEKLY_CRON: string;
  /** Housekeeping of strangers who never linked (defaults: 03:30 daily, after 30 days). */
  PRUNE_STRANGERS_CRON?: string;
  STRANGER_RETENTION_DAYS?: number;
}

export interface JobDeps {
  prisma: PrismaClient;
  clock: Clock;
  tutorReminders: TutorReminderSource;
  timezone: string;
  /** Rings the dispatcher once rows are committed. */
  notify: () => void;
  /** Whether a cron expression fires at this minute (JobRunner.matches). */
  cronMatches: (expr: string, at: Date) => boolean;
  /** Empties the WAL after deletions (bot/storage/wal-checkpoint). */
  checkpoint?: () => Promise<unknown>;
}

async function write(deps: JobDeps, items: OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  await deps.prisma.$transaction((tx) => scheduleIn(tx, items), { timeout: 60_000 });
  deps.notify();
}

async function coordinatorIds(prisma: PrismaClient): Promise<string[]> {
  return (await allCoordinators(prisma)).map((c) => c.id);
}

export function periodicJobs(crons: JobCrons, deps: JobDeps): PeriodicJob[] {
  return [
    {
      name: 'digest_weekly',
      cron: crons.DIGEST_WEEKLY_CRON,
      // A Monday digest missed by a restart still goes out the same day, not a week late.
      lookBackMs: 20 * HOUR_MS,
      run: async (fireAt, now) => write(deps, planDigests(await coordinatorIds(deps.prisma), 'weekly', fireAt.toISOString(), now)),
    },
    {
      name: 'digest_daily',
      cron: crons.DIGEST_DAILY_CRON,
      lookBackMs: 6 * HOUR_MS,
      async run(fireAt, now) {
        const items = await planFollowUpReminders(deps.tutorReminders, now, deps.timezone);
        // On the day the weekly digest goes out it already holds the urgent items.
        if (!deps.cronMatches(crons.DIGEST_WEEKLY_CRON, fireAt)) items.push(...planDigests(await coordinatorIds(deps.prisma), 'daily', fireAt.toISOString(), now));
        await write(deps, items);
      },
    },
    {
      name: 'tutor_weekly',
      cron: crons.TUTOR_WEEKLY_CRON,
      lookBackMs: 20 * HOUR_MS,
      run: async (_fireAt, now) => write(deps, await planTutorWeeklyHours(deps.tutorReminders, now, deps.timezone)),
    },
    pruneStrangersJob({ prisma: deps.prisma, cron: crons.PRUNE_STRANGERS_CRON ?? '30 3 * * *', retentionDays: crons.STRANGER_RETENTION_DAYS ?? 30, checkpoint: deps.checkpoint }),
  ];
}
