/**
 * At most `limit` units of work (turns) at once in this process, the rest waiting in order, so that on
 * PostgreSQL a burst of turns never takes every connection of the pool. A turn holds its connection for
 * its whole transaction; with all of them taken, what commits a sent reply, the dispatcher's claims and
 * the instance heartbeat queue behind the waiting turns, replies stay "unsent" for seconds, the next
 * reply of each chat then queues behind them for a dispatcher, and throughput falls to the outbox's
 * rate limits. Keeping a few connections free for that work keeps replies on the fast path.
 */
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { insideUnitOfWork } from './unit-of-work';

/** Thrown when a unit waited longer than `maxWaitMs` for its turn: nothing ran; the channel delivers the update again. */
export class TurnGateTimeout extends Error {
  override readonly name = 'TurnGateTimeout';
}

export function gatedUnitOfWork(inner: UnitOfWork, limit: number, maxWaitMs: number): UnitOfWork {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      if (running < limit) {
        running += 1;
        resolve();
        return;
      }
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(grant), 1);
        reject(new TurnGateTimeout(`no turn slot within ${maxWaitMs} ms`));
      }, maxWaitMs);
      waiting.push(grant);
    });
  return {
    async run(lockKey, work) {
      // A call inside a unit joins it: it already holds a slot.
      if (insideUnitOfWork()) return inner.run(lockKey, work);
      await acquire();
      try {
        return await inner.run(lockKey, work);
      } finally {
        release();
      }
    },
    afterCommit: (fn) => inner.afterCommit(fn),
  };
}
