/**
 * Several instances over one PostgreSQL share the channels' deployment-wide rate limits (Telegram's
 * ~30 messages/s, Teams' per tenant): this service registers the instance in the database
 * (core/ports/instances.ts), renews it every `intervalMs` and counts the live ones, and hands the rate
 * limiter its share, 1/N (core/outbox/rate-limiter.ts, `LimitShare`). An instance that dies stops
 * counting once its entry expires (`ttlMs`), so the survivors go back to the full rate by themselves;
 * a clean stop leaves at once. On SQLite (one process) it is not started and the share stays 1.
 */
import type { Clock } from '../../core/ports/clock';
import type { InstanceRegistry } from '../../core/ports/instances';
import type { Logger } from '../../core/ports/logger';
import type { LimitShare } from '../../core/outbox/rate-limiter';
import type { Service } from './ponte.server';
import { repeatingStep } from './repeating-step';

export interface HeartbeatOptions {
  registry: InstanceRegistry;
  clock: Clock;
  logger: Logger;
  /** This instance's id in the registry (unique per process). */
  instance: string;
  /** How often it renews and recounts. Default 5 s. */
  intervalMs?: number;
  /** How long an entry counts without renewal: the longest an instance that died is still counted. Default 3 × interval. */
  ttlMs?: number;
}

export interface InstanceHeartbeat extends Service, LimitShare {
  /** Live instances at the last heartbeat (1 before the first). */
  live(): number;
  /** Renews and recounts now (start does the first; tests call it to move on). */
  beat(): Promise<void>;
}

export function instanceHeartbeat(opts: HeartbeatOptions): InstanceHeartbeat {
  const intervalMs = opts.intervalMs ?? 5_000;
  const ttlMs = opts.ttlMs ?? 3 * intervalMs;
  let live = 1;

  const beat = async () => {
    try {
      const n = Math.max(1, await opts.registry.heartbeat(opts.instance, opts.clock.now(), ttlMs));
      if (n !== live) opts.logger.info('instances_live', { live: n, was: live });
      live = n;
    } catch (err) {
      // Keep the last share: without the database this instance sends little anyway, and guessing 1
      // could put every instance at the full rate at once.
      opts.logger.warn('instance_heartbeat_failed', { error: err instanceof Error ? err.name : 'unknown' });
    }
  };
  const repeating = repeatingStep(beat, intervalMs);

  return {
    name: 'instance heartbeat',
    live: () => live,
    fraction: () => 1 / live,
    beat,
    start: () => repeating.start(),
    async stop() {
      await repeating.stop();
      await opts.registry.leave(opts.instance).catch(() => undefined);
    },
  };
}
