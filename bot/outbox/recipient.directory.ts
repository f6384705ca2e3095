/** Who an outbox row goes to, read in bulk per batch: the person as they are now and their channel accounts. */
import type { PrismaClient } from '@prisma/client';
import type { Destination, Recipient, RecipientDirectory } from '../../core/outbox/outbox-queue.ports';
import type { Channel } from '../../core/messages';
import { toPersonSummary } from '../storage/account.repository';

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The Teams tenant inside a stored ConversationReference, for the per-tenant rate limit. */
export function tenantOf(conversationRef: string | null): string | null {
  if (!conversationRef) return null;
  try {
    const ref = JSON.parse(conversationRef) as { conversation?: { tenantId?: unknown } };
    return typeof ref.conversation?.tenantId === 'string' ? ref.conversation.tenantId : null;
  } catch {
    return null;
  }
}

export class PrismaRecipientDirectory implements RecipientDirectory {
  constructor(private readonly prisma: PrismaClient) {}

  async recipients(personIds: string[]): Promise<Map<string, Recipient>> {
    const out = new Map<string, Recipient>();
    for (const ids of chunks(personIds)) {
      const people = await this.prisma.person.findMany({
        where: { id: { in: ids }, erasedAt: null },
        include: { roles: true, accounts: { where: { consentRefusedAt: null }, orderBy: { lastSeenAt: 'desc' } } },
      });
      for (const p of people) {
        const destinations: Destination[] = p.accounts.map((a) => ({
          id: a.id,
          channel: a.channel as Channel,
          chatId: a.chatId,
          unreachableAt: a.unreachableAt,
          conversationRef: a.conversationRef,
          tenantId: tenantOf(a.conversationRef),
        }));
        out.set(p.id, {
          person: toPersonSummary(p),
          destinations,
        });
      }
    }
    return out;
  }

  async delivered(keys: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(keys)) {
      const rows = await this.prisma.deliveryRecord.findMany({ where: { outboxKey: { in: part } }, select: { outboxKey: true } });
      for (const r of rows) out.add(r.outboxKey);
    }
    return out;
  }
}
