/**
 * The gate in front of PostgreSQL turns (bot/storage/turn-gate.ts): at most `limit` units at once, the
 * others in arrival order, a unit inside a unit joins it without a second slot, and a unit that waited
 * too long fails before running anything (the channel delivers the update again).
 */
import { describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../core/ports/unit-of-work';
import { gatedUnitOfWork, TurnGateTimeout } from '../../../bot/storage/turn-gate';
import { InlineUnitOfWork } from '../../support/memory-stores';
import { createHarness } from '../../support/ponte-harness';

const tick = () => new Promise((r) => setTimeout(r, 5));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('gatedUnitOfWork', () => {
  it('runs at most `limit` units at once, and the waiting ones in the order they came', async () => {
    const gate = gatedUnitOfWork(new InlineUnitOfWork(), 2, 5_000);
    const started: number[] = [];
    const finish = [deferred(), deferred(), deferred(), deferred()];
    const units = finish.map((d, i) =>
      gate.run(`chat-${i}`, async () => {
        started.push(i);
        await d.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    finish[0]!.resolve();
    finish[2]!.resolve();
    finish[3]!.resolve();
    expect(await Promise.all(units)).toEqual([0, 1, 2, 3]);
  });

  it('a unit that throws gives its slot back', async () => {
    const gate = gatedUnitOfWork(new InlineUnitOfWork(), 1, 5_000);
    await expect(gate.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('b', async () => 'ran')).toBe('ran');
  });

  it('a unit that waited longer than maxWaitMs fails without running; the queue goes on', async () => {
    const gate = gatedUnitOfWork(new InlineUnitOfWork(), 1, 30);
    const hold = deferred();
    const first = gate.run('a', () => hold.promise);
    let ran = false;
    await expect(
      gate.run('b', async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(TurnGateTimeout);
    expect(ran).toBe(false);
    hold.resolve();
    await first;
    expect(await gate.run('c', async () => 'next')).toBe('next');
  });

  it('a unit inside a unit joins it without taking a second slot', async () => {
    // A real PrismaUnitOfWork marks "inside a unit" through AsyncLocalStorage; the gate asks it.
    const h = await createHarness();
    try {
      const inner: UnitOfWork = h.ponte.units;
      const gate = gatedUnitOfWork(inner, 1, 200);
      expect(await gate.run('outer', () => gate.run('inner', async () => 'joined'))).toBe('joined');
    } finally {
      await h.close();
    }
  });
});
