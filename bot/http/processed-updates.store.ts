/**
 * Durable "seen it already" records (ProcessedUpdate table): Telegram resends an update it thinks was
 * not delivered, Teams retries activities, and a user can tap a button twice. The first insert of a
 * (scope, id) wins; any later one is a duplicate. Rows are pruned after a retention window longer than
 * any channel's redelivery horizon (Telegram keeps undelivered updates for 24 hours).
 */
import type { PrismaClient } from '@prisma/client';
import type { Clock } from '../../core/ports/clock';

export const DEDUPE_RETENTION_MS = 48 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export class ProcessedUpdates {
  private lastPrune = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the id; true if it was recorded before (the caller must then do nothing).
   * `scope` separates id spaces, e.g. `telegram` (update_id) and `telegram:press` (chat/message).
   */
  async seen(scope: string, id: string): Promise<boolean> {
    const now = this.clock.now();
    try {
      await this.prisma.processedUpdate.create({ data: { channel: scope, updateId: id, receivedAt: now } });
    } catch (err) {
      if (isUniqueViolation(err)) return true;
      throw err;
    }
    if (now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      await this.prune(now);
    }
    return false;
  }

  async prune(now: Date = this.clock.now()): Promise<number> {
    const { count } = await this.prisma.processedUpdate.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - DEDUPE_RETENTION_MS) } } });
    return count;
  }
}

function isUniqueViolation(err: unknown): boolean {
  return !!err && typeof err === 'object' && 'code' in err && (err as { code: unknown }).code === 'P2002';
}
