import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RATE_LIMITS, createRateLimiter, type RateLimiterConfig } from '../../../core/outbox/rate-limiter';

const T0 = 1_780_000_000_000;

describe('createRateLimiter with the default limits', () => {
  it('Telegram: a short burst per chat, then one message a second', () => {
    const rl = createRateLimiter();
    expect(rl.tryTake('telegram', 'chat-1', T0)).toEqual({ ok: true });
    expect(rl.tryTake('telegram', 'chat-1', T0)).toEqual({ ok: true });
    expect(rl.tryTake('telegram', 'chat-1', T0)).toEqual({ ok: true });
    expect(rl.tryTake('telegram', 'chat-1', T0)).toEqual({ ok: false, waitMs: 1000 });
    expect(rl.tryTake('telegram', 'chat-1', T0 + 999)).toEqual({ ok: false, waitMs: 1 });
    expect(rl.tryTake('telegram', 'chat-1', T0 + 1000)).toEqual({ ok: true });
    // Another chat is not held up by chat-1.
    expect(rl.tryTake('telegram', 'chat-2', T0 + 1000)).toEqual({ ok: true });
  });

  it('Telegram: the global bucket spaces sends across chats', () => {
    const rl = createRateLimiter();
    for (let i = 0; i < 5; i++) expect(rl.tryTake('telegram', `c${i}`, T0).ok).toBe(true);
    expect(rl.tryTake('telegram', 'c5', T0)).toEqual({ ok: false, waitMs: 40 }); // 1 token at 25/s
    expect(rl.tryTake('telegram', 'c5', T0 + 40)).toEqual({ ok: true });
  });

  it('never lets more than 30 Telegram messages through in any second', () => {
    const rl = createRateLimiter();
    const sent: number[] = [];
    for (let t = T0; t < T0 + 10_000; t += 5) {
      for (let k = 0; k < 3; k++) if (rl.tryTake('telegram', `c${(t / 5 + k) % 997}`, t).ok) sent.push(t);
    }
    for (let i = 0; i < sent.length; i++) {
      const within = sent.filter((s) => s >= sent[i]! && s < sent[i]! + 1000).length;
      expect(within).toBeLessThanOrEqual(30);
    }
    expect(sent.length).toBeGreaterThan(240); // and it really does sustain ~25/s
  });

  it('Teams: 7 at once per conversation, the global bucket per tenant', () => {
    const rl = createRateLimiter();
    for (let i = 0; i < 7; i++) expect(rl.tryTake('teams', 'conv-a', T0, { scope: 'tenant-1' }).ok).toBe(true);
    const denied = rl.tryTake('teams', 'conv-a', T0, { scope: 'tenant-1' });
    expect(denied).toEqual({ ok: false, waitMs: Math.ceil(1000 / 0.49) });
    // Tenant 1's global bucket has 3 tokens left; tenant 2's is untouched.
    for (let i = 0; i < 3; i++) expect(rl.tryTake('teams', `t1-${i}`, T0, { scope: 'tenant-1' }).ok).toBe(true);
    expect(rl.tryTake('teams', 't1-x', T0, { scope: 'tenant-1' }).ok).toBe(false);
    expect(rl.tryTake('teams', 't2-x', T0, { scope: 'tenant-2' }).ok).toBe(true);
  });

  it('channels are independent and the console is never limited', () => {
    const rl = createRateLimiter();
    for (let i = 0; i < 5; i++) rl.tryTake('telegram', `c${i}`, T0);
    expect(rl.tryTake('telegram', 'c9', T0).ok).toBe(false);
    expect(rl.tryTake('teams', 'c9', T0).ok).toBe(true);
    for (let i = 0; i < 1000; i++) expect(rl.tryTake('console', 'me', T0)).toEqual({ ok: true });
  });
});

describe('priorities: bulk leaves headroom for replies', () => {
  const config: RateLimiterConfig = {
    channels: { telegram: { perChat: { ratePerSec: 1, burst: 3, bulkReserve: 1 }, global: { ratePerSec: 10, burst: 5, bulkReserve: 2 } } },
  };

  it('bulk stops at the global reserve; replies may use it', () => {
    const rl = createRateLimiter(config);
    for (let i = 0; i < 3; i++) expect(rl.tryTake('telegram', `b${i}`, T0, { priority: 'bulk' }).ok).toBe(true);
    expect(rl.tryTake('telegram', 'b3', T0, { priority: 'bulk' })).toEqual({ ok: false, waitMs: 100 });
    expect(rl.tryTake('telegram', 'r1', T0, { priority: 'reply' }).ok).toBe(true);
    expect(rl.tryTake('telegram', 'r2', T0).ok).toBe(true); // reply is the default
    expect(rl.tryTake('telegram', 'r3', T0)).toEqual({ ok: false, waitMs: 100 });
    // Now bulk must wait for the reserve to refill as well: 3 tokens at 10/s.
    expect(rl.tryTake('telegram', 'b3', T0, { priority: 'bulk' })).toEqual({ ok: false, waitMs: 300 });
  });

  it('bulk to one chat keeps a token for that person to get a reply', () => {
    const rl = createRateLimiter(config);
    expect(rl.tryTake('telegram', 'anna', T0, { priority: 'bulk' }).ok).toBe(true);
    expect(rl.tryTake('telegram', 'anna', T0, { priority: 'bulk' }).ok).toBe(true);
    expect(rl.tryTake('telegram', 'anna', T0, { priority: 'bulk' })).toEqual({ ok: false, waitMs: 1000 });
    expect(rl.tryTake('telegram', 'anna', T0, { priority: 'reply' }).ok).toBe(true);
  });

  it('bulk still gets the full sustained rate when nobody is replying', () => {
    const rl = createRateLimiter(config);
    let sent = 0;
    for (let t = T0; t < T0 + 10_000; t += 10) if (rl.tryTake('telegram', `c${t}`, t, { priority: 'bulk' }).ok) sent++;
    expect(sent).toBeGreaterThanOrEqual(100); // 10/s for 10 s, plus the burst above the reserve
  });

  it('after any stream of bulk sends, a reply to a new chat goes out at once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (steps) => {
        const rl = createRateLimiter(config);
        let t = T0;
        for (const [dt, chat] of steps) {
          t += dt;
          rl.tryTake('telegram', `c${chat}`, t, { priority: 'bulk' });
        }
        expect(rl.tryTake('telegram', 'someone-new', t, { priority: 'reply' })).toEqual({ ok: true });
      }),
    );
  });
});

describe('invariants', () => {
  const config: RateLimiterConfig = {
    channels: { telegram: { perChat: { ratePerSec: 2, burst: 2, bulkReserve: 1 }, global: { ratePerSec: 20, burst: 4, bulkReserve: 1 } } },
  };
  const ops = fc.array(
    fc.record({ dt: fc.integer({ min: 0, max: 300 }), chat: fc.integer({ min: 0, max: 5 }), bulk: fc.boolean() }),
    { maxLength: 400 },
  );

  it('no window of W ms lets more than burst + rate·W through, per chat and overall', () => {
    fc.assert(
      fc.property(ops, (steps) => {
        const rl = createRateLimiter(config);
        const sent: { t: number; chat: number }[] = [];
        let t = T0;
        for (const s of steps) {
          t += s.dt;
          if (rl.tryTake('telegram', `c${s.chat}`, t, { priority: s.bulk ? 'bulk' : 'reply' }).ok) sent.push({ t, chat: s.chat });
        }
        for (const first of sent) {
          for (const w of [0, 100, 500, 1000]) {
            const inWindow = sent.filter((x) => x.t >= first.t && x.t <= first.t + w);
            expect(inWindow.length).toBeLessThanOrEqual(Math.floor(4 + (20 * w) / 1000));
            expect(inWindow.filter((x) => x.chat === first.chat).length).toBeLessThanOrEqual(Math.floor(2 + (2 * w) / 1000));
          }
        }
      }),
    );
  });

  it('a refusal takes nothing, and asking again after waitMs succeeds', () => {
    fc.assert(
      fc.property(ops, fc.integer({ min: 0, max: 5 }), fc.boolean(), (steps, chat, bulk) => {
        const rl = createRateLimiter(config);
        let t = T0;
        for (const s of steps) {
          t += s.dt;
          rl.tryTake('telegram', `c${s.chat}`, t, { priority: s.bulk ? 'bulk' : 'reply' });
        }
        const priority = bulk ? 'bulk' : 'reply';
        const first = rl.tryTake('telegram', `c${chat}`, t, { priority });
        if (first.ok) return;
        // Refusals are idempotent: asking twice gives the same wait.
        expect(rl.tryTake('telegram', `c${chat}`, t, { priority })).toEqual(first);
        expect(rl.tryTake('telegram', `c${chat}`, t + first.waitMs, { priority })).toEqual({ ok: true });
      }),
    );
  });

  it('a clock stepping back mints no tokens', () => {
    const rl = createRateLimiter(config);
    expect(rl.tryTake('telegram', 'x', T0).ok).toBe(true);
    expect(rl.tryTake('telegram', 'x', T0).ok).toBe(true);
    expect(rl.tryTake('telegram', 'x', T0 - 60_000).ok).toBe(false);
    expect(rl.tryTake('telegram', 'x', T0 + 499).ok).toBe(false);
    expect(rl.tryTake('telegram', 'x', T0 + 500).ok).toBe(true);
  });
});

describe('bounded memory', () => {
  it('drops buckets that have refilled once the sweep interval passes', () => {
    const rl = createRateLimiter({ ...DEFAULT_RATE_LIMITS, sweepIntervalMs: 60_000 });
    for (let i = 0; i < 500; i++) rl.tryTake('telegram', `chat-${i}`, T0 + i * 40);
    expect(rl.size()).toBeGreaterThan(400);
    rl.tryTake('telegram', 'late', T0 + 120_000);
    // Everything idle is gone; only buckets that are not full remain (the one just used and the global).
    expect(rl.size()).toBeLessThanOrEqual(2);
  });

  it('never holds more than maxBuckets, however many chats are busy at once', () => {
    const rl = createRateLimiter({ ...DEFAULT_RATE_LIMITS, maxBuckets: 50 });
    for (let i = 0; i < 5_000; i++) {
      rl.tryTake('teams', `conv-${i}`, T0 + i, { scope: `tenant-${i % 7}` });
      expect(rl.size()).toBeLessThanOrEqual(50);
    }
  });
});

describe('configuration', () => {
  const bad = (perChat: object) => () =>
    createRateLimiter({ channels: { telegram: { perChat: perChat as never, global: { ratePerSec: 1, burst: 1 } } } });

  it('rejects impossible buckets', () => {
    expect(bad({ ratePerSec: 0, burst: 1 })).toThrow(RangeError);
    expect(bad({ ratePerSec: 1, burst: 0.5 })).toThrow(RangeError);
    expect(bad({ ratePerSec: 1, burst: 3, bulkReserve: 3 })).toThrow(/bulk could never send/);
    expect(bad({ ratePerSec: 1, burst: 3, bulkReserve: -1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ channels: {}, maxBuckets: 1 })).toThrow(RangeError);
    expect(bad({ ratePerSec: 1, burst: 3, bulkReserve: 2 })).not.toThrow();
  });
});

describe('a share of the deployment-wide limits (several instances)', () => {
  it('two instances at half each never let more than 30 Telegram messages through in any second together', () => {
    const half = { fraction: () => 0.5 };
    const a = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: half });
    const b = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: half });
    const sent: number[] = [];
    for (let t = T0; t < T0 + 10_000; t += 5) {
      for (const [i, rl] of [a, b].entries()) if (rl.tryTake('telegram', `c${i}-${(t / 5) % 997}`, t).ok) sent.push(t);
    }
    for (const s of sent) expect(sent.filter((x) => x >= s && x < s + 1000).length).toBeLessThanOrEqual(30);
    // Together they still sustain the whole rate (25/s), not half of it.
    expect(sent.length).toBeGreaterThan(240);
  });

  it('follows the share as it changes: an instance that is left alone gets the whole rate back', () => {
    let live = 2;
    const rl = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: { fraction: () => 1 / live } });
    const count = (from: number, ms: number) => {
      let n = 0;
      for (let t = from; t < from + ms; t += 5) if (rl.tryTake('telegram', `c${t}`, t).ok) n++;
      return n;
    };
    expect(count(T0, 4_000)).toBeLessThanOrEqual(2.5 + 12.5 * 4);
    live = 1;
    expect(count(T0 + 4_000, 4_000)).toBeGreaterThan(12.5 * 4 + 20);
  });

  it('per Teams tenant too', () => {
    const rl = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: { fraction: () => 0.5 } });
    // Tenant bucket: 10 / 2 = 5 at once, then 20/s.
    for (let i = 0; i < 5; i++) expect(rl.tryTake('teams', `conv-${i}`, T0, { scope: 't1' }).ok).toBe(true);
    expect(rl.tryTake('teams', 'conv-x', T0, { scope: 't1' })).toEqual({ ok: false, waitMs: 50 });
    expect(rl.tryTake('teams', 'conv-y', T0, { scope: 't2' }).ok).toBe(true);
  });

  it('the per-chat buckets stay whole: only the global ones are shared', () => {
    const rl = createRateLimiter({ channels: { telegram: { perChat: { ratePerSec: 1, burst: 3 }, global: { ratePerSec: 100, burst: 50 } } }, share: { fraction: () => 0.5 } });
    for (let i = 0; i < 3; i++) expect(rl.tryTake('telegram', 'one-chat', T0).ok).toBe(true);
    expect(rl.tryTake('telegram', 'one-chat', T0)).toEqual({ ok: false, waitMs: 1000 });
  });

  it('many instances: the burst stays one message, so each can still send; a broken share means the whole limit', () => {
    const rl = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: { fraction: () => 1 / 20 } });
    expect(rl.tryTake('telegram', 'a', T0, { priority: 'bulk' }).ok).toBe(true);
    expect(rl.tryTake('telegram', 'b', T0)).toEqual({ ok: false, waitMs: 800 }); // 25/20 per second
    for (const f of [0, -1, Number.NaN, Infinity]) {
      const whole = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: { fraction: () => f } });
      for (let i = 0; i < 5; i++) expect(whole.tryTake('telegram', `c${i}`, T0).ok).toBe(true);
    }
  });
});
