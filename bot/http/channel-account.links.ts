/**
 * What the channel adapters need of ChannelAccount beyond the core's AccountStore: finding the
 * accounts behind a chat (to mark them unreachable when the channel refuses a send, and to skip them
 * until the person writes again) and keeping the Teams ConversationReference for proactive sends.
 */
import type { PrismaClient } from '@prisma/client';
import type { Channel } from '../../core/messages';

export interface ChatAccount {
  id: string;
  externalId: string;
  unreachableAt: Date | null;
  conversationRef: string | null;
}

export class ChannelAccountLinks {
  constructor(private readonly prisma: PrismaClient) {}

  async findByChat(channel: Channel, chatId: string): Promise<ChatAccount[]> {
    return this.prisma.channelAccount.findMany({
      where: { channel, chatId },
      select: { id: true, externalId: true, unreachableAt: true, conversationRef: true },
    });
  }

  /** Marks every account writing from this chat unreachable; the next message they send clears it (AccountStore.touch). */
  async markUnreachable(channel: Channel, chatId: string, now: Date, reason: string): Promise<number> {
    const { count } = await this.prisma.channelAccount.updateMany({ where: { channel, chatId, unreachableAt: null }, data: { unreachableAt: now, unreachableReason: reason } });
    return count;
  }

  /**
   * Stores the reference only for someone who consented: a refusal keeps nothing but the refusal.
   * Returns whether it was stored.
   */
  async saveConversationRef(channel: Channel, externalId: string, ref: string): Promise<boolean> {
    const { count } = await this.prisma.channelAccount.updateMany({ where: { channel, externalId, consentAt: { not: null } }, data: { conversationRef: ref } });
    return count > 0;
  }
}
