/**
 * A service that must run on one instance at a time (Telegram long polling: two pollers would take
 * each other's updates, and Telegram answers the second getUpdates with 409). Every instance starts the
 * wrapper; the one that holds the lease (bot/storage/lease.repository.ts) runs the service and renews
 * the lease every `renewMs`, the others try again at the same pace. An instance that cannot renew (the
 * database is unreachable) stops the service before its lease can expire, so two never run it at once;
 * one that dies leaves its lease to expire after `ttlMs`, and another takes over. A clean stop releases
 * the lease at once.
 */
import crypto from 'node:crypto';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { PrismaLeases } from '../storage/lease.repository';
import type { Service } from './ponte.server';
import { repeatingStep } from './repeating-step';

export interface LeaseOptions {
  leases: PrismaLeases;
  clock: Clock;
  logger: Logger;
  /** How long a lease lasts without renewal: the longest fail-over after a holder died. */
  ttlMs: number;
  /** How often the holder renews and the others try; a third of the TTL leaves two renewals of slack. */
  renewMs?: number;
}

export function leasedService(inner: Service, opts: LeaseOptions): Service & { holding(): boolean } {
  const owner = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const renewMs = opts.renewMs ?? Math.floor(opts.ttlMs / 3);
  let running = false;
  let stopped = true;

  const step = async () => {
    let held: boolean;
    try {
      held = await opts.leases.tryAcquire(inner.name, owner, opts.clock.now(), opts.ttlMs);
    } catch (err) {
      // Not knowing is not holding: better no poller for a moment than two.
      held = false;
      opts.logger.warn('lease_renew_failed', { service: inner.name, error: err instanceof Error ? err.name : 'unknown' });
    }
    if (stopped) return;
    if (held && !running) {
      running = true;
      opts.logger.info('lease_acquired', { service: inner.name });
      await inner.start();
    } else if (!held && running) {
      running = false;
      opts.logger.warn('lease_lost', { service: inner.name });
      await inner.stop();
    }
  };
  const repeating = repeatingStep(step, renewMs);

  return {
    name: `${inner.name} (leased)`,
    holding: () => running,
    async start() {
      stopped = false;
      await repeating.start();
    },
    async stop() {
      stopped = true;
      await repeating.stop();
      if (running) {
        running = false;
        await inner.stop();
      }
      await opts.leases.release(inner.name, owner).catch(() => undefined);
    },
  };
}
