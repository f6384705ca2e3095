import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachePreparedStatements } from '../../../bot/storage/sqlite-statement-cache';

type AdapterView = { reader: boolean; bind(args: unknown[]): { reader: boolean; run(): { changes: number }; columns(): { name: string }[]; raw(): { all(): unknown[] } }; run(): unknown };

/** A stand-in for the adapter object: the field the cache reaches into, holding a real database. */
function holder() {
  const db = new BetterSqlite3(':memory:');
  let prepared = 0;
  const realPrepare = db.prepare.bind(db);
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    prepared += 1;
    return realPrepare(sql);
  };
  const h = { client: db };
  return { h, db, prepare: (sql: string) => (db.prepare as unknown as (s: string) => AdapterView)(sql), prepared: () => prepared };
}

const open: BetterSqlite3.Database[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

describe('the prepared-statement cache under the SQLite adapter', () => {
  it('prepares a SQL text once and binds each use to its own arguments', () => {
    const { h, db, prepare, prepared } = holder();
    open.push(db);
    expect(cachePreparedStatements(h)).toBeTypeOf('function');
    prepare('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)').run();
    const insert = 'INSERT INTO t (id, name) VALUES (?, ?)';
    expect(prepare(insert).bind([1, 'uno']).run().changes).toBe(1);
    expect(prepare(insert).bind([2, 'due']).run().changes).toBe(1);
    const select = 'SELECT id, name FROM t WHERE id >= ? ORDER BY id';
    const first = prepare(select).bind([1]);
    expect(first.reader).toBe(true);
    expect(first.columns().map((c) => c.name)).toEqual(['id', 'name']);
    expect(first.raw().all()).toEqual([[1, 'uno'], [2, 'due']]);
    expect(prepare(select).bind([2]).raw().all()).toEqual([[2, 'due']]);
    // CREATE, INSERT and SELECT: three texts, five uses.
    expect(prepared()).toBe(3);
  });

  it('keeps at most 500 statements, dropping the least recently used', () => {
    const { h, db, prepare, prepared } = holder();
    open.push(db);
    cachePreparedStatements(h);
    for (let i = 0; i < 501; i += 1) prepare(`SELECT ${i}`).bind([]).raw().all();
    expect(prepared()).toBe(501);
    prepare('SELECT 500').bind([]).raw().all(); // still cached
    expect(prepared()).toBe(501);
    expect(prepare('SELECT 0').bind([]).raw().all()).toEqual([[0]]); // evicted: prepared again
    expect(prepared()).toBe(502);
  });

  it('leaves an object without a better-sqlite3 client alone', () => {
    expect(cachePreparedStatements({})).toBeNull();
  });
});
