/**
 * Storage for "talk to my tutor": RelayMessage rows, written together with their outbox row in one
 * transaction. Implemented by bot/storage/relay.repository.ts.
 */
import type { Channel } from '../messages';
import type { OutboxItem } from '../ports/outbox';
import type { RelayMedia } from './media-policy';

export interface RelayPerson {
  id: string;
  code: string;
  fullName: string;
  timezone: string;
}

export interface RelayMessageView {
  id: string;
  from: RelayPerson;
  to: RelayPerson;
  /** The text, or the file's caption ('' when none). */
  text: string;
  /** A file relayed by its channel's handle, or null. */
  media: RelayMedia | null;
  replyToId: string | null;
  /** Set on a correction sent after the sender edited an already delivered message. */
  correctsId: string | null;
  /** `<channel>:<chat>:<message id>` of the message it came from (edits find it by this), or null. */
  sourceRef: string | null;
  createdAt: Date;
  readAt: Date | null;
  editedAt: Date | null;
}

export interface NewRelayMessage {
  fromId: string;
  toId: string;
  text: string;
  media?: RelayMedia | null;
  replyToId: string | null;
  correctsId?: string | null;
  sourceRef?: string | null;
  now: Date;
}

export interface RelayStore {
  /** The tutor who follows this beneficiary, or null. */
  tutorOf(beneficiaryId: string): Promise<RelayPerson | null>;
  get(id: string): Promise<RelayMessageView | null>;
  /** Writes the message and its outbox row (made from the saved message) in one transaction. */
  send(input: NewRelayMessage, outbox: (m: RelayMessageView) => OutboxItem): Promise<RelayMessageView>;
  /** Unread messages addressed to `toId`, oldest first. */
  unreadFor(toId: string, limit: number): Promise<RelayMessageView[]>;
  countUnread(toId: string): Promise<number>;
  /** Marks it read, only if it is addressed to `toId`. */
  markRead(id: string, toId: string, now: Date): Promise<void>;
  /** Channels on which the person can be reached now (linked, not blocked), for files that travel by handle. */
  channelsOf(personId: string): Promise<Channel[]>;
  /** The newest message `fromId` sent from that source message, or null. */
  findBySource(fromId: string, sourceRef: string): Promise<RelayMessageView | null>;
  /**
   * Replaces the text of a message whose outbox row has not been sent yet (in one transaction with the
   * check); false when it already went (or is going) out.
   */
  updateUndelivered(id: string, text: string, now: Date): Promise<boolean>;
}
