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

export const systemClock: Clock = { now: () => new Date() };

export interface PonteOptions {
  databaseUrl: string;
  clock?: Clock;
  logger?: Logger;
  localesDir?: string;
}

export type Ponte = Awaited<ReturnType<typeof createPonte>>;

export async function createPonte(opts: PonteOptions) {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger('info');
  const db: Database = await openDatabase(opts.databaseUrl);
  const translator = await I18nextTranslator.create(opts.localesDir);
  const { prisma } = db;
  const accounts = new PrismaAccountStore(prisma);
  const people = new PrismaPersonStore(prisma);
  const conversations = new PrismaConversationStore(prisma);
  const invites = new PrismaInviteStore(prisma);
  const audit = new PrismaAuditLog(prisma);

  const modules: FeatureModule[] = [createOnboardingModule({ translator, accounts, invites, audit })];

  const engine = new ConversationEngine({ clock, translator, accounts, people, conversations, audit, logger, modules });
  return {
    engine,
    db,
    prisma,
    translator,
    clock,
    logger,
    stores: { accounts, people, conversations, invites, audit },
    close: () => db.close(),
  };
}
