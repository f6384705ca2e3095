/**
 * Bulk planning: the same semantics as `scheduleIn` (insert, or update a row still pending/cancelled;
 * never touch a row being sent or sent), as multi-row `INSERT … ON CONFLICT` statements, for jobs that
 * plan thousands of rows at once (100,000 appointments in the benchmark).
 */
import crypto from 'node:crypto';
import { Prisma, type PrismaClient } from '@prisma/client';
import type { OutboxItem } from '../../core/ports/outbox';
import { PRIORITY } from '../../core/ports/outbox';

type Tx = Prisma.TransactionClient | PrismaClient;
/** Rows per statement: 9 parameters each, far below SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 400;

export async function scheduleManyIn(tx: Tx, items: readonly OutboxItem[], now: Date): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    // Tagged templates: bound parameters in each provider's own placeholders, instants as Date (each
    // driver adapter writes the form its DateTime columns hold).
    const rows = items
      .slice(i, i + CHUNK)
      .map((it) => Prisma.sql`(${crypto.randomUUID()}, ${it.key}, ${it.personId}, ${it.kind}, ${JSON.stringify(it.payload)}, ${it.dueAt}, ${it.priority ?? PRIORITY.reminder}, ${now}, ${now})`);
    await tx.$executeRaw`
      INSERT INTO "OutboxMessage" ("id", "key", "personId", "kind", "payloadJson", "dueAt", "priority", "createdAt", "updatedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("key") DO UPDATE SET "personId" = excluded."personId", "kind" = excluded."kind", "payloadJson" = excluded."payloadJson",
        "dueAt" = excluded."dueAt", "priority" = excluded."priority", "status" = 'pending', "attempts" = 0, "lastError" = NULL, "updatedAt" = excluded."updatedAt"
      WHERE "OutboxMessage"."status" IN ('pending', 'cancelled')`;
  }
}
