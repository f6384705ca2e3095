/**
 * A real, throw-away PostgreSQL 15 cluster for tests and benchmarks: initdb into a temp directory,
 * listening on a free loopback port only, removed by `stop()`. initdb refuses to run as root, so as root
 * the server programs run as the `postgres` user (runuser), as they would on a server.
 *
 * The cluster's default collation is ICU Italian (what a managed PostgreSQL in Italy is likely to use),
 * not "C": an ORDER BY that relies on byte order without saying COLLATE "C" shows up in the tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const POSTGRES_BIN = process.env.PONTE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  port: number;
  /** URL of a database of the cluster (superuser `postgres`, trust authentication on loopback). */
  url(database: string): string;
  /** Runs one statement on the maintenance database. */
  admin(sql: string): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a server program, as `postgres` when we are root. */
function run(program: string, args: string[]): void {
  const exe = path.join(POSTGRES_BIN, program);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  if (r.status !== 0) throw new Error(`${program} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error)).trim()}`);
}

export interface ClusterOptions {
  /** Durable commits (for benchmarks). Tests turn fsync off: the cluster is thrown away anyway. */
  durable?: boolean;
}

export async function startPostgresCluster(opts: ClusterOptions = {}): Promise<PostgresCluster> {
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'initdb'))) throw new Error(`PostgreSQL server programs not found in ${POSTGRES_BIN} (set PONTE_PG_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, uid, gid);
    fs.chownSync(data, uid, gid);
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=it-IT', '--no-sync']);
    const settings = ['-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${dir}`, '-c max_connections=300', '-c shared_buffers=64MB'];
    settings.push(opts.durable ? '-c synchronous_commit=off' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off');
    run('pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async admin(sql) {
      const c = new pg.Client({ connectionString: url('postgres') });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
