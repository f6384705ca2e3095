/**
 * Sending replies. A turn's replies are an outbox row committed with the turn (core/ports/replies.ts);
 * right after the commit the channel sends it through `ReplyDelivery.deliver`, and the outcome is
 * recorded like any outbox send: delivered → the row goes; a retryable failure (429 beyond a short
 * wait, 5xx, network, timeout) → back to the queue with backoff, for the dispatcher, which keeps the
 * chat's order; a permanent one (403, chat not found) → failed, and the channel marks the chat
 * unreachable. A row that waits behind earlier replies of its chat is left to the dispatcher at once.
 */
import type { Channel, OutgoingMessage } from '../messages';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { QueuedReply } from '../ports/replies';
import type { SendOptions, SendResult } from '../ports/sender';
import type { RateLimiter } from './rate-limiter';
import type { ClaimedRow, OutboxQueue } from './outbox-queue.ports';
import { DEFAULT_RETRY_BACKOFF, MAX_SEND_ATTEMPTS } from './retry-policy';
import { settleFailure, type FailureContext, type RowOutcome } from './row-outcome';

/** Sends messages to the reply's chat: the channel's sender, bound to the chat (or to the live Teams turn). */
export type ReplySend = (messages: OutgoingMessage[], opts: SendOptions) => Promise<SendResult>;

/**
 * Sends a leased reply row once (resuming after the parts already sent) and records the outcome. With
 * `inlineWait`, a 429 whose retry_after fits in `maxMs` is waited out once before giving the row back.
 */
export async function sendReplyRow(
  ctx: FailureContext,
  row: ClaimedRow,
  owner: string,
  send: ReplySend,
  opts: { fresh?: boolean; inlineWait?: { sleep: (ms: number) => Promise<void>; maxMs: number } } = {},
): Promise<RowOutcome> {
  const reply = row.reply!;
  if (reply.messages.length === 0) {
    await ctx.queue.fail(row, owner, row.attempts, 'no_messages');
    return 'failed';
  }
  let parts = reply.partsSent;
  for (let waited = false; ; waited = true) {
    const result = await send(reply.messages, { skipParts: parts, ...(opts.fresh ? { fresh: true } : {}) });
    parts += result.parts ?? 0;
    if (result.ok) {
      await ctx.queue.complete(row, owner, {}, ctx.now());
      return 'sent';
    }
    if (result.kind === 'permanent') {
      ctx.logger.warn('reply_undeliverable', { channel: reply.channel, error: result.error });
      await ctx.queue.fail(row, owner, row.attempts + 1, `permanent: ${result.error}`.slice(0, 500));
      return 'failed';
    }
    const waitMs = (result.retryAfterSeconds ?? 0) * 1000;
    if (result.kind === 'rate_limited' && !waited && opts.inlineWait && waitMs <= opts.inlineWait.maxMs) {
      await opts.inlineWait.sleep(waitMs);
      continue;
    }
    return settleFailure(ctx, row, owner, { kind: result.kind, retryAfterSeconds: result.retryAfterSeconds, error: result.error, partsSent: parts });
  }
}

export interface ReplyDeliveryDeps {
  queue: OutboxQueue;
  clock: Clock;
  logger: Logger;
  limiter?: RateLimiter;
  /** Rings the dispatcher (a reply waits in the outbox, or a retry must be timed). */
  wake: () => void;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  options?: { backoff?: { baseMs: number; maxMs: number }; maxAttempts?: number; maxInlineWaitMs?: number };
}

export interface ReplyDelivery {
  /** Sends a committed turn's replies now, or leaves them to the dispatcher; never rejects. */
  deliver(queued: QueuedReply, send: ReplySend): Promise<RowOutcome | 'queued'>;
  /** Resolves when no delivery is in progress (for a graceful stop). */
  idle(): Promise<void>;
}

export function createReplyDelivery(deps: ReplyDeliveryDeps): ReplyDelivery {
  const ctx: FailureContext = {
    queue: deps.queue,
    logger: deps.logger,
    now: () => deps.clock.now(),
    random: deps.random,
    backoff: deps.options?.backoff ?? DEFAULT_RETRY_BACKOFF,
    maxAttempts: deps.options?.maxAttempts ?? MAX_SEND_ATTEMPTS,
  };
  const maxInlineWaitMs = deps.options?.maxInlineWaitMs ?? 1_500;
  const inFlight = new Set<Promise<unknown>>();
  // Chats with a reply handed to the dispatcher while an earlier one was being sent here: once that one
  // is done, the dispatcher is rung so the waiting reply goes at once rather than at its next timer.
  const waitingBehind = new Set<string>();
  const chatKey = (channel: Channel, chatId: string) => `${channel}:${chatId}`;
  const sending = new Map<string, number>();

  async function run(queued: QueuedReply, send: ReplySend): Promise<RowOutcome> {
    const row = queued.row!;
    const { channel, chatId, messages } = row.reply!;
    // A reply is never held back; it only spends tokens (when there are some) so the outbox's bulk waits.
    for (let i = 0; i < messages.length; i++) deps.limiter?.tryTake(channel, chatId, deps.clock.now().getTime(), { priority: 'reply' });
    const key = chatKey(channel, chatId);
    sending.set(key, (sending.get(key) ?? 0) + 1);
    try {
      const outcome = await sendReplyRow(ctx, row, queued.owner, send, { fresh: true, inlineWait: { sleep: deps.sleep, maxMs: maxInlineWaitMs } });
      if (outcome === 'retried') deps.wake();
      return outcome;
    } catch (err) {
      // Recording the outcome failed (storage): the lease runs out and the dispatcher takes the row over.
      deps.logger.error('reply_delivery_failed', { channel, error: err instanceof Error ? err.name : 'unknown' });
      return 'retried';
    } finally {
      const left = (sending.get(key) ?? 1) - 1;
      if (left > 0) sending.set(key, left);
      else sending.delete(key);
      if (waitingBehind.delete(key)) deps.wake();
    }
  }

  // Per chat, the last reply this process was asked to send: the next one waits for it, then goes out
  // only if it went out (else it is given to the dispatcher, which sends a chat's rows in order). So a chat
  // typing faster than its replies are delivered keeps the fast path instead of queueing behind itself.
  const tails = new Map<string, Promise<RowOutcome | 'queued'>>();

  async function afterPrevious(previous: Promise<RowOutcome | 'queued'> | undefined, queued: QueuedReply, send: ReplySend): Promise<RowOutcome | 'queued'> {
    const before = previous ? await previous : 'sent';
    if (before === 'sent') return run(queued, send);
    try {
      await deps.queue.defer(queued.row!, queued.owner, deps.clock.now());
    } catch (err) {
      // Not given back: its lease runs out and the dispatcher takes it over all the same.
      deps.logger.error('reply_handover_failed', { channel: queued.channel, error: err instanceof Error ? err.name : 'unknown' });
    }
    deps.wake();
    return 'queued';
  }

  return {
    async deliver(queued, send) {
      const key = chatKey(queued.channel, queued.chatId);
      if (!queued.row) {
        if (sending.has(key) || tails.has(key)) waitingBehind.add(key);
        deps.wake();
        return 'queued';
      }
      const task = afterPrevious(tails.get(key), queued, send).catch(() => 'retried' as const);
      tails.set(key, task);
      inFlight.add(task);
      try {
        return await task;
      } finally {
        inFlight.delete(task);
        if (tails.get(key) === task) tails.delete(key);
      }
    },
    async idle() {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}
