/**
 * Operations endpoints: /healthz (the process answers), /readyz (the database is reachable and every
 * migration is applied, so the instance can take traffic) and /metrics (Prometheus text).
 */
import type { PrismaClient } from '@prisma/client';
import Sqlite from 'better-sqlite3';
import { pendingMigrations } from '../storage/migrator';
import { sendJson, sendText, type Route } from './http.server';
import type { PonteMetrics } from './metrics';

export interface OpsDeps {
  prisma: PrismaClient;
  /** Absolute path of the SQLite file (migrations are checked on it). */
  dbFile: string;
  metrics: PonteMetrics;
  /** Says "not ready" while shutting down, so a load balancer stops sending work first. */
  isShuttingDown?: () => boolean;
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  pendingMigrations: string[];
}

export async function checkReadiness(deps: Pick<OpsDeps, 'prisma' | 'dbFile'>): Promise<Readiness> {
  let database: Readiness['database'] = 'ok';
  let pending: string[] = [];
  try {
    await deps.prisma.$queryRawUnsafe('SELECT 1');
    const db = new Sqlite(deps.dbFile, { readonly: true, fileMustExist: true });
    try {
      pending = pendingMigrations(db);
    } finally {
      db.close();
    }
  } catch {
    database = 'unreachable';
  }
  return { ready: database === 'ok' && pending.length === 0, database, pendingMigrations: pending };
}

export function opsRoutes(deps: OpsDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      async handle(_req, res) {
        const r = await checkReadiness(deps);
        const shuttingDown = deps.isShuttingDown?.() ?? false;
        const ready = r.ready && !shuttingDown;
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', ...r, ...(shuttingDown ? { shuttingDown } : {}) });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handle(_req, res) {
        const outboxDepth = await deps.prisma.outboxMessage.count({ where: { status: 'pending' } }).catch(() => -1);
        const usage = process.resourceUsage();
        const body = deps.metrics.render([
          { name: 'ponte_outbox_depth', help: 'Outbox messages waiting to be sent (-1: database unreachable).', value: outboxDepth },
          { name: 'process_resident_memory_bytes', help: 'Resident memory now.', value: process.memoryUsage.rss() },
          { name: 'process_max_resident_memory_bytes', help: 'Peak resident memory since start.', value: usage.maxRSS * 1024 },
        ]);
        sendText(res, 200, body, 'text/plain; version=0.0.4; charset=utf-8');
      },
    },
  ];
}
