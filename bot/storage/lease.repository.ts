/**
 * Leases in the database (model Lease): one holder at a time across every instance of a deployment, on
 * SQLite and on PostgreSQL. Taking and renewing is one `INSERT … ON CONFLICT DO UPDATE … WHERE`: the row
 * changes hands only when its holder is us or its lease has expired, atomically on both providers.
 * The same table records the deployment's live instances (`PrismaInstanceRegistry`).
 */
import type { PrismaClient } from '@prisma/client';
import type { InstanceRegistry } from '../../core/ports/instances';

export class PrismaLeases {
  constructor(private readonly prisma: PrismaClient) {}

  /** Takes or renews `name` for `owner` until `now + ttlMs`; true if `owner` holds it now. */
  async tryAcquire(name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + ttlMs);
    const rows = await this.prisma.$queryRaw<Array<{ owner: string }>>`
      INSERT INTO "Lease" ("name", "owner", "expiresAt") VALUES (${name}, ${owner}, ${until})
      ON CONFLICT ("name") DO UPDATE SET "owner" = excluded."owner", "expiresAt" = excluded."expiresAt"
      WHERE "Lease"."owner" = excluded."owner" OR "Lease"."expiresAt" < ${now}
      RETURNING "owner"`;
    return rows[0]?.owner === owner;
  }

  /** Gives the lease up (a clean stop), so another instance takes it at once. */
  async release(name: string, owner: string): Promise<void> {
    await this.prisma.lease.deleteMany({ where: { name, owner } });
  }

  /** Who holds `name` now, if anyone. */
  async holder(name: string, now: Date): Promise<string | null> {
    const row = await this.prisma.lease.findUnique({ where: { name } });
    return row && row.expiresAt.getTime() >= now.getTime() ? row.owner : null;
  }
}

/** Lease names of live instances: `instance:` and the instance's id. */
const INSTANCE_PREFIX = 'instance:';

/**
 * The deployment's live instances as leases: each instance holds `instance:<id>`, renewed by its
 * heartbeat; one whose lease expired (it died, or lost the database) no longer counts and its row goes.
 */
export class PrismaInstanceRegistry implements InstanceRegistry {
  private readonly leases: PrismaLeases;
  constructor(private readonly prisma: PrismaClient) {
    this.leases = new PrismaLeases(prisma);
  }

  async heartbeat(instance: string, now: Date, ttlMs: number): Promise<number> {
    await this.leases.tryAcquire(`${INSTANCE_PREFIX}${instance}`, instance, now, ttlMs);
    await this.prisma.lease.deleteMany({ where: { name: { startsWith: INSTANCE_PREFIX }, expiresAt: { lt: now } } });
    return this.prisma.lease.count({ where: { name: { startsWith: INSTANCE_PREFIX }, expiresAt: { gte: now } } });
  }

  async leave(instance: string): Promise<void> {
    await this.leases.release(`${INSTANCE_PREFIX}${instance}`, instance);
  }
}
