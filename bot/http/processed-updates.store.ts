/**
 * Durable "seen it already" records (ProcessedUpdate table), the ReceiptStore of the core: Telegram
 * resends an update it thinks was not delivered, Teams retries activities, and a user can tap a button
 * twice. The first insert of a (scope, id) wins; a later one is a duplicate. The insert runs in the
 * turn's unit of work, so a turn that rolls back leaves no receipt and its redelivery is handled. Rows
 * are pruned after a retention window longer than any channel's redelivery horizon (Telegram keeps
 * undelivered updates for 24 hours).
 */
import type { PrismaClient } from '@prisma/client';
import type { Clock } from '../../core/ports/clock';
import type { Receipt, ReceiptStore } from '../../core/ports/receipts';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { sqlDate } from '../storage/sql-dialect';

export const DEDUPE_RETENTION_MS = 48 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export class ProcessedUpdates implements ReceiptStore {
  private lastPrune = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly units?: UnitOfWork,
  ) {}

  async record(receipt: Receipt, now: Date): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "ProcessedUpdate" ("channel", "updateId", "receivedAt") VALUES (${receipt.scope}, ${receipt.id}, ${sqlDate(now)})
      ON CONFLICT ("channel", "updateId") DO NOTHING`;
    if (inserted === 1 && now.getTime() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = now.getTime();
      // Outside the turn's transaction: pruning is housekeeping, not part of what the turn commits.
      const prune = () => void this.prune(now).catch(() => undefined);
      if (this.units) this.units.afterCommit(prune);
      else prune();
    }
    return inserted === 1;
  }

  /** Records the id now, outside any turn (a notice sent at most once); true if it was recorded before. */
  async seen(scope: string, id: string): Promise<boolean> {
    return !(await this.record({ scope, id }, this.clock.now()));
  }

  async prune(now: Date = this.clock.now()): Promise<number> {
    const { count } = await this.prisma.processedUpdate.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - DEDUPE_RETENTION_MS) } } });
    return count;
  }
}
