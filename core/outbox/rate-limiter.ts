/**
 * Token-bucket rate limiting for outgoing messages, so the outbox stays under each channel's limits
 * instead of collecting 429s. Pure: the caller passes the time; nothing here sleeps or reads a clock.
 *
 * Each send takes one token from two buckets at once: the recipient's conversation bucket and the
 * channel's global bucket (per tenant on Teams, via `scope`). It succeeds only if both have a token, and
 * then takes from both; otherwise nothing is taken and the caller learns how long to wait.
 *
 * With several instances the global limits are the deployment's, not the process's: each instance runs
 * its global buckets at its `LimitShare` of them (1/N with N live instances), so together they stay at
 * the channel's limit. The per-chat buckets stay whole in every process: one chat's turns are serialised
 * across instances, and the rare overlap (two instances answering one chat within a second) costs a 429,
 * whose retry_after the outbox honours.
 */
import type { Channel } from '../messages';

/**
 * One bucket: holds up to `burst` tokens and refills at `ratePerSec`. The most a bucket lets through in
 * any window of W seconds is `burst + ratePerSec·W`, which is how the defaults below were sized.
 */
export interface BucketSpec {
  ratePerSec: number;
  burst: number;
  /**
   * Tokens bulk sends must leave in the bucket (see `SendPriority`). Must be below `burst`, or bulk
   * could never send. Defaults to 0.
   */
  bulkReserve?: number;
}

/** Limits for one channel: per conversation, and overall (per `scope`, e.g. the Teams tenant). */
export interface ChannelLimits {
  perChat: BucketSpec;
  global: BucketSpec;
}

/**
 * This process's part of the deployment-wide (global) buckets, read on every take so that a change
 * applies at once: 1 when it runs alone, 1/N with N live instances (bot/http/instance-heartbeat.ts).
 */
export interface LimitShare {
  /** A fraction in (0, 1]; anything else counts as 1. */
  fraction(): number;
}

/** Configuration for `createRateLimiter`. A channel with no entry (the console) is never limited. */
export interface RateLimiterConfig {
  channels: Partial<Record<Channel, ChannelLimits>>;
  /** Scales every global bucket (rate, burst and reserve); default: the whole limit. */
  share?: LimitShare;
  /** Most buckets kept in memory; beyond it the least recently used are dropped. Default 10 000. */
  maxBuckets?: number;
  /** How often idle buckets are swept out, in ms of the caller's clock. Default 60 000. */
  sweepIntervalMs?: number;
}

/**
 * Defaults sized so that no window exceeds the documented limits, using `burst + rate·W`:
 * - Telegram: about 1 message/s per chat (short bursts of 3 allowed, as Telegram tolerates them) and at
 *   most 30/s overall (5 + 25·1);
 * - Teams: 7 per conversation at once, then 0.49/s, which keeps every Microsoft per-thread window
 *   (7/1 s, 8/2 s, 60/30 s, 1800/h) satisfied; at most 50/s per tenant overall (10 + 40·1).
 */
export const DEFAULT_RATE_LIMITS: RateLimiterConfig = Object.freeze({
  channels: {
    telegram: {
      perChat: { ratePerSec: 1, burst: 3, bulkReserve: 1 },
      global: { ratePerSec: 25, burst: 5, bulkReserve: 2 },
    },
    teams: {
      perChat: { ratePerSec: 0.49, burst: 7, bulkReserve: 2 },
      global: { ratePerSec: 40, burst: 10, bulkReserve: 3 },
    },
  },
});

/**
 * `reply`: an answer to something the person just did; may use every token.
 * `bulk`: reminders, digests, broadcasts; may only take a token while the bucket keeps `bulkReserve`
 * more. Under a steady stream of bulk the bucket therefore hovers at the reserve instead of empty, so a
 * reply arriving mid-broadcast goes out at once, while bulk still gets the full sustained rate whenever
 * there are no replies (the reserve is headroom, not a share of the throughput).
 */
export type SendPriority = 'reply' | 'bulk';

/** Per-call options for `tryTake`. */
export interface TakeOptions {
  /** Defaults to `reply`, so a plain three-argument call is an ordinary limiter. */
  priority?: SendPriority;
  /** Which global bucket to charge within the channel: the Teams tenant id. Defaults to one per channel. */
  scope?: string;
}

/** Either the send may go now (and its tokens are taken), or it should be retried after `waitMs`. */
export type TakeResult = { ok: true } | { ok: false; waitMs: number };

/** A rate limiter over all channels; see `createRateLimiter`. */
export interface RateLimiter {
  /**
   * Takes a token for one message to `chatKey` on `channel` at `nowMs` (epoch ms), if allowed. `waitMs` is
   * a lower bound: another send may take the token first, so the caller asks again after waiting.
   */
  tryTake(channel: Channel, chatKey: string, nowMs: number, opts?: TakeOptions): TakeResult;
  /** Buckets currently held in memory (for tests and metrics). */
  size(): number;
}

interface Bucket {
  spec: Required<BucketSpec>;
  tokens: number;
  at: number;
}

// Refilling by float arithmetic leaves 0.9999999-style dust; treat it as a whole token, and do not let
// the same dust turn a 1 ms wait into 2.
const EPSILON = 1e-6;
const MS_EPSILON = 1e-9;

function checkedSpec(spec: BucketSpec, where: string): Required<BucketSpec> {
  const bulkReserve = spec.bulkReserve ?? 0;
  if (!(spec.ratePerSec > 0) || !Number.isFinite(spec.ratePerSec)) throw new RangeError(`${where}: ratePerSec must be > 0`);
  if (!(spec.burst >= 1) || !Number.isFinite(spec.burst)) throw new RangeError(`${where}: burst must be ≥ 1`);
  if (!(bulkReserve >= 0) || bulkReserve > spec.burst - 1) {
    throw new RangeError(`${where}: bulkReserve must be between 0 and burst − 1, or bulk could never send`);
  }
  return { ratePerSec: spec.ratePerSec, burst: spec.burst, bulkReserve };
}

/**
 * A global bucket at a share `f` of its limit. The burst never drops below one token, or the bucket
 * could never send: beyond `burst` instances the bursts together exceed the channel's by that much
 * (Telegram's 5 with 6+ instances), which its 429 and retry_after then correct.
 */
function sharedSpec(spec: Required<BucketSpec>, f: number): Required<BucketSpec> {
  if (f >= 1) return spec;
  const burst = Math.max(1, spec.burst * f);
  return { ratePerSec: spec.ratePerSec * f, burst, bulkReserve: Math.min(spec.bulkReserve * f, burst - 1) };
}

/** The share as a usable fraction: a broken or missing value means the whole limit. */
function fractionOf(share: LimitShare | undefined): number {
  const f = share?.fraction() ?? 1;
  return Number.isFinite(f) && f > 0 ? Math.min(1, f) : 1;
}

/** Brings a bucket up to `nowMs`. A clock that steps back mints no tokens; time just stands still. */
function refill(b: Bucket, nowMs: number): void {
  if (nowMs <= b.at) return;
  b.tokens = Math.min(b.spec.burst, b.tokens + ((nowMs - b.at) * b.spec.ratePerSec) / 1000);
  b.at = nowMs;
}

/** Milliseconds until the bucket holds `need` tokens (0 if it already does). */
function waitFor(b: Bucket, need: number): number {
  const missing = need - b.tokens;
  return missing <= EPSILON ? 0 : Math.max(1, Math.ceil((missing * 1000) / b.spec.ratePerSec - MS_EPSILON));
}

/**
 * A limiter with its own in-memory buckets (one process; `config.share` is its part of a deployment).
 * Memory stays bounded: a bucket that has refilled to full is indistinguishable from a new one, so idle
 * buckets are dropped on a periodic sweep, and past `maxBuckets` the least recently used go too.
 *
 * @throws RangeError on an impossible configuration (see `BucketSpec`).
 */
export function createRateLimiter(config: RateLimiterConfig = DEFAULT_RATE_LIMITS): RateLimiter {
  const maxBuckets = config.maxBuckets ?? 10_000;
  const sweepIntervalMs = config.sweepIntervalMs ?? 60_000;
  if (!Number.isInteger(maxBuckets) || maxBuckets < 2) throw new RangeError('maxBuckets must be an integer ≥ 2');
  if (!(sweepIntervalMs > 0)) throw new RangeError('sweepIntervalMs must be > 0');

  // `shared` is the global spec at the share last seen (`at`), so a steady share builds no new objects.
  const limits = new Map<Channel, { perChat: Required<BucketSpec>; global: Required<BucketSpec>; shared: { at: number; spec: Required<BucketSpec> } }>();
  for (const [channel, l] of Object.entries(config.channels) as [Channel, ChannelLimits | undefined][]) {
    if (!l) continue;
    const global = checkedSpec(l.global, `${channel}.global`);
    limits.set(channel, { perChat: checkedSpec(l.perChat, `${channel}.perChat`), global, shared: { at: 1, spec: global } });
  }

  // Map iteration follows insertion order; re-inserting on use makes it least-recently-used first.
  const buckets = new Map<string, Bucket>();
  let lastSweep = -Infinity;

  function bucket(key: string, spec: Required<BucketSpec>, nowMs: number): Bucket {
    let b = buckets.get(key);
    if (b) {
      buckets.delete(key);
      // Refilled at the rate it had until now; from now on the new share's rate and burst apply.
      refill(b, nowMs);
      if (b.spec !== spec) {
        b.spec = spec;
        b.tokens = Math.min(b.tokens, spec.burst);
      }
    } else b = { spec, tokens: spec.burst, at: nowMs };
    buckets.set(key, b);
    return b;
  }

  function sweep(nowMs: number): void {
    lastSweep = nowMs;
    for (const [key, b] of buckets) {
      refill(b, nowMs);
      if (b.tokens >= b.spec.burst - EPSILON) buckets.delete(key);
    }
    // Only reached with more busy conversations than maxBuckets; forgetting one may let a send through a
    // little early, which the channel's 429 + retry_after then corrects. Unbounded growth would be worse.
    for (const key of buckets.keys()) {
      if (buckets.size <= maxBuckets) break;
      buckets.delete(key);
    }
  }

  return {
    tryTake(channel, chatKey, nowMs, opts = {}) {
      const l = limits.get(channel);
      if (!l) return { ok: true };
      const bulk = opts.priority === 'bulk';
      // Keys cannot collide: the prefix and channel are fixed, and the free-form part comes last.
      const chat = bucket(`c|${channel}|${chatKey}`, l.perChat, nowMs);
      const f = fractionOf(config.share);
      if (f !== l.shared.at) l.shared = { at: f, spec: sharedSpec(l.global, f) };
      const global = bucket(`g|${channel}|${opts.scope ?? ''}`, l.shared.spec, nowMs);

      const wait = Math.max(
        waitFor(chat, 1 + (bulk ? chat.spec.bulkReserve : 0)),
        waitFor(global, 1 + (bulk ? global.spec.bulkReserve : 0)),
      );
      if (wait === 0) {
        chat.tokens -= 1;
        global.tokens -= 1;
      }
      if (buckets.size > maxBuckets || nowMs - lastSweep >= sweepIntervalMs) sweep(nowMs);
      return wait === 0 ? { ok: true } : { ok: false, waitMs: wait };
    },
    size: () => buckets.size,
  };
}
