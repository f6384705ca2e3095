import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RETRY_BACKOFF,
  MAX_SEND_ATTEMPTS,
  classifySendFailure,
  decideRetry,
  nextRetryDelayMs,
  type SendFailure,
} from '../../../core/outbox/retry-policy';

const fixed = (r: number) => () => r;
const BASE = { baseMs: 1_000, maxMs: 60_000 };

describe('nextRetryDelayMs', () => {
  it.each([
    // attempt  random   expected   why
    [1, 0, 0], // full jitter starts at zero
    [1, 0.5, 500], // ceiling 1 s
    [2, 0.5, 1_000], // ceiling 2 s
    [3, 0.999, 3_996], // ceiling 4 s, never reached
    [7, 0.5, 30_000], // ceiling 64 s, capped to 60 s
    [60, 0.5, 30_000], // huge attempts stay capped (2^59 does not overflow the result)
    [5000, 0.5, 30_000], // 2^4999 is Infinity; still capped
  ])('attempt %d with random %d → %d ms', (attempt, r, expected) => {
    expect(nextRetryDelayMs(attempt, { ...BASE, random: fixed(r) })).toBe(expected);
  });

  it('never retries earlier than retry_after, even beyond the cap', () => {
    expect(nextRetryDelayMs(1, { ...BASE, retryAfterSeconds: 5, random: fixed(0) })).toBe(5_000);
    expect(nextRetryDelayMs(1, { ...BASE, retryAfterSeconds: 5, random: fixed(0.5) })).toBe(5_500);
    expect(nextRetryDelayMs(1, { ...BASE, retryAfterSeconds: 3600, random: fixed(0) })).toBe(3_600_000);
    // Backoff already longer than retry_after: the longer one wins.
    expect(nextRetryDelayMs(7, { ...BASE, retryAfterSeconds: 1, random: fixed(0.9) })).toBe(54_000);
    // Fractional seconds are rounded up, not down.
    expect(nextRetryDelayMs(1, { ...BASE, retryAfterSeconds: 0.0014, random: fixed(0) })).toBe(2);
  });

  it('ignores a missing, zero or negative retry_after', () => {
    for (const retryAfterSeconds of [undefined, 0, -3, Number.NaN]) {
      expect(nextRetryDelayMs(2, { ...BASE, retryAfterSeconds, random: fixed(0.25) })).toBe(500);
    }
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(nextRetryDelayMs(1, { ...BASE, random: fixed(-1) })).toBe(0);
    expect(nextRetryDelayMs(1, { ...BASE, random: fixed(1) })).toBe(999);
    expect(nextRetryDelayMs(1, { ...BASE, random: fixed(7) })).toBe(999);
  });

  it('rejects nonsense', () => {
    expect(() => nextRetryDelayMs(0, { ...BASE, random: fixed(0) })).toThrow(RangeError);
    expect(() => nextRetryDelayMs(1.5, { ...BASE, random: fixed(0) })).toThrow(RangeError);
    expect(() => nextRetryDelayMs(1, { baseMs: 0, maxMs: 10, random: fixed(0) })).toThrow(RangeError);
    expect(() => nextRetryDelayMs(1, { baseMs: 10, maxMs: 5, random: fixed(0) })).toThrow(RangeError);
  });

  it('stays within [retry_after, max(cap, retry_after + base)) for any input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.option(fc.double({ min: 0, max: 7200, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, baseMs, extra, retryAfterSeconds, r) => {
          const maxMs = baseMs + extra;
          const d = nextRetryDelayMs(attempt, { baseMs, maxMs, retryAfterSeconds, random: fixed(r) });
          const floor = retryAfterSeconds ? Math.ceil(retryAfterSeconds * 1000) : 0;
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(floor);
          expect(d).toBeLessThan(Math.max(maxMs, floor + baseMs));
        },
      ),
    );
  });

  it('default backoff ceilings grow to the cap', () => {
    const ceilings = Array.from({ length: MAX_SEND_ATTEMPTS }, (_, i) =>
      nextRetryDelayMs(i + 1, { ...DEFAULT_RETRY_BACKOFF, random: fixed(1 - Number.EPSILON) }),
    );
    expect(ceilings[0]).toBe(1_999);
    expect(ceilings.every((c, i) => i === 0 || c >= ceilings[i - 1]!)).toBe(true);
    expect(Math.max(...ceilings)).toBeLessThanOrEqual(DEFAULT_RETRY_BACKOFF.maxMs);
  });
});

describe('classifySendFailure', () => {
  it.each<[string, SendFailure, 'retry' | 'rate_limited' | 'permanent']>([
    ['Telegram 429', { status: 429, description: 'Too Many Requests: retry after 5' }, 'rate_limited'],
    ['Teams 429', { status: 429 }, 'rate_limited'],
    ['bot blocked', { status: 403, description: 'Forbidden: bot was blocked by the user' }, 'permanent'],
    ['user deactivated', { status: 403, description: 'Forbidden: user is deactivated' }, 'permanent'],
    ['chat not found', { status: 400, description: 'Bad Request: chat not found' }, 'permanent'],
    ['malformed message', { status: 400, description: "Bad Request: can't parse entities" }, 'permanent'],
    ['Teams conversation gone', { status: 404 }, 'permanent'],
    ['Teams 412', { status: 412 }, 'retry'],
    ['server error', { status: 500 }, 'retry'],
    ['bad gateway', { status: 502 }, 'retry'],
    ['unavailable', { status: 503 }, 'retry'],
    ['gateway timeout', { status: 504 }, 'retry'],
    ['request timeout', { status: 408 }, 'retry'],
    ['our credentials refused', { status: 401 }, 'retry'],
    ['connection reset', { code: 'ECONNRESET' }, 'retry'],
    ['timeout', { code: 'ETIMEDOUT', description: 'socket hang up' }, 'retry'],
    ['DNS hiccup', { code: 'EAI_AGAIN' }, 'retry'],
    ['undici', { code: 'UND_ERR_CONNECT_TIMEOUT' }, 'retry'],
    ['nothing known', {}, 'retry'],
    ['text only: blocked', { description: 'Forbidden: bot was blocked by the user' }, 'permanent'],
    ['text only: throttled', { description: 'Too Many Requests: retry after 3' }, 'rate_limited'],
    ['text only: Teams blocked', { description: 'ConversationBlockedByUser' }, 'permanent'],
  ])('%s', (_name, err, expected) => {
    expect(classifySendFailure(err)).toBe(expected);
  });

  it('a status wins over a misleading description', () => {
    expect(classifySendFailure({ status: 502, description: 'chat not found' })).toBe('retry');
  });
});

describe('decideRetry', () => {
  const opts = { ...BASE, random: fixed(0.5) };

  it('gives up at once on permanent failures', () => {
    expect(decideRetry(1, 'permanent', opts)).toEqual({ action: 'give_up', reason: 'permanent' });
  });

  it('retries transient failures until the attempts run out', () => {
    expect(decideRetry(1, 'retry', opts)).toEqual({ action: 'retry', delayMs: 500 });
    expect(decideRetry(MAX_SEND_ATTEMPTS - 1, 'retry', opts)).toMatchObject({ action: 'retry' });
    expect(decideRetry(MAX_SEND_ATTEMPTS, 'retry', opts)).toEqual({ action: 'give_up', reason: 'max_attempts' });
    expect(decideRetry(3, 'retry', opts, 3)).toEqual({ action: 'give_up', reason: 'max_attempts' });
  });

  it('waits out retry_after when rate limited, and counts it as an attempt', () => {
    expect(decideRetry(1, 'rate_limited', { ...opts, retryAfterSeconds: 30 })).toEqual({ action: 'retry', delayMs: 30_500 });
    expect(decideRetry(MAX_SEND_ATTEMPTS, 'rate_limited', { ...opts, retryAfterSeconds: 30 })).toMatchObject({ action: 'give_up' });
  });
});
