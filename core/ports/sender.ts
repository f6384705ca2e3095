import type { Channel, OutgoingMessage } from '../messages';

/**
 * `parts`: how many of the channel's calls went through (a long text is several Telegram messages, a
 * file one more), on success and on failure, so a retry can resume after them.
 */
export type SendResult =
  | { ok: true; providerId?: string; parts?: number }
  | { ok: false; kind: 'retry' | 'rate_limited' | 'permanent'; retryAfterSeconds?: number; error: string; parts?: number };

export interface SendOptions {
  /** Calls already made for these messages (a retried reply): they are skipped. */
  skipParts?: number;
  /** The person just wrote from this chat: skip the "marked unreachable" check. */
  fresh?: boolean;
}

/** Sends messages to a chat: replies after their turn, and everything the outbox sends later. */
export interface ChannelSender {
  readonly channel: Channel;
  send(target: { chatId: string; conversationRef?: string | null }, messages: OutgoingMessage[], opts?: SendOptions): Promise<SendResult>;
}
