/**
 * RelayMessage rows in Prisma; a message and its outbox row are written in one transaction. A relayed
 * file is stored as its channel's handle only (mediaRef), in the same row, so erasing the row erases it.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { CHANNELS, MEDIA_KINDS, type Channel, type MediaKind } from '../../core/messages';
import type { OutboxItem } from '../../core/ports/outbox';
import type { RelayMedia } from '../../core/relay/media-policy';
import type { NewRelayMessage, RelayMessageView, RelayPerson, RelayStore } from '../../core/relay/relay.ports';
import { scheduleIn } from './outbox.repository';

const person = { select: { id: true, code: true, fullName: true, timezone: true } } as const;
const include = { from: person, to: person } satisfies Prisma.RelayMessageInclude;
type Row = Prisma.RelayMessageGetPayload<{ include: typeof include }>;

function mediaOf(r: Row): RelayMedia | null {
  const kind = MEDIA_KINDS.find((k) => k === r.mediaKind) as MediaKind | undefined;
  const channel = CHANNELS.find((c) => c === r.mediaChannel) as Channel | undefined;
  if (!kind || !channel || !r.mediaRef) return null;
  return { kind, channel, ref: r.mediaRef, mimeType: r.mediaMime, size: r.mediaBytes, durationSec: r.mediaSeconds, filename: r.mediaName };
}

const toView = (r: Row): RelayMessageView => ({
  id: r.id,
  from: r.from,
  to: r.to,
  text: r.text,
  media: mediaOf(r),
  replyToId: r.replyToId,
  correctsId: r.correctsId,
  sourceRef: r.sourceRef,
  createdAt: r.createdAt,
  readAt: r.readAt,
  editedAt: r.editedAt,
});

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
    const m = input.media;
    const data = {
      fromId: input.fromId,
      toId: input.toId,
      text: input.text,
      replyToId: input.replyToId,
      correctsId: input.correctsId ?? null,
      sourceRef: input.sourceRef ?? null,
      createdAt: input.now,
      ...(m ? { mediaKind: m.kind, mediaChannel: m.channel, mediaRef: m.ref, mediaMime: m.mimeType, mediaBytes: m.size, mediaSeconds: m.durationSec, mediaName: m.filename } : {}),
    };
    const view = await this.prisma.$transaction(async (tx) => {
      const v = toView(await tx.relayMessage.create({ data, include }));
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

  async channelsOf(personId: string): Promise<Channel[]> {
    const rows = await this.prisma.channelAccount.findMany({ where: { personId, consentRefusedAt: null }, select: { channel: true }, distinct: ['channel'] });
    return rows.map((r) => r.channel).filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
  }

  async findBySource(fromId: string, sourceRef: string): Promise<RelayMessageView | null> {
    const r = await this.prisma.relayMessage.findFirst({ where: { fromId, sourceRef }, include, orderBy: { createdAt: 'desc' } });
    return r ? toView(r) : null;
  }

  updateUndelivered(id: string, text: string, now: Date): Promise<boolean> {
    // The dispatcher claims a row by setting it 'sending' before it renders: a row still 'pending' is
    // rendered after this commit, so it goes out with the new text. The check is a write, so it takes
    // the write lock first and a claim cannot slip in between the check and the change.
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.outboxMessage.updateMany({ where: { key: `relay:${id}`, status: 'pending' }, data: { updatedAt: now } });
      if (count === 0) return false;
      await tx.relayMessage.update({ where: { id }, data: { text, editedAt: now } });
      return true;
    });
  }
}
