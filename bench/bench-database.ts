/**
 * The database a benchmark runs on, from its `--db` option: `sqlite` (default, a file in the bench's temp
 * dir), `postgres` (a PostgreSQL 15 cluster of its own, started for the run and removed after, with
 * durable fsync and asynchronous commit, as SQLite's WAL with synchronous=NORMAL), or a file:/postgres://
 * URL of an existing database.
 */
import path from 'node:path';
import { startPostgresCluster } from '../test/support/postgres-cluster';
import { describeDatasource, parseDatasource } from '../bot/storage/datasource';

export interface BenchDatabase {
  url: string;
  /** For the printed lines: "sqlite" or "postgres", and where. */
  label: string;
  close(): Promise<void>;
}

export async function benchDatabase(db: string | undefined, dir: string): Promise<BenchDatabase> {
  if (!db || db === 'sqlite') return { url: `file:${path.join(dir, 'bench.db')}`, label: 'sqlite (temp file)', close: async () => undefined };
  if (db === 'postgres') {
    const cluster = await startPostgresCluster({ durable: true });
    await cluster.admin('CREATE DATABASE ponte_bench');
    return { url: cluster.url('ponte_bench'), label: `postgres 15 (own cluster on 127.0.0.1:${cluster.port})`, close: () => cluster.stop() };
  }
  const ds = parseDatasource(db);
  return { url: ds.url, label: `${ds.provider} ${describeDatasource(ds)}`, close: async () => undefined };
}
