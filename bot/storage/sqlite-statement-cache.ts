/**
 * Prisma's better-sqlite3 adapter (7.10) prepares every statement again on each query
 * (`client.prepare(sql).bind(args)`), though a turn runs the same few SQL texts over and over: in the
 * channel benchmark's profile, preparing was a quarter of SQLite's own time. This keeps prepared
 * statements by SQL text and hands the adapter a one-use view of one, bound to the query's arguments.
 *
 * It reaches into the adapter's `client` field (the better-sqlite3 Database), which is not a public API;
 * the adapter's version is pinned in package.json, and if the field is not there the adapter is left as is.
 */
import type { Database, Statement } from 'better-sqlite3';

/** Enough for every distinct statement of a turn, the jobs and the reports; `IN (...)` lists of varying length make more. */
const MAX_STATEMENTS = 500;

/** What the adapter calls on `prepare(sql)`'s result: `.bind(args)` then one of run/columns/raw().all, or `.run()` (BEGIN). */
interface BoundView {
  readonly reader: boolean;
  run(): ReturnType<Statement['run']>;
  columns(): ReturnType<Statement['columns']>;
  raw(): { all(): unknown[] };
}

type Columns = ReturnType<Statement['columns']>;

/**
 * A statement's result columns, read once: `columns()` crosses into native code and builds new objects on
 * every call (1.5 % of a turn's CPU). They change only with the schema, and Ponte migrates before Prisma
 * opens its connection.
 */
const columnsOf = new WeakMap<Statement, Columns>();

function viewOf(stmt: Statement, args: unknown[]): BoundView {
  return {
    reader: stmt.reader,
    run: () => stmt.run(...args),
    columns: () => columnsOf.get(stmt) ?? columnsOf.set(stmt, stmt.columns()).get(stmt)!,
    // `raw(true)` stays set on the cached statement, which only the adapter uses, always in raw mode.
    raw: () => ({ all: () => stmt.raw(true).all(...args) as unknown[] }),
  };
}

/**
 * Makes `db.prepare` reuse statements. Returns the cache's own `prepare` (the statement itself, for
 * bot/storage/sqlite-direct.ts), or null when `holder` has no better-sqlite3 client.
 */
export function cachePreparedStatements(holder: unknown): ((sql: string) => Statement) | null {
  const db = (holder as { client?: Database }).client;
  if (!db || typeof db.prepare !== 'function') return null;
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (stmt) {
      // Most recently used last, so the first key is the one to evict.
      cache.delete(sql);
    } else {
      stmt = prepare(sql);
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    const stmt = cached(sql);
    return { reader: stmt.reader, bind: (args: unknown[]) => viewOf(stmt, args), run: () => stmt.run() };
  };
  return cached;
}
