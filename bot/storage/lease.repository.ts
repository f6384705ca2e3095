/**
 * Leases in the database (model Lease): one holder at a time across every instance of a deployment, on
 * SQLite and on PostgreSQL. Taking and renewing is one `INSERT … ON CONFLICT DO UPDATE … WHERE`: the row
 * changes hands only when its holder is us or its lease has expired, atomically on both providers.
 */
import type { PrismaClient } from '@prisma/client';

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
