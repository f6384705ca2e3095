/**
 * The deployment's live instances (core/ports/instances.ts): the in-memory registry must count like the
 * Prisma one (leases named `instance:<id>`, on SQLite and on PostgreSQL). Then the heartbeat service that
 * turns the count into the rate limiter's share, over the Prisma registry of two "instances".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceRegistry } from '../../core/ports/instances';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from '../../core/outbox/rate-limiter';
import { PrismaInstanceRegistry, PrismaLeases } from '../../bot/storage/lease.repository';
import { instanceHeartbeat } from '../../bot/http/instance-heartbeat';
import { createLogger } from '../../bot/logger';
import { MemoryInstanceRegistry } from '../support/memory-stores';
import { ManualClock } from '../support/manual-clock';
import { createHarness, type Harness } from '../support/ponte-harness';

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
});
afterAll(async () => harness.close());

const impls: Record<string, () => InstanceRegistry> = {
  memory: () => new MemoryInstanceRegistry(),
  prisma: () => new PrismaInstanceRegistry(harness.ponte.prisma),
};
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe.each(Object.keys(impls))('instance registry contract: %s', (name) => {
  let r: InstanceRegistry;
  beforeAll(() => {
    r = impls[name]!();
  });

  it('counts itself alone, then every instance that renews; renewing does not count twice', async () => {
    expect(await r.heartbeat(`${name}-a`, at(0), 15_000)).toBe(1);
    expect(await r.heartbeat(`${name}-b`, at(1), 15_000)).toBe(2);
    expect(await r.heartbeat(`${name}-a`, at(5), 15_000)).toBe(2);
    expect(await r.heartbeat(`${name}-a`, at(10), 15_000)).toBe(2);
  });

  it('an instance that stopped renewing stops counting once its entry expired', async () => {
    // b last renewed at 1 s with 15 s: still counted at 16 s, gone after.
    expect(await r.heartbeat(`${name}-a`, at(16), 15_000)).toBe(2);
    expect(await r.heartbeat(`${name}-a`, at(17), 15_000)).toBe(1);
    // It may come back (a pause, not a death): counted again.
    expect(await r.heartbeat(`${name}-b`, at(18), 15_000)).toBe(2);
  });

  it('a clean stop leaves at once; leaving twice or unknown is harmless', async () => {
    await r.leave(`${name}-b`);
    await r.leave(`${name}-b`);
    await r.leave(`${name}-never`);
    expect(await r.heartbeat(`${name}-a`, at(19), 15_000)).toBe(1);
  });
});

describe('PrismaInstanceRegistry beside other leases', () => {
  it('counts only instances, not the Telegram polling lease, and sweeps out dead entries', async () => {
    const { prisma } = harness.ponte;
    const leases = new PrismaLeases(prisma);
    expect(await leases.tryAcquire('telegram polling', 'someone', at(100), 60_000)).toBe(true);
    const r = new PrismaInstanceRegistry(prisma);
    expect(await r.heartbeat('x1', at(100), 15_000)).toBe(1);
    expect(await r.heartbeat('x2', at(100), 15_000)).toBe(2);
    expect(await r.heartbeat('x1', at(120), 15_000)).toBe(1);
    expect(await prisma.lease.count({ where: { name: 'instance:x2' } })).toBe(0);
    expect(await leases.holder('telegram polling', at(120))).toBe('someone');
  });
});

describe('instanceHeartbeat', () => {
  it("gives the limiter 1/N of the global limits, and the whole again when the other instance's entry expires", async () => {
    const clock = new ManualClock(at(1_000));
    const registry = new PrismaInstanceRegistry(harness.ponte.prisma);
    const logger = createLogger('silent');
    const a = instanceHeartbeat({ registry, clock, logger, instance: 'hb-a', intervalMs: 5_000 });
    const b = instanceHeartbeat({ registry, clock, logger, instance: 'hb-b', intervalMs: 5_000 });
    const limiter = createRateLimiter({ ...DEFAULT_RATE_LIMITS, share: a });
    await a.start();
    expect(a.fraction()).toBe(1);
    await b.start();
    expect(b.fraction()).toBe(0.5);
    await a.beat();
    expect(a.live()).toBe(2);
    // Telegram's global burst of 5 is 2.5 now: two sends at once, the third waits.
    const now = clock.now().getTime();
    expect(limiter.tryTake('telegram', 'c1', now).ok).toBe(true);
    expect(limiter.tryTake('telegram', 'c2', now).ok).toBe(true);
    expect(limiter.tryTake('telegram', 'c3', now).ok).toBe(false);
    // b dies without leaving (kill -9): after its 15 s TTL, a counts itself alone.
    clock.advance(16_000);
    await a.beat();
    expect(a.fraction()).toBe(1);
    // A clean stop leaves at once.
    await b.beat();
    await a.beat();
    expect(a.live()).toBe(2);
    await b.stop();
    await a.beat();
    expect(a.live()).toBe(1);
    await a.stop();
    expect(await harness.ponte.prisma.lease.count({ where: { name: { startsWith: 'instance:hb-' } } })).toBe(0);
  });
});
