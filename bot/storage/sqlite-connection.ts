/**
 * Prisma's better-sqlite3 adapter has one connection. Its transactions take a lock against each other,
 * but a statement sent on the root client while another chat's transaction is open runs *inside* that
 * transaction, and is rolled back with it. This wrapper closes the gap: root statements wait while a
 * transaction is open. It also counts statements (the figure behind "statements per turn").
 *
 * Code inside a unit of work must use the scoped client (unit-of-work.ts), which every repository gets:
 * a statement on the root client would wait for the unit it is part of, until the unit's timeout rolls
 * it back. (Prisma runs root statements from its own queue, so the adapter cannot tell who sent one.)
 */
import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { KeyedSerializer } from '../../core/conversation/keyed-serializer';
import { cachePreparedStatements } from './sqlite-statement-cache';
import type { Statement } from 'better-sqlite3';
import type { DirectSqlite } from './sqlite-direct';

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;
type Query = Parameters<Adapter['queryRaw']>[0];

/** What ran on the connection: counters, and an optional hook for tests that print the SQL. */
export interface SqlStats {
  /** Statements sent, BEGIN and COMMIT/ROLLBACK included. */
  statements: number;
  /** Of those, run on the SQLite connection directly rather than through Prisma (sqlite-direct.ts). */
  direct: number;
  transactions: number;
  onStatement?: (sql: string) => void;
}

/** One lock over the connection: held by an open transaction, taken briefly by each root statement. */
class ConnectionLock {
  private readonly serial = new KeyedSerializer();
  acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.serial.run('connection', () => new Promise<void>((release) => granted(release)));
    });
  }
}

function count(stats: SqlStats, sql: string): void {
  stats.statements += 1;
  stats.onStatement?.(sql);
}

function wrapTransaction(tx: Transaction, stats: SqlStats, release: () => void, direct?: DirectSqlite): Transaction {
  let released = false;
  const token = direct?.began();
  const done = () => {
    if (released) return;
    released = true;
    if (token) direct!.ended(token);
    release();
  };
  return new Proxy(tx, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (q: Query) => {
          count(stats, q.sql);
          return (value as (q: Query) => Promise<unknown>).call(target, q);
        };
      }
      if (prop === 'commit' || prop === 'rollback') {
        return async () => {
          try {
            await (value as () => Promise<void>).call(target);
          } finally {
            done();
          }
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function wrapAdapter(adapter: Adapter, stats: SqlStats, direct?: DirectSqlite, prepare?: ((sql: string) => Statement) | null): Adapter {
  const lock = new ConnectionLock();
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };
  if (prepare) direct?.attach(prepare, exclusive);
  return new Proxy(adapter, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'queryRaw' || prop === 'executeRaw') {
        return (q: Query) =>
          exclusive(() => {
            count(stats, q.sql);
            return (value as (q: Query) => Promise<unknown>).call(target, q);
          });
      }
      if (prop === 'executeScript') return (script: string) => exclusive(() => (value as (s: string) => Promise<void>).call(target, script));
      if (prop === 'startTransaction') {
        return async (isolation?: Parameters<Adapter['startTransaction']>[0]) => {
          const release = await lock.acquire();
          try {
            const tx = await (value as Adapter['startTransaction']).call(target, isolation);
            stats.transactions += 1;
            count(stats, 'BEGIN');
            return wrapTransaction(tx, stats, release, direct);
          } catch (err) {
            release();
            throw err;
          }
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The adapter factory, with its connection guarded as described above (and its statements kept
 * prepared). `direct`, when given, learns the connection and which transaction is open on it, so units
 * of work can run their raw statements on it directly (sqlite-direct.ts).
 */
export function guardedSqlite(factory: PrismaBetterSqlite3, stats: SqlStats, direct?: DirectSqlite): PrismaBetterSqlite3 {
  return new Proxy(factory, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'connect')
        return async () => {
          const adapter = await target.connect();
          return wrapAdapter(adapter, stats, direct, cachePreparedStatements(adapter));
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
