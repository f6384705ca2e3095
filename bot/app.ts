/**
 * The composition root: opens the database, builds the translator and the repositories, and wires
 * the feature modules into one conversation engine that every channel adapter shares.
 */
import type { Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import type { FeatureModule } from '../core/conversation/flow';
import { ConversationEngine } from '../core/conversation/engine';
import { createOnboardingModule } from '../core/onboarding/onboarding.flow';
import { openDatabase, type Database } from './storage/database';
import { PrismaAccountStore, PrismaPersonStore } from './storage/account.repository';
import { PrismaConversationStore } from './storage/conversation.repository';
import { PrismaInviteStore } from './storage/invite.repository';
import { PrismaAuditLog } from './storage/audit.repository';
import { I18nextTranslator } from './i18n/translator';
import { createLogger } from './logger';
import { createTutorModule } from '../core/tutor/tutor.module';
import { PrismaTutorStore } from './storage/tutor.repository';
import { PrismaHourStore } from './storage/hour-entry.repository';
import { PrismaInternshipStore } from './storage/internship.repository';
import { randomBytes } from 'node:crypto';
import { createReportingModules } from './reports/reporting.modules';
import { OutboxSignal } from './outbox/outbox-signal';
import { PUOI } from '../core/programme/programme';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../core/time/quiet-hours';
import { createAppointmentsModule } from '../core/appointments/appointments.module';
import { createBeneficiaryModule } from '../core/beneficiary/beneficiary.module';
import { createRelayModule } from '../core/relay/relay.module';
import { PrismaAppointmentStore } from './storage/appointment.repository';
import { PrismaBeneficiaryStore } from './storage/beneficiary.repository';
import { WalCheckpointer } from './storage/wal-checkpoint';
import { PostgresVacuum } from './storage/postgres-vacuum';
import { PrismaRelayStore } from './storage/relay.repository';
import { loadContent, type LoadedContent } from './content/content.loader';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from '../core/outbox/rate-limiter';
import { createReplyDelivery } from '../core/outbox/reply-delivery';
import { ProcessedUpdates } from './http/processed-updates.store';
import { PrismaTurnStore } from './storage/turn-start.repository';
import { PrismaReplyOutbox } from './outbox/reply-rows';
import { PrismaOutboxQueue } from './outbox/prisma-outbox.queue';
import { processOwner } from './outbox/outbox.runtime';
import { PrismaInstanceRegistry } from './storage/lease.repository';
import { instanceHeartbeat } from './http/instance-heartbeat';

export const systemClock: Clock = { now: () => new Date() };

export interface PonteOptions {
  databaseUrl: string;
  clock?: Clock;
  logger?: Logger;
  localesDir?: string;
  /** Telegram bot username (no @) for invite deep links (config TELEGRAM_BOT_USERNAME); without it invites say "send /start <code>". */
  telegramBotUsername?: string;
  /** Quiet hours for reminders and relayed messages (config QUIET_HOURS_START/END); default 21:00–08:00. */
  quietHours?: QuietHours;
  /** Glossary and tips; default: loaded (and validated) from content/. */
  content?: LoadedContent;
  /** How long a row stays leased to the process sending it before another may take it over (config OUTBOX_LEASE_SECONDS). Default 60 s. */
  outboxLeaseMs?: number;
  /** PostgreSQL: how often the instance renews its entry and recounts the live ones (config INSTANCE_HEARTBEAT_SECONDS). Default 5 s. */
  instanceHeartbeatMs?: number;
  /** SQLite: checkpoint the write-ahead log on a thread of its own (the server does: bot/storage/wal-checkpoint-thread.ts). */
  backgroundCheckpoint?: boolean;
}

export type Ponte = Awaited<ReturnType<typeof createPonte>>;

export async function createPonte(opts: PonteOptions) {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger('info');
  const db: Database = await openDatabase(opts.databaseUrl, { backgroundCheckpoint: opts.backgroundCheckpoint ? { logger } : undefined });
  const translator = await I18nextTranslator.create(opts.localesDir);
  const { prisma, unitOfWork: units } = db;
  const accounts = new PrismaAccountStore(prisma);
  const people = new PrismaPersonStore(prisma);
  const conversations = new PrismaConversationStore(prisma, () => clock.now());
  const invites = new PrismaInviteStore(prisma);
  const audit = new PrismaAuditLog(prisma);

  // Rung after committing urgent outbox rows, so the dispatcher sends them at once (bot/outbox). Inside
  // a turn the ring waits for the turn's commit: before it, the dispatcher could not see the rows.
  const outboxSignal = new OutboxSignal();
  const ringOutbox = () => units.afterCommit(() => outboxSignal.notify());
  const outboxLeaseMs = opts.outboxLeaseMs ?? 60_000;
  const owner = processOwner();
  const outboxQueue = new PrismaOutboxQueue(prisma);
  // Several instances may share a PostgreSQL database: the channels' global limits are split among the
  // live ones (bot/http/instance-heartbeat.ts). SQLite is one process: the whole limit.
  const instances = db.provider === 'postgres' ? instanceHeartbeat({ registry: new PrismaInstanceRegistry(prisma), clock, logger, instance: owner, intervalMs: opts.instanceHeartbeatMs }) : undefined;
  const limiter = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: instances });
  const modules: FeatureModule[] = [createOnboardingModule({ translator, accounts, invites, audit })];
  modules.push(...createReportingModules(prisma, audit));
  modules.push(
    createTutorModule({
      store: new PrismaTutorStore(prisma),
      hours: new PrismaHourStore(prisma),
      internships: new PrismaInternshipStore(prisma),
      audit,
      translator,
      randomBytes: (n) => randomBytes(n),
      telegramBotUsername: opts.telegramBotUsername,
    }),
  );

  // Beneficiary journey (issue 4): appointments first, the beneficiary module uses its reminder switch.
  const quietHours = opts.quietHours ?? DEFAULT_QUIET_HOURS;
  const appointments = createAppointmentsModule({ store: new PrismaAppointmentStore(prisma, ringOutbox), audit, quietHours, reminderOffsetsMinutes: PUOI.appointmentReminderOffsetsMinutes });
  const content = opts.content ?? loadContent();
  // Erasure, then the WAL cut to zero bytes, so no earlier copy of the erased pages stays on disk. An
  // erasure runs inside its turn's transaction: the checkpoint waits for that commit.
  const afterCommitted = (fn: () => Promise<boolean>) => () => new Promise<boolean>((resolve) => units.afterCommit(() => resolve(fn())));
  // On PostgreSQL, the old row versions vacuumed away instead (bot/storage/postgres-vacuum.ts).
  const walCheckpointer: { request(): Promise<boolean> } = db.file ? new WalCheckpointer(db.file, logger) : new PostgresVacuum(prisma, logger);
  modules.push(
    createBeneficiaryModule({ store: new PrismaBeneficiaryStore(prisma, afterCommitted(() => walCheckpointer.request())), audit, content, reminders: appointments.service, translator }),
    appointments,
    createRelayModule({ store: new PrismaRelayStore(prisma, ringOutbox), audit, quietHours }),
  );

  const receipts = new ProcessedUpdates(prisma, clock, units);
  const replies = new PrismaReplyOutbox(prisma, `reply:${owner}`, outboxLeaseMs);
  const engine = new ConversationEngine({ clock, translator, accounts, people, conversations, audit, logger, modules, units, receipts, turns: new PrismaTurnStore(prisma), replies });
  /** Sends each turn's replies right after its commit; what cannot go now is left to the dispatcher. */
  const replyDelivery = createReplyDelivery({
    queue: outboxQueue,
    clock,
    logger,
    limiter,
    wake: () => outboxSignal.notify(),
    random: Math.random,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  return {
    engine,
    db,
    prisma,
    translator,
    clock,
    logger,
    stores: { accounts, people, conversations, invites, audit, receipts, replies },
    units,
    /** The loaded feature modules: the outbox dispatcher collects their renderers. */
    modules,
    outboxSignal,
    /** Empties the WAL after an erasure (and after pruning); tests await `request()`. */
    walCheckpointer,
    /** The one outbox queue of this process (replies and the dispatcher share its batched delivery records). */
    outboxQueue,
    outboxLeaseMs,
    owner,
    replyDelivery,
    /** One set of rate-limit buckets for replies and outbox sends, so bulk sends leave room for replies. */
    limiter,
    /** On PostgreSQL: the service that counts the live instances and gives the limiter its share (main.ts starts it first). */
    instances,
    close: () => db.close(),
  };
}
