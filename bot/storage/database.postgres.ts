/**
 * PostgreSQL for bot/storage/database.ts, loaded only when `DATABASE_URL` is a postgres:// URL (its
 * client and query compiler are a few MB that a SQLite deployment never needs).
 *
 * Several instances may share the database: every unit of work (a conversation turn) takes a
 * transaction-scoped advisory lock on its key (the chat) first, so two instances never run turns of one
 * chat at once, and a second waits for the first to commit; the lock ends with the transaction, also
 * when an instance dies (its connection goes, the server rolls back and frees it).
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Database } from './database';
import { describeDatasource } from './datasource';
import { applyPostgresMigrations, pendingPostgresMigrations } from './migrator.postgres';
import type { SqlStats } from './sqlite-connection';
import { PrismaUnitOfWork, scopedClient } from './unit-of-work';
import { gatedUnitOfWork } from './turn-gate';
import { projectPath } from '../project-paths';

type PostgresModule = typeof import('../../generated/postgres/index.js');
type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Query = Parameters<Adapter['queryRaw']>[0];

/** Connections per instance. A turn holds one for its transaction; reports and the dispatcher take others. */
const POOL_SIZE = 10;
/**
 * Connections turns may never take all of: recording sent replies, the dispatcher's claims and the
 * heartbeat always find one (bot/storage/turn-gate.ts).
 */
const KEPT_FREE = 3;

/** Counts statements (as sqlite-connection.ts does for SQLite): BEGIN, every query, COMMIT/ROLLBACK. */
function counted(factory: PrismaPg, stats: SqlStats): PrismaPg {
  const count = (sql: string) => {
    stats.statements += 1;
    stats.onStatement?.(sql);
  };
  const queries = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        const value: unknown = Reflect.get(t, prop);
        if (prop === 'queryRaw' || prop === 'executeRaw') {
          return (q: Query) => {
            count(q.sql);
            return (value as (q: Query) => Promise<unknown>).call(t, q);
          };
        }
        if (prop === 'startTransaction') {
          return async (...args: unknown[]) => {
            const tx = (await (value as (...a: unknown[]) => Promise<object>).apply(t, args)) as object;
            stats.transactions += 1;
            count('BEGIN');
            return queries(tx);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
      },
    });
  return new Proxy(factory, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'connect') return async () => queries(await target.connect());
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function openPostgres(url: string, opts: { migrate?: boolean } = {}): Promise<Database> {
  const migrations = opts.migrate === false ? { applied: [], pending: [] } : await applyPostgresMigrations(url);
  // UTC sessions: Prisma's DateTime columns are `timestamp(3)` holding UTC, and a server set to another
  // zone would otherwise shift every CURRENT_TIMESTAMP default.
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, options: '-c TimeZone=UTC' });
  const stats: SqlStats = { statements: 0, direct: 0, transactions: 0 };
  const adapter = counted(new PrismaPg(pool), stats);
  // Loaded by its path in the project, never bundled: the generated client finds its query compiler
  // (query_compiler_small_bg.wasm) beside itself, in generated/postgres. It has the same models and
  // methods as the SQLite client the types come from.
  const { PrismaClient: PostgresClient } = (await import(pathToFileURL(projectPath('generated', 'postgres', 'index.js')).href)) as PostgresModule;
  const root = new PostgresClient({ adapter }) as unknown as PrismaClient;
  const prisma = scopedClient(root);
  await root.$queryRawUnsafe('SELECT 1');
  let closed: Promise<void> | undefined;
  return {
    provider: 'postgres',
    prisma,
    unitOfWork: gatedUnitOfWork(
      new PrismaUnitOfWork(root, {
        // hashtext: a 32-bit key; two chats that collide only wait for each other, never run interleaved.
        onBegin: async (tx, lockKey) => void (await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`)),
      }),
      POOL_SIZE - KEPT_FREE,
      10_000,
    ),
    stats,
    location: describeDatasource({ provider: 'postgres', url }),
    migrations,
    pendingMigrations: () => pendingPostgresMigrations(pool),
    close() {
      closed ??= root.$disconnect().then(() => pool.end());
      return closed;
    },
  };
}
