/**
 * Builds the outbox machinery for a running Ponte: the Prisma queue, the dispatcher (with the renderers
 * of every loaded feature module), its background service, and the scheduler with the periodic jobs.
 * main.ts adds both services to its list; tests drive `dispatcher.drain()` and `scheduler.tick()`.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { PrismaClient } from '@prisma/client';
import type { Channel } from '../../core/messages';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { Translator } from '../../core/ports/translator';
import type { ChannelSender } from '../../core/ports/sender';
import type { FeatureModule } from '../../core/conversation/flow';
import { createOutboxDispatcher, type DispatcherOptions, type OutboxDispatcher } from '../../core/outbox/outbox.dispatcher';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimiter } from '../../core/outbox/rate-limiter';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../../core/time/quiet-hours';
import { PrismaOutboxQueue } from './prisma-outbox.queue';
import { PrismaRecipientDirectory } from './recipient.directory';
import { PrismaUnreachableReporter } from './unreachable.reporter';
import { ConsoleSender } from './console.sender';
import { OutboxDispatcherService } from './dispatcher.service';
import type { OutboxSignal } from './outbox-signal';
import { JobRunner } from '../scheduler/job-runner';
import { periodicJobs, type JobCrons } from '../scheduler/periodic-jobs';
import { SchedulerService } from '../scheduler/scheduler.service';
import { PrismaTutorReminderSource } from '../reports/tutor-reminders.repository';

/** Names this process in leases: unique per process, readable in the table. */
export function processOwner(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
}

/** The parts of a Ponte (bot/app.ts) the outbox needs. */
export interface OutboxHost {
  prisma: PrismaClient;
  /** The process's queue (shared with reply delivery); one is made when absent. */
  outboxQueue?: PrismaOutboxQueue;
  owner?: string;
  outboxLeaseMs?: number;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  modules: FeatureModule[];
  outboxSignal: OutboxSignal;
  /** Shared with the channels' replies (createPonte makes one). */
  limiter?: RateLimiter;
  /** Empties the WAL after the housekeeping job deletes strangers. */
  walCheckpointer?: { request(): Promise<boolean> };
}

export interface OutboxRuntimeOptions extends Partial<Omit<DispatcherOptions, 'quietHours'>> {
  quietHours?: QuietHours;
  /** Senders per channel; the console one is added when missing. Add more later through `runtime.senders`. */
  senders?: Partial<Record<Channel, ChannelSender>>;
  limiter?: RateLimiter;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface OutboxRuntime {
  dispatcher: OutboxDispatcher;
  service: OutboxDispatcherService;
  queue: PrismaOutboxQueue;
  /** Mutable: the channels register their senders here once they are up. */
  senders: Partial<Record<Channel, ChannelSender>>;
  limiter: RateLimiter;
}

export function createOutboxRuntime(host: OutboxHost, opts: OutboxRuntimeOptions = {}): OutboxRuntime {
  const queue = host.outboxQueue ?? new PrismaOutboxQueue(host.prisma);
  const senders: Partial<Record<Channel, ChannelSender>> = { console: new ConsoleSender(), ...opts.senders };
  const limiter = opts.limiter ?? host.limiter ?? createRateLimiter(DEFAULT_RATE_LIMITS);
  const dispatcher = createOutboxDispatcher({
    queue,
    directory: new PrismaRecipientDirectory(host.prisma),
    senders,
    renderers: host.modules.flatMap((m) => m.renderers ?? []),
    translator: host.translator,
    clock: host.clock,
    limiter,
    unreachable: new PrismaUnreachableReporter(host.prisma),
    logger: host.logger,
    random: opts.random ?? Math.random,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    options: {
      leaseMs: host.outboxLeaseMs,
      ...opts,
      owner: opts.owner ?? host.owner ?? processOwner(),
      quietHours: opts.quietHours ?? DEFAULT_QUIET_HOURS,
    },
  });
  const service = new OutboxDispatcherService(dispatcher, queue, host.outboxSignal, host.clock, host.logger);
  return { dispatcher, queue, senders, limiter, service };
}

export interface SchedulerConfig extends JobCrons {
  DISPATCH_CRON: string;
  DEFAULT_TIMEZONE: string;
}

/** The scheduler service: periodic jobs (digests, tutor reminders) and the dispatcher's minute tick. */
export function createScheduler(host: OutboxHost, runtime: OutboxRuntime, config: SchedulerConfig): SchedulerService {
  const runner = new JobRunner(host.prisma, host.clock, host.logger, config.DEFAULT_TIMEZONE);
  const jobs = periodicJobs(config, {
    prisma: host.prisma,
    clock: host.clock,
    tutorReminders: new PrismaTutorReminderSource(host.prisma),
    timezone: config.DEFAULT_TIMEZONE,
    notify: () => host.outboxSignal.notify(),
    cronMatches: (expr, at) => runner.matches(expr, at),
    checkpoint: host.walCheckpointer && (() => host.walCheckpointer!.request()),
  });
  return new SchedulerService(runner, jobs, () => runtime.service.wake(), { dispatchCron: config.DISPATCH_CRON, timezone: config.DEFAULT_TIMEZONE, logger: host.logger });
}
