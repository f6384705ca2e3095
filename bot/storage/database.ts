/**
 * Opens the database: SQLite through the better-sqlite3 driver adapter (embedded default), with the
 * Prisma client on the JS engine. Applies pending migrations first, so a fresh machine just works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { applyMigrations, type MigrationReport } from './migrator';

export interface Database {
  prisma: PrismaClient;
  /** Absolute path of the SQLite file. */
  file: string;
  migrations: MigrationReport;
  close(): Promise<void>;
}

/** `file:./data/ponte.db` → absolute path, relative to the working directory (as the README says). */
export function sqlitePath(url: string): string {
  if (!url.startsWith('file:')) throw new Error(`Only SQLite file: URLs are supported by the embedded store (got ${url.split(':')[0]}:)`);
  const p = url.slice('file:'.length).split('?')[0]!;
  return path.resolve(p);
}

export async function openDatabase(url: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const migrations = opts.migrate === false ? { applied: [], pending: [] } : applyMigrations(file);
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}` });
  const prisma = new PrismaClient({ adapter });
  // WAL is set (persistently) by the migrator. NORMAL sync skips an fsync per commit: a power cut
  // may lose the last commits but never corrupts the file; it is ~17% faster per conversation turn
  // (Prisma's query compiler dominates the rest). busy_timeout lets a CLI run beside the server.
  await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 5000');
  // Deleted and overwritten rows are zeroed, not left in free pages: erasure must leave nothing to read (issue 9).
  await prisma.$queryRawUnsafe('PRAGMA secure_delete = ON');
  return {
    prisma,
    file,
    migrations,
    close: () => prisma.$disconnect(),
  };
}
