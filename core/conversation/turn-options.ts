/** How a channel asks for a turn to be run, and what it gets back (see engine.ts). */
import type { OutgoingMessage } from '../messages';
import type { ConversationState } from '../ports/conversations';
import type { Receipt } from '../ports/receipts';
import type { QueuedReply } from '../ports/replies';

/** How a channel wants a turn run. */
export interface TurnOptions {
  /** The update's id: recorded with the turn's effects; one recorded before makes the turn a duplicate. */
  receipt?: Receipt;
  /**
   * Store the replies in the outbox as part of the turn (channels whose sends can fail). `ref` is what
   * the channel needs to reach the chat later (Teams ConversationReference), opaque to the core.
   */
  durable?: { ref?: string };
  /** A text shown before the replies, in the language of the turn (e.g. the Teams greeting). */
  prefaceKey?: string;
}

export type TurnResult =
  | { duplicate: true }
  | {
      duplicate: false;
      replies: OutgoingMessage[];
      /** The stored replies (with `durable`), to send after the turn. */
      queued: QueuedReply | null;
    };

/** A flow threw: its writes are rolled back with the turn (see engine.ts). */
export class FlowFailed extends Error {
  constructor(
    readonly reason: unknown,
    readonly flow: string,
    readonly step: string,
  ) {
    super('flow failed');
    this.name = 'FlowFailed';
  }
}

/** Compares two states (the stored one and the turn's) to skip writing an unchanged one. */
export function stateKey(s: ConversationState): string {
  return JSON.stringify([s.flow, s.step, s.version, s.data, s.choices]);
}
