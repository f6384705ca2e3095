import type { Channel, OutgoingMessage } from '../messages';

export type SendResult =
  | { ok: true; providerId?: string }
  | { ok: false; kind: 'retry' | 'rate_limited' | 'permanent'; retryAfterSeconds?: number; error: string };

/** Sends a message the user did not ask for just now (reminders, relayed messages, digests). */
export interface ChannelSender {
  readonly channel: Channel;
  send(target: { chatId: string; conversationRef?: string | null }, messages: OutgoingMessage[]): Promise<SendResult>;
}
