/**
 * RelayMessage rows in Prisma; a message and its outbox row are written in one transaction.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import type { OutboxItem } from '../../core/ports/outbox';
import type { NewRelayMessage, RelayMessageView, RelayPerson, RelayStore } from '../../core/relay/relay.ports';
import { scheduleIn } from './outbox.repository';

const person = { select: { id: true, code: true, fullName: true, timezone: true } } as const;
const include = { from: person, to: person } satisfies Prisma.RelayMessageInclude;
type Row = Prisma.RelayMessageGetPayload<{ include: typeof include }>;

const toView = (r: Row): RelayMessageView => ({ id: r.id, from: r.from, to: r.to, text: r.text, replyToId: r.replyToId, createdAt: r.createdAt, readAt: r.readAt });

export class PrismaRelayStore implements RelayStore {
  /** `onUrgent` runs after a message is committed (rings the dispatcher's bell: relayed messages are urgent). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly onUrgent: () => void = () => {},
  ) {}

  async tutorOf(beneficiaryId: string): Promise<RelayPerson | null> {
    const p = await this.prisma.beneficiaryProfile.findUnique({ where: { personId: beneficiaryId }, select: { tutor: person } });
    return p?.tutor ?? null;
  }

  async get(id: string): Promise<RelayMessageView | null> {
    const r = await this.prisma.relayMessage.findUnique({ where: { id }, include });
    return r ? toView(r) : null;
  }

  async send(input: NewRelayMessage, outbox: (m: RelayMessageView) => OutboxItem): Promise<RelayMessageView> {
    const view = await this.prisma.$transaction(async (tx) => {
      const r = await tx.relayMessage.create({ data: { fromId: input.fromId, toId: input.toId, text: input.text, replyToId: input.replyToId, createdAt: input.now }, include });
      const v = toView(r);
      await scheduleIn(tx, [outbox(v)]);
      return v;
    });
    this.onUrgent();
    return view;
  }

  async unreadFor(toId: string, limit: number): Promise<RelayMessageView[]> {
    const rows = await this.prisma.relayMessage.findMany({ where: { toId, readAt: null }, include, orderBy: { createdAt: 'asc' }, take: limit });
    return rows.map(toView);
  }

  countUnread(toId: string): Promise<number> {
    return this.prisma.relayMessage.count({ where: { toId, readAt: null } });
  }

  async markRead(id: string, toId: string, now: Date): Promise<void> {
    await this.prisma.relayMessage.updateMany({ where: { id, toId, readAt: null }, data: { readAt: now } });
  }
}
