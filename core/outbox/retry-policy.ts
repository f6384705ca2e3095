/**
 * What the outbox does after a failed send: whether to try again, and when. Pure: randomness comes in as
 * a function, so tests can pin the jitter.
 */
import type { SendResult } from '../ports/sender';

/** How a failed send is treated; the same kinds a `ChannelSender` reports. */
export type SendFailureKind = Extract<SendResult, { ok: false }>['kind'];

/**
 * Total sends tried for one outbox message (the first one included) before it is marked failed. With the
 * default backoff the nine retries' ceilings run 2 s, 4 s … 512 s: a message rides out up to about 17
 * minutes of outage (about half that on average, with jitter; longer when the channel sends `retry_after`)
 * without being retried forever.
 */
export const MAX_SEND_ATTEMPTS = 10;

/** Backoff defaults for the outbox: a 2 s base, never more than 15 min between tries. */
export const DEFAULT_RETRY_BACKOFF = Object.freeze({ baseMs: 2_000, maxMs: 15 * 60_000 });

/** Options for `nextRetryDelayMs`. */
export interface RetryDelayOptions {
  /** Ceiling of the first retry's delay; it doubles with each failed attempt. */
  baseMs: number;
  /** Largest ceiling the doubling may reach. Does not cut a channel's own `retry_after`. */
  maxMs: number;
  /** The channel's `retry_after` (Telegram `parameters.retry_after`, Teams `Retry-After`), in seconds. */
  retryAfterSeconds?: number;
  /** A uniform random number in [0, 1), e.g. `Math.random` (injected to keep this pure and testable). */
  random: () => number;
}

/**
 * How long to wait before the next send, after `attempt` failed sends (1 after the first failure).
 *
 * Exponential backoff with full jitter: uniform in [0, min(maxMs, baseMs·2^(attempt−1))), so many
 * messages failing together (a channel outage) do not come back in lock-step.
 *
 * When the channel gave a `retry_after`, the delay is never shorter than it, even if that exceeds `maxMs`:
 * sending earlier only earns another 429 and, on Telegram, a longer ban. A jitter of up to `baseMs` is
 * added on top so a burst of throttled messages does not all return in the same millisecond.
 *
 * @throws RangeError for a non-positive attempt or base, or `maxMs < baseMs`.
 */
export function nextRetryDelayMs(attempt: number, opts: RetryDelayOptions): number {
  const { baseMs, maxMs, retryAfterSeconds, random } = opts;
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1: ${attempt}`);
  if (!(baseMs > 0) || !(maxMs >= baseMs)) throw new RangeError(`need 0 < baseMs ≤ maxMs: ${baseMs}, ${maxMs}`);

  // A misbehaving random source must not produce negative delays or exceed the ceiling.
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  // 2 ** big overflows to Infinity, which Math.min turns back into maxMs.
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  const backoff = Math.floor(r * ceiling);

  if (retryAfterSeconds === undefined || !(retryAfterSeconds > 0)) return backoff;
  const floorMs = Math.ceil(retryAfterSeconds * 1000);
  return Math.max(backoff, floorMs + Math.floor(r * baseMs));
}

/**
 * A failed send as the channel adapter saw it: HTTP status (Telegram `error_code`), transport/Node error
 * code (`ECONNRESET`, `ETIMEDOUT`…; kept for logs, as every status-less failure is transient unless its
 * description says otherwise) and the API's description.
 */
export interface SendFailure {
  status?: number;
  code?: string;
  description?: string;
}

// Telegram's wording when the recipient is gone for good; matched when an adapter passes no status.
const PERMANENT_DESCRIPTIONS =
  /bot was blocked by the user|user is deactivated|chat not found|bot was kicked|bot can't initiate conversation|have no rights to send|ConversationBlockedByUser|BotDisabledByAdmin/i;
const RATE_LIMITED_DESCRIPTIONS = /too many requests|retry after/i;

/**
 * Sorts a failed send into what the outbox should do with it:
 * - `rate_limited`: 429 (wait at least `retry_after`, then resend);
 * - `permanent`: the recipient cannot be reached and resending cannot help: 403 (bot blocked, user
 *   deactivated, bot removed), 400 (chat not found, or a malformed message that will fail identically),
 *   404, 410, 413 and other 4xx;
 * - `retry`: 5xx, 408, 409, 412 (Teams asks for retries on 412/502/504), network errors, and anything
 *   unrecognised: a transient failure dropped by mistake loses a reminder, while a permanent one retried
 *   by mistake only costs a few bounded attempts (`MAX_SEND_ATTEMPTS`).
 *
 * 401 is `retry` on purpose: it means our own credentials were refused (an expired or rotating token),
 * not that this recipient is unreachable; marking it permanent would drop every message during the fault.
 */
export function classifySendFailure(err: SendFailure): SendFailureKind {
  const { status, description = '' } = err;
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 408 || status === 409 || status === 412) return 'retry';
  if (status !== undefined && status >= 500) return 'retry';
  if (status !== undefined && status >= 400) return 'permanent';
  // No HTTP status: a transport error (ECONNRESET, ETIMEDOUT, UND_ERR_*…) or an adapter that only kept
  // the API's text.
  if (RATE_LIMITED_DESCRIPTIONS.test(description)) return 'rate_limited';
  if (PERMANENT_DESCRIPTIONS.test(description)) return 'permanent';
  return 'retry';
}

/** What to do after a failure: try again after `delayMs`, or stop and mark the message failed. */
export type RetryDecision = { action: 'retry'; delayMs: number } | { action: 'give_up'; reason: 'permanent' | 'max_attempts' };

/**
 * Combines the two halves above for the outbox worker: `attempt` is the number of sends tried so far
 * (including the one that just failed). Rate-limited sends count as attempts too, so a channel that
 * throttles forever cannot keep a message alive forever.
 */
export function decideRetry(
  attempt: number,
  kind: SendFailureKind,
  opts: RetryDelayOptions,
  maxAttempts: number = MAX_SEND_ATTEMPTS,
): RetryDecision {
  if (kind === 'permanent') return { action: 'give_up', reason: 'permanent' };
  if (attempt >= maxAttempts) return { action: 'give_up', reason: 'max_attempts' };
  // A retry_after is honoured whatever the kind: Teams also sends Retry-After with some 503s.
  return { action: 'retry', delayMs: nextRetryDelayMs(attempt, opts) };
}
