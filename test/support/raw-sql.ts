/**
 * Independent SQL on a test's database, beside the app's own Prisma client: the checks that recount
 * what a report says go straight to the driver (better-sqlite3, or pg), with `?` placeholders on both.
 * Counts come back as numbers on both.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { parseDatasource } from '../../bot/storage/datasource';

export interface RawSql {
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** `SELECT … AS n`: the number n. */
  one(sql: string, ...params: unknown[]): Promise<number>;
  run(sql: string, ...params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** `?` → `$1, $2…` (the test SQL has no `?` inside string literals). */
const numbered = (sql: string) => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

const asNumber = (v: string) => Number(v);

export async function openRawSql(url: string, opts: { readonly?: boolean } = {}): Promise<RawSql> {
  const ds = parseDatasource(url);
  if (ds.provider === 'sqlite') {
    const db = new Sqlite(ds.file, { readonly: opts.readonly ?? false });
    const self: RawSql = {
      all: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[],
      get: async <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined,
      one: async (sql, ...params) => Number((db.prepare(sql).get(...params) as { n: unknown }).n),
      run: async (sql, ...params) => void db.prepare(sql).run(...params),
      close: async () => void db.close(),
    };
    return self;
  }
  const client = new pg.Client({ connectionString: ds.url, types: { getTypeParser: (oid, format) => (oid === 20 || oid === 1700 ? asNumber : pg.types.getTypeParser(oid, format)) } });
  await client.connect();
  const all = async <T>(sql: string, ...params: unknown[]) => (await client.query(numbered(sql), params)).rows as T[];
  return {
    all,
    get: async <T>(sql: string, ...params: unknown[]) => (await all<T>(sql, ...params))[0],
    one: async (sql, ...params) => Number((await all<{ n: unknown }>(sql, ...params))[0]?.n),
    run: async (sql, ...params) => void (await client.query(numbered(sql), params)),
    close: () => client.end(),
  };
}
