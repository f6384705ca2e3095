/**
 * Operations endpoints: /healthz (the process answers, always open), /readyz (the database answers,
 * takes a write, and every migration is applied, so the instance can take traffic) and /metrics
 * (Prometheus text). /readyz and /metrics can be served on their own host and port (OPS_PORT, see
 * ponte.server) and/or require `Authorization: Bearer <OPS_TOKEN>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PrismaClient } from '@prisma/client';
import type { Clock } from '../../core/ports/clock';
import { unauthorized } from './http-errors';
import { sendJson, sendText, type Route } from './http.server';
import type { PonteMetrics } from './metrics';

export interface OpsDeps {
  prisma: PrismaClient;
  /** Migrations not applied yet, on whichever database is open (Database.pendingMigrations). */
  pendingMigrations: () => Promise<string[]>;
  metrics: PonteMetrics;
  clock: Clock;
  /** Says "not ready" while shutting down, so a load balancer stops sending work first. */
  isShuttingDown?: () => boolean;
  /** When set, /readyz and /metrics answer 401 without `Authorization: Bearer <token>`. */
  token?: string;
  /** PostgreSQL: the live instances this one counted at its last heartbeat (its share of the rate limits is 1/N). */
  liveInstances?: () => number;
}

export interface Readiness {
  ready: boolean;
  /** `read_only`: it answers but refuses a write (disk full, read-only mount, locked for longer than busy_timeout). */
  database: 'ok' | 'read_only' | 'unreachable';
  pendingMigrations: string[];
}

export async function checkReadiness(deps: Pick<OpsDeps, 'prisma' | 'pendingMigrations' | 'clock'>): Promise<Readiness> {
  let pending: string[] = [];
  try {
    await deps.prisma.$queryRawUnsafe('SELECT 1');
    pending = await deps.pendingMigrations();
  } catch {
    return { ready: false, database: 'unreachable', pendingMigrations: pending };
  }
  try {
    // A real write through the app's own connection: what every conversation turn needs.
    const checkedAt = deps.clock.now();
    await deps.prisma.opsProbe.upsert({ where: { id: 1 }, create: { id: 1, checkedAt }, update: { checkedAt } });
  } catch {
    return { ready: false, database: 'read_only', pendingMigrations: pending };
  }
  return { ready: pending.length === 0, database: 'ok', pendingMigrations: pending };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of the bearer token (hashes first, so lengths do not leak either). */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length).trim()), digest(token));
}

function guarded(route: Route, token: string | undefined): Route {
  if (!token) return route;
  return {
    ...route,
    async handle(req, res) {
      if (!hasBearerToken(req, token)) {
        res.setHeader('www-authenticate', 'Bearer');
        throw unauthorized();
      }
      await route.handle(req, res);
    },
  };
}

export function healthRoute(): Route {
  return { method: 'GET', path: '/healthz', handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }) };
}

/** /readyz and /metrics (behind the token when one is configured). */
export function opsRoutes(deps: OpsDeps): Route[] {
  const readyz: Route = {
    method: 'GET',
    path: '/readyz',
    async handle(_req, res) {
      const r = await checkReadiness(deps);
      const shuttingDown = deps.isShuttingDown?.() ?? false;
      const ready = r.ready && !shuttingDown;
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', ...r, ...(shuttingDown ? { shuttingDown } : {}) });
    },
  };
  const metrics: Route = {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const outboxDepth = await deps.prisma.outboxMessage.count({ where: { status: 'pending' } }).catch(() => -1);
      const usage = process.resourceUsage();
      const body = deps.metrics.render([
        { name: 'ponte_outbox_depth', help: 'Outbox messages waiting to be sent (-1: database unreachable).', value: outboxDepth },
        { name: 'process_resident_memory_bytes', help: 'Resident memory now.', value: process.memoryUsage.rss() },
        { name: 'process_max_resident_memory_bytes', help: 'Peak resident memory since start.', value: usage.maxRSS * 1024 },
        ...(deps.liveInstances ? [{ name: 'ponte_instances_live', help: 'Instances sharing the database at the last heartbeat; each sends at 1/N of the global rate limits.', value: deps.liveInstances() }] : []),
      ]);
      sendText(res, 200, body, 'text/plain; version=0.0.4; charset=utf-8');
    },
  };
  return [guarded(readyz, deps.token), guarded(metrics, deps.token)];
}
