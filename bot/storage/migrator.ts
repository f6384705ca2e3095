/**
 * Applies the committed migrations in prisma/migrations, recording them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does (same table, same sha256 checksum), so either can be used.
 * It runs in-process at start-up, without the Prisma CLI: start-up stays fast and works offline.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { projectPath } from '../project-paths';

export const MIGRATIONS_DIR = projectPath('prisma', 'migrations');

export interface MigrationReport {
  applied: string[];
  pending: string[];
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function listMigrations(dir = MIGRATIONS_DIR): Array<{ name: string; sql: string; checksum: string }> {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** Names of migrations not yet applied to the database file (for /readyz). */
export function pendingMigrations(db: Sqlite.Database, dir = MIGRATIONS_DIR): string[] {
  const exists = db.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'`).get();
  const done = new Set<string>(
    exists ? (db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as Array<{ migration_name: string }>).map((r) => r.migration_name) : [],
  );
  return listMigrations(dir).map((m) => m.name).filter((n) => !done.has(n));
}

export function applyMigrations(file: string, dir = MIGRATIONS_DIR): MigrationReport {
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('secure_delete = ON');
    db.exec(CREATE_TABLE);
    const applied: string[] = [];
    for (const m of listMigrations(dir)) {
      const row = db.prepare(`SELECT checksum, finished_at FROM _prisma_migrations WHERE migration_name = ? AND rolled_back_at IS NULL`).get(m.name) as
        | { checksum: string; finished_at: string | null }
        | undefined;
      if (row?.finished_at) {
        if (row.checksum !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs). Add a new migration instead.`);
        continue;
      }
      if (row) throw new Error(`Migration ${m.name} started earlier but did not finish. Inspect the database before going on.`);
      const started = new Date().toISOString();
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(crypto.randomUUID(), m.checksum, new Date().toISOString(), m.name, started);
      })();
      applied.push(m.name);
    }
    return { applied, pending: [] };
  } finally {
    db.close();
  }
}
