/**
 * The one HTTP server: routes by method and path, turns thrown HttpErrors into statuses, counts
 * requests, and drains on shutdown (stop taking work, let requests in flight finish).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../core/ports/logger';
import { HttpError } from './http-errors';
import type { PonteMetrics } from './metrics';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Writes the response itself, or throws an HttpError. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface RunningHttpServer {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  server: Server;
  /** Requests being handled right now. */
  inFlight(): number;
  /** Stops accepting, waits for requests in flight, closes idle keep-alive sockets. */
  stop(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export async function startHttpServer(opts: { port: number; host?: string; routes: Route[]; logger: Logger; metrics: PonteMetrics }): Promise<RunningHttpServer> {
  const { routes, logger, metrics } = opts;
  let inFlight = 0;
  let draining = false;
  const idleWaiters: Array<() => void> = [];
  const settle = () => {
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const onPath = routes.filter((r) => r.path === path);
    const route = onPath.find((r) => r.method === req.method);
    const label = onPath.length ? path : 'unknown';
    res.on('finish', () => metrics.httpRequests.inc({ route: label, status: String(res.statusCode) }));
    if (draining) {
      // A keep-alive socket may still bring a request after stop(): refuse it so the process can exit.
      res.setHeader('connection', 'close');
      return sendJson(res, 503, { error: 'shutting_down' });
    }
    if (!route) {
      req.resume();
      if (onPath.length) {
        res.setHeader('allow', onPath.map((r) => r.method).join(', '));
        return sendJson(res, 405, { error: 'method_not_allowed' });
      }
      return sendJson(res, 404, { error: 'not_found' });
    }
    inFlight += 1;
    try {
      await route.handle(req, res);
      if (!res.headersSent) sendJson(res, 200, { ok: true });
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.status === 413) res.setHeader('connection', 'close');
        sendJson(res, err.status, { error: err.code });
      } else {
        logger.error('http_handler_failed', { route: path, error: err instanceof Error ? err.name : 'unknown' });
        sendJson(res, 500, { error: 'internal' });
      }
    } finally {
      inFlight -= 1;
      settle();
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  // Node's defaults (5 s keep-alive) are fine; a slow client must not hold a turn for ever.
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    server,
    inFlight: () => inFlight,
    async stop() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      server.closeIdleConnections();
      // Sockets that were mid-request are idle now; anything still open is closed by force.
      server.closeAllConnections();
      await closed;
    },
  };
}
