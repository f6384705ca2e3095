/**
 * The PostgreSQL side of the migrator (bot/storage/migrator.ts): applies prisma/migrations-postgres,
 * recorded in `_prisma_migrations` as `prisma migrate deploy` records them (same table, same checksum).
 * Several instances may start together: each takes Prisma Migrate's own advisory lock first, so one
 * migrates while the others wait and then find nothing to do (and `prisma migrate deploy` run by an
 * operator waits for them too). Each migration runs in one transaction: PostgreSQL's DDL is
 * transactional, so a failing migration leaves nothing half-applied.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { listMigrations, type MigrationReport } from './migrator';
import { projectPath } from '../project-paths';

export const POSTGRES_MIGRATIONS_DIR = projectPath('prisma', 'migrations-postgres');

/** The key Prisma Migrate locks (its schema engine's constant), so Ponte and the CLI exclude each other. */
const MIGRATE_LOCK = 72707369;

// Prisma's own definition of the table on PostgreSQL.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Names of migrations not yet applied (for /readyz). */
export async function pendingPostgresMigrations(db: Queryable, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  const done = new Set<string>();
  if (exists.rows[0]?.t) {
    const rows = await db.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    for (const r of rows.rows) done.add(r.migration_name);
  }
  return listMigrations(dir).map((m) => m.name).filter((n) => !done.has(n));
}

export async function applyPostgresMigrations(url: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<MigrationReport> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // A session lock (not a transaction's): it spans every migration, and the server frees it if we die.
    await db.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await db.query(CREATE_TABLE);
      const applied: string[] = [];
      for (const m of listMigrations(dir)) {
        const { rows } = await db.query<{ checksum: string; finished_at: Date | null }>(
          `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL ORDER BY started_at DESC LIMIT 1`,
          [m.name],
        );
        const row = rows[0];
        if (row?.finished_at) {
          if (row.checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`);
          continue;
        }
        if (row) throw new Error(`Migration ${m.name} started earlier but did not finish. Inspect the database before going on.`);
        const started = new Date();
        await db.query('BEGIN');
        try {
          await db.query(m.sql);
          await db.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [crypto.randomUUID(), m.checksum, m.name, started],
          );
          await db.query('COMMIT');
        } catch (err) {
          await db.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        applied.push(m.name);
      }
      return { applied, pending: [] };
    } finally {
      await db.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
    }
  } finally {
    await db.end();
  }
}
