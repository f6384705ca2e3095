/**
 * The database a test runs on: the `sqlite` project gives a file in the test's temp dir, the `postgres`
 * project (PONTE_TEST_DB=postgres, see vitest.config.ts) a fresh database of the run's cluster, copied
 * from a migrated template. Tests that need a database take it from here, never build a URL themselves.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

export type TestProvider = 'sqlite' | 'postgres';

/** Which provider this test run uses. */
export function testProvider(): TestProvider {
  return process.env.PONTE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  url: string;
  /** Removes the database (a PostgreSQL one; the SQLite file goes with the test's temp dir). */
  drop(): Promise<void>;
}

async function admin(baseUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${baseUrl}postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Drops a test database once the app's connections are gone. Not WITH (FORCE) at once: terminating a
 * connection that is closing makes pg emit an error nobody listens to any more. A backend may take a
 * moment to exit after its client closed, hence the retries; FORCE only as the last resort.
 */
async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await admin(baseUrl, `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006') throw err; // object_in_use: still connected
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await admin(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** A new, migrated, empty database. `dir` holds the SQLite file. */
export async function createTestDatabase(dir: string, opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (testProvider() === 'sqlite') return { url: `file:${path.join(dir, 'ponte.db')}`, drop: async () => undefined };
  const { baseUrl, template } = inject('postgres');
  const name = `ponte_t${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await admin(baseUrl, opts.migrated === false ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return { url: `${baseUrl}${name}`, drop: () => dropDatabase(baseUrl, name) };
}

/** What test/support/postgres.global-setup.ts provides to the tests. */
declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { baseUrl: string; template: string };
  }
}
