/**
 * Storage for "talk to my tutor": RelayMessage rows, written together with their outbox row in one
 * transaction. Implemented by bot/storage/relay.repository.ts.
 */
import type { OutboxItem } from '../ports/outbox';

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
  text: string;
  replyToId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewRelayMessage {
  fromId: string;
  toId: string;
  text: string;
  replyToId: string | null;
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
}
