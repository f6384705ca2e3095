/**
 * The live instances of a deployment (several Ponte processes over one PostgreSQL). Each instance renews
 * its own entry every few seconds; an entry not renewed within its TTL no longer counts, so an instance
 * that died stops counting by itself. What the count is for: each instance's share of the channels'
 * deployment-wide rate limits (core/outbox/rate-limiter.ts, `LimitShare`).
 */
export interface InstanceRegistry {
  /** Marks `instance` alive until `now + ttlMs`; returns how many instances are alive at `now`, itself included. */
  heartbeat(instance: string, now: Date, ttlMs: number): Promise<number>;
  /** Removes `instance` (a clean stop), so the others count it out at their next heartbeat. */
  leave(instance: string): Promise<void>;
}
