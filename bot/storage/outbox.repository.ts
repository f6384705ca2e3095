/**
 * Writing to the outbox. `scheduleIn` takes a transaction client so that a use case can change its
 * own rows (an appointment) and their outbox rows atomically.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import type { Outbox, OutboxItem } from '../../core/ports/outbox';
import { PRIORITY } from '../../core/ports/outbox';

type Tx = Prisma.TransactionClient | PrismaClient;

export async function scheduleIn(tx: Tx, items: OutboxItem[]): Promise<void> {
  for (const item of items) {
    const data = { personId: item.personId, kind: item.kind, payloadJson: JSON.stringify(item.payload), dueAt: item.dueAt, priority: item.priority ?? PRIORITY.reminder };
    const existing = await tx.outboxMessage.findUnique({ where: { key: item.key }, select: { status: true } });
    if (!existing) await tx.outboxMessage.create({ data: { key: item.key, ...data } });
    else if (existing.status === 'pending' || existing.status === 'cancelled') await tx.outboxMessage.update({ where: { key: item.key }, data: { ...data, status: 'pending', attempts: 0, lastError: null } });
  }
}

export async function cancelIn(tx: Tx, keyPrefix: string): Promise<number> {
  const res = await tx.outboxMessage.updateMany({ where: { key: { startsWith: keyPrefix }, status: 'pending' }, data: { status: 'cancelled' } });
  return res.count;
}

export class PrismaOutbox implements Outbox {
  constructor(private readonly prisma: PrismaClient) {}

  schedule(items: OutboxItem[]): Promise<void> {
    return this.prisma.$transaction((tx) => scheduleIn(tx, items));
  }

  cancel(keyPrefix: string): Promise<number> {
    return cancelIn(this.prisma, keyPrefix);
  }
}
