/**
 * Which database a `DATABASE_URL` names, decided in this one place for the server, the terminal, the
 * seed, the migrations, the CLIs and the benchmarks: `file:…` is an embedded SQLite file,
 * `postgres://…` or `postgresql://…` a PostgreSQL server. Anything else is refused with a readable error.
 */
import path from 'node:path';

export type Datasource = { provider: 'sqlite'; url: string; file: string } | { provider: 'postgres'; url: string };
export type Provider = Datasource['provider'];

/** Why a URL cannot be used, or null if it can (for config validation). */
export function datasourceProblem(url: string): string | null {
  try {
    parseDatasource(url);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** `file:./data/ponte.db` → the absolute path (relative to the working directory); `postgres://…` as is. */
export function parseDatasource(url: string): Datasource {
  if (url.startsWith('file:')) {
    const p = url.slice('file:'.length).split('?')[0]!;
    if (!p) throw new Error('a file: URL needs a path, e.g. file:./data/ponte.db');
    const file = path.resolve(p);
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error('not a valid postgres:// URL, e.g. postgresql://user:password@host:5432/ponte');
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) throw new Error('a postgres:// URL needs a host, e.g. postgresql://user:password@host:5432/ponte');
    if (parsed.pathname.length <= 1) throw new Error('a postgres:// URL needs a database name, e.g. postgresql://user:password@host:5432/ponte');
    return { provider: 'postgres', url };
  }
  throw new Error(`expected file:<path> (SQLite) or postgres://… / postgresql://… (PostgreSQL), got ${url.split(':')[0] || 'an empty value'}:`);
}

/** Where the data is, without credentials, for log lines and messages. */
export function describeDatasource(ds: Datasource): string {
  if (ds.provider === 'sqlite') return ds.file;
  const u = new URL(ds.url);
  return `postgresql://${u.host || u.searchParams.get('host') || ''}${u.pathname}`;
}

/**
 * A `--db` option of a CLI: a URL as above, or a plain path meaning a SQLite file. Returns the
 * environment to load the configuration from (unchanged without the option).
 */
export function envWithDb(db: string | undefined, env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  if (!db) return env;
  return { ...env, DATABASE_URL: /^(file:|postgres(ql)?:\/\/)/.test(db) ? db : `file:${path.resolve(db)}` };
}
