/**
 * The durable outbox: everything sent later is a row with a deterministic key (e.g.
 * `appointment:<id>:-24h`). Rows hold data, not text: the text is rendered when the row is sent, in
 * the recipient's language of that moment, by the `OutboxRenderer` registered for the row's kind.
 */
import type { OutgoingMessage } from '../messages';
import type { PersonSummary } from './accounts';
import type { TranslationParams } from './translator';

/** 0 = a reply someone is waiting for; larger = bulk (digests, weekly reminders). */
export const PRIORITY = { urgent: 0, reminder: 3, bulk: 6 } as const;

export interface OutboxItem {
  key: string;
  personId: string;
  kind: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  priority?: number;
}

export interface Outbox {
  /** Inserts the row, or updates it if it is still pending (rescheduling). Sent rows are never touched. */
  schedule(items: OutboxItem[]): Promise<void>;
  /** Cancels pending rows whose key starts with the prefix; returns how many. */
  cancel(keyPrefix: string): Promise<number>;
}

export interface RenderContext {
  recipient: PersonSummary;
  lang: string;
  now: Date;
  t(key: string, params?: TranslationParams): string;
}

/** Turns an outbox row of one kind into messages at send time; null = no longer relevant (the row is cancelled). */
export interface OutboxRenderer {
  kind: string;
  render(ctx: RenderContext, payload: Record<string, unknown>): Promise<OutgoingMessage[] | null>;
}
