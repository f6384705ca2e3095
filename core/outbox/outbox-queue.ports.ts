/**
 * The ports the outbox dispatcher works through. The dispatcher owns the decisions (when to send, what
 * to do after a failure); these ports own the storage (Prisma in bot/outbox) and the world (senders).
 */
import type { Account, PersonSummary } from '../ports/accounts';
import type { Channel, OutgoingMessage } from '../messages';

/** A reply row's destination and content: rendered at turn time, sent to the chat it came from. */
export interface ReplyTarget {
  channel: Channel;
  chatId: string;
  messages: OutgoingMessage[];
  /** The channel's reference to reach the chat (Teams ConversationReference JSON), if it needs one. */
  ref: string | null;
  /** Teams tenant (from the reference), for the per-tenant rate limit; null elsewhere. */
  tenantId: string | null;
  /** Sender calls that already went through: a retry resumes after them. */
  partsSent: number;
}

/** An outbox row the dispatcher holds a lease on. */
export interface ClaimedRow {
  id: string;
  key: string;
  /** The recipient; null for a reply to a chat that has no person yet. */
  personId: string | null;
  kind: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  priority: number;
  /** Sends tried before this claim. */
  attempts: number;
  /** Set for replies: they go to a chat, with the messages stored in the row. */
  reply: ReplyTarget | null;
  /** Until when this worker's lease holds. */
  leaseUntil: Date;
}

/**
 * The queue of outbox rows. Every method that finishes a row takes the lease owner, so a worker whose
 * lease expired (and whose row another worker reclaimed) cannot overwrite the other worker's outcome.
 */
export interface OutboxQueue {
  /**
   * Leases up to `limit` rows that are due (`pending` with `dueAt <= now`, or `sending` with an expired
   * lease: a worker died mid-send), most urgent first. Atomic: two workers never get the same row. A
   * reply is claimable only when no earlier reply to the same chat is still unsent (order per chat).
   */
  claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedRow[]>;
  /** The earliest `dueAt` of a pending row (or lease expiry of a stuck one), to know when to wake up. */
  nextDueAt(): Promise<Date | null>;
  /**
   * Records that the message reached `accountId` and marks the row sent, in one transaction. The
   * delivery record is unique per (key, account): it is the proof that stops a second send. A delivered
   * reply (no account) is simply removed, with the rendered text it held.
   */
  complete(row: ClaimedRow, owner: string, delivery: { accountId?: string; providerId?: string }, now: Date): Promise<void>;
  /** Extends this worker's lease (a row waited long in its lane); false if another worker took it. */
  extend(row: ClaimedRow, owner: string, until: Date): Promise<boolean>;
  /** Marks the row sent without a new delivery (an earlier worker already delivered it). */
  markSent(row: ClaimedRow, owner: string, now: Date): Promise<void>;
  /** Back to pending at `dueAt` without counting an attempt (quiet hours, rate limit). */
  defer(row: ClaimedRow, owner: string, dueAt: Date): Promise<void>;
  /**
   * Back to pending at `dueAt` after a failed send; `attempts` is the new total. `partsSent` (replies)
   * records how many sender calls went through, so the retry does not send them again.
   */
  retry(row: ClaimedRow, owner: string, dueAt: Date, attempts: number, error: string, partsSent?: number): Promise<void>;
  /** Stops for good (permanent failure, too many attempts, nobody to send to). */
  fail(row: ClaimedRow, owner: string, attempts: number, error: string): Promise<void>;
  /** The renderer said the message is no longer relevant (appointment cancelled, hours reported…). */
  cancel(row: ClaimedRow, owner: string, reason: string): Promise<void>;
}

/** A channel account the dispatcher may send to, with what the channel needs to reach it. */
export interface Destination extends Pick<Account, 'id' | 'channel' | 'chatId' | 'unreachableAt'> {
  conversationRef: string | null;
  /** Teams tenant, for the per-tenant rate limit; null elsewhere. */
  tenantId: string | null;
}

export interface Recipient {
  person: PersonSummary;
  /** Linked accounts, most recently seen first. */
  destinations: Destination[];
}

/** Who gets a row: the person as they are now (language, timezone) and where they can be reached. */
export interface RecipientDirectory {
  /** Recipients of many rows at once (one query per batch, not per row). Missing or erased people are absent. */
  recipients(personIds: string[]): Promise<Map<string, Recipient>>;
  /** Keys among `keys` that already have a delivery record (sent before a crash, not yet marked). */
  delivered(keys: string[]): Promise<Set<string>>;
}

/** What happens when a channel says the recipient is gone for good (bot blocked, account deleted). */
export interface UnreachableReporter {
  /** Marks the account unreachable, writes the audit event and tells the coordinator(s) of the person's region. */
  report(input: { personId: string; accountId: string; channel: Channel; reason: string; at: Date }): Promise<void>;
}
