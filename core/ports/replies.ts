/**
 * A turn's replies are outbox rows addressed to the chat, written in the turn's unit of work: committed
 * with the turn, sent right after, and left to the outbox dispatcher (backoff, order per chat) when the
 * channel cannot take them now. A crash cannot lose them.
 */
import type { Channel, OutgoingMessage } from '../messages';
import type { ClaimedRow } from '../outbox/outbox-queue.ports';

/** Outbox kind of a reply row. */
export const REPLY_KIND = 'reply';

export interface ReplyInput {
  /** Deterministic, from the update (e.g. `reply:telegram:u:<update_id>`). */
  key: string;
  channel: Channel;
  chatId: string;
  /** Who the chat belongs to, when known (erasure finds the row by it). */
  personId: string | null;
  messages: OutgoingMessage[];
  /** What the channel needs to reach the chat later (Teams ConversationReference JSON); opaque to the core. */
  ref?: string;
  now: Date;
}

/** A stored reply, as the turn hands it to the channel for sending after commit. */
export interface QueuedReply {
  /**
   * Leased to `owner` when nothing earlier is waiting for this chat: the channel sends it now. Otherwise
   * null: the row waits behind the chat's earlier replies and the dispatcher sends it in order.
   */
  row: ClaimedRow | null;
  owner: string;
  channel: Channel;
  chatId: string;
}

export interface ReplyOutbox {
  /** Stores the replies in the current unit of work; null if a row with this key exists already. */
  enqueue(input: ReplyInput): Promise<QueuedReply | null>;
}
