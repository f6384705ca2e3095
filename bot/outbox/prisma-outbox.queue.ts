/**
 * The outbox queue on Prisma (SQLite by default). Claiming is one `UPDATE … RETURNING` statement, so it
 * is atomic without SKIP LOCKED: SQLite has a single writer, and a second instance simply waits for the
 * write lock and then sees the rows already leased.
 */
import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { ClaimedRow, OutboxQueue } from '../../core/outbox/outbox-queue.ports';

/** Prisma's SQLite driver adapter stores DateTime as this text; raw SQL must write and compare the same form. */
export const sqlDate = (d: Date): string => d.toISOString().replace('Z', '+00:00');

interface RawRow {
  id: string;
  key: string;
  personId: string;
  kind: string;
  payloadJson: string;
  dueAt: string;
  priority: number | bigint;
  attempts: number | bigint;
}

function toClaimed(r: RawRow): ClaimedRow {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(r.payloadJson);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
  } catch {
    // A corrupt payload renders as an empty one; the renderer then decides (usually: not relevant).
  }
  return { id: r.id, key: r.key, personId: r.personId, kind: r.kind, payload, dueAt: new Date(r.dueAt), priority: Number(r.priority), attempts: Number(r.attempts) };
}

export class PrismaOutboxQueue implements OutboxQueue {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedRow[]> {
    const at = sqlDate(now);
    const until = sqlDate(new Date(now.getTime() + leaseMs));
    // Urgent rows first, then the oldest. A `sending` row whose lease expired belonged to a worker that
    // died mid-send: it is claimed again (the delivery record stops a second send if the first got through).
    const rows = await this.prisma.$queryRawUnsafe<RawRow[]>(
      `UPDATE "OutboxMessage" SET "status" = 'sending', "leaseOwner" = ?, "leaseUntil" = ?, "updatedAt" = ?
       WHERE "id" IN (
         SELECT "id" FROM "OutboxMessage"
         WHERE ("status" = 'pending' AND "dueAt" <= ?) OR ("status" = 'sending' AND "leaseUntil" < ?)
         ORDER BY "priority", "dueAt" LIMIT ?)
       RETURNING "id", "key", "personId", "kind", "payloadJson", "dueAt", "priority", "attempts"`,
      owner, until, at, at, at, limit,
    );
    return rows.map(toClaimed).sort((a, b) => a.priority - b.priority || a.dueAt.getTime() - b.dueAt.getTime());
  }

  async nextDueAt(): Promise<Date | null> {
    const [row] = await this.prisma.$queryRawUnsafe<Array<{ next: string | null }>>(
      `SELECT MIN(t) AS next FROM (
         SELECT MIN("dueAt") AS t FROM "OutboxMessage" WHERE "status" = 'pending'
         UNION ALL SELECT MIN("leaseUntil") FROM "OutboxMessage" WHERE "status" = 'sending')`,
    );
    return row?.next ? new Date(row.next) : null;
  }

  async complete(row: ClaimedRow, _owner: string, delivery: { accountId: string; providerId?: string }, now: Date): Promise<void> {
    const at = sqlDate(now);
    // Not conditioned on the lease: the message did go out, so even a worker whose lease expired must
    // record it, or the worker that reclaimed the row would send it again.
    await this.prisma.$transaction([
      this.prisma.$executeRawUnsafe(
        `INSERT INTO "DeliveryRecord" ("id", "outboxKey", "accountId", "providerId", "sentAt") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("outboxKey", "accountId") DO NOTHING`,
        crypto.randomUUID(), row.key, delivery.accountId, delivery.providerId ?? null, at,
      ),
      this.prisma.$executeRawUnsafe(
        `UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ?, "attempts" = "attempts" + 1, "leaseOwner" = NULL, "leaseUntil" = NULL, "lastError" = NULL, "updatedAt" = ?
         WHERE "id" = ? AND "status" IN ('sending', 'pending')`,
        at, at, row.id,
      ),
    ]);
  }

  async markSent(row: ClaimedRow, owner: string, now: Date): Promise<void> {
    await this.finish(row.id, owner, { status: 'sent', sentAt: now });
  }

  async defer(row: ClaimedRow, owner: string, dueAt: Date): Promise<void> {
    await this.finish(row.id, owner, { status: 'pending', dueAt });
  }

  async retry(row: ClaimedRow, owner: string, dueAt: Date, attempts: number, error: string): Promise<void> {
    await this.finish(row.id, owner, { status: 'pending', dueAt, attempts, lastError: error });
  }

  async fail(row: ClaimedRow, owner: string, attempts: number, error: string): Promise<void> {
    await this.finish(row.id, owner, { status: 'failed', attempts, lastError: error });
  }

  async cancel(row: ClaimedRow, owner: string, reason: string): Promise<void> {
    await this.finish(row.id, owner, { status: 'cancelled', lastError: reason });
  }

  /** Ends this worker's lease with a new state; a no-op if the lease passed to another worker meanwhile. */
  private async finish(id: string, owner: string, data: { status: string; dueAt?: Date; sentAt?: Date; attempts?: number; lastError?: string }): Promise<void> {
    await this.prisma.outboxMessage.updateMany({ where: { id, status: 'sending', leaseOwner: owner }, data: { ...data, leaseOwner: null, leaseUntil: null } });
  }
}
