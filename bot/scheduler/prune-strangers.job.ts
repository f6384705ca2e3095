/**
 * Strangers are not kept: anyone who wrote to the bot but never linked an invite code (or declined the
 * privacy notice, or was unlinked by an erasure) leaves a ChannelAccount with their chat id and
 * language, a ConversationState and their code attempts. After STRANGER_RETENTION_DAYS without a
 * message they are deleted, together with conversation rows no account owns any more (left from group
 * chats before private-chat-only). Idempotent: it deletes by age, so a second run finds nothing.
 */
import type { PrismaClient } from '@prisma/client';
import type { PeriodicJob } from './job-runner';

const DAY_MS = 86_400_000;
const BATCH = 500;

export interface PruneReport {
  accounts: number;
  conversations: number;
}

/** Deletes strangers last seen before `cutoff`, in batches of one transaction each. */
export async function pruneStrangers(prisma: PrismaClient, cutoff: Date): Promise<PruneReport> {
  const report: PruneReport = { accounts: 0, conversations: 0 };
  for (;;) {
    const done = await prisma.$transaction(async (tx) => {
      // Read and delete in one transaction: a stranger who writes again meanwhile is not deleted.
      const strangers = await tx.channelAccount.findMany({ where: { personId: null, lastSeenAt: { lt: cutoff } }, select: { id: true, channel: true, chatId: true }, take: BATCH });
      if (strangers.length === 0) return true;
      // A chat a linked account also uses keeps its conversation (it is theirs too).
      const chats = strangers.map((s) => ({ channel: s.channel, chatId: s.chatId }));
      const shared = await tx.channelAccount.findMany({ where: { personId: { not: null }, OR: chats }, select: { channel: true, chatId: true } });
      const keep = new Set(shared.map((s) => `${s.channel}\u0000${s.chatId}`));
      const drop = chats.filter((c) => !keep.has(`${c.channel}\u0000${c.chatId}`));
      if (drop.length) report.conversations += (await tx.conversationState.deleteMany({ where: { OR: drop } })).count;
      // Their code attempts go with them (onDelete: Cascade). The condition again, on the rows deleted:
      // PostgreSQL's transactions do not freeze what was read, and a stranger may have written since.
      report.accounts += (await tx.channelAccount.deleteMany({ where: { id: { in: strangers.map((s) => s.id) }, personId: null, lastSeenAt: { lt: cutoff } } })).count;
      return strangers.length < BATCH;
    });
    if (done) break;
  }
  report.conversations += await prisma.$executeRaw`DELETE FROM "ConversationState" WHERE "updatedAt" < ${cutoff}
    AND NOT EXISTS (SELECT 1 FROM "ChannelAccount" a WHERE a."channel" = "ConversationState"."channel" AND a."chatId" = "ConversationState"."chatId")`;
  return report;
}

export interface PruneJobDeps {
  prisma: PrismaClient;
  cron: string;
  retentionDays: number;
  /** Empties the WAL afterwards, so the deleted rows do not linger in it (bot/storage/wal-checkpoint). */
  checkpoint?: () => Promise<unknown>;
  onPruned?: (report: PruneReport) => void;
}

export function pruneStrangersJob(deps: PruneJobDeps): PeriodicJob {
  return {
    name: 'prune_strangers',
    cron: deps.cron,
    // Daily housekeeping: a night missed while the bot was down is done at the next start.
    lookBackMs: DAY_MS,
    async run(_fireAt, now) {
      const report = await pruneStrangers(deps.prisma, new Date(now.getTime() - deps.retentionDays * DAY_MS));
      deps.onPruned?.(report);
      if (report.accounts + report.conversations > 0) await deps.checkpoint?.();
    },
  };
}
