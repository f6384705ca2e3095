/**
 * Bulk planning: the same semantics as `scheduleIn` (insert, or update a row still pending/cancelled;
 * never touch a row being sent or sent), as multi-row `INSERT … ON CONFLICT` statements, for jobs that
 * plan thousands of rows at once (100,000 appointments in the benchmark).
 */
import crypto from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { OutboxItem } from '../../core/ports/outbox';
import { PRIORITY } from '../../core/ports/outbox';
import { sqlDate } from './prisma-outbox.queue';

type Tx = Prisma.TransactionClient | PrismaClient;
const CHUNK = 400;

export async function scheduleManyIn(tx: Tx, items: readonly OutboxItem[], now: Date): Promise<void> {
  const at = sqlDate(now);
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    const params: unknown[] = [];
    for (const it of part) params.push(crypto.randomUUID(), it.key, it.personId, it.kind, JSON.stringify(it.payload), sqlDate(it.dueAt), it.priority ?? PRIORITY.reminder, at, at);
    await tx.$executeRawUnsafe(
      `INSERT INTO "OutboxMessage" ("id", "key", "personId", "kind", "payloadJson", "dueAt", "priority", "createdAt", "updatedAt")
       VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT ("key") DO UPDATE SET "personId" = excluded."personId", "kind" = excluded."kind", "payloadJson" = excluded."payloadJson",
         "dueAt" = excluded."dueAt", "priority" = excluded."priority", "status" = 'pending', "attempts" = 0, "lastError" = NULL, "updatedAt" = excluded."updatedAt"
       WHERE "OutboxMessage"."status" IN ('pending', 'cancelled')`,
      ...params,
    );
  }
}
