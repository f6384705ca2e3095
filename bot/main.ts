/**
 * `npm start`: applies migrations (openDatabase does), starts the HTTP server, the configured
 * channels and the background services, and says which channels are on. Seeds nothing.
 * SIGTERM/SIGINT: stop taking work, finish what is in flight, close the database, exit 0.
 */
import { loadConfig } from './config';
import { createPonte } from './app';
import { createLogger } from './logger';
import { startPonteServer } from './http/ponte.server';
import { createOutboxRuntime, createScheduler } from './outbox/outbox.runtime';

/** Runs beside the HTTP server: Telegram polling now, the outbox dispatcher and scheduler later. */
export interface BackgroundService {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A stop that takes longer than this is stuck: exit non-zero so the supervisor knows. */
const SHUTDOWN_DEADLINE_MS = 30_000;

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);

// A safety net only: every user-driven path has its own handler. Log (codes, no data) and keep serving.
process.on('unhandledRejection', (err) => logger.error('unhandled_rejection', { error: err instanceof Error ? err.name : 'unknown' }));

const quietHours = { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END };
const ponte = await createPonte({ databaseUrl: config.DATABASE_URL, logger, quietHours, telegramBotUsername: config.TELEGRAM_BOT_USERNAME, outboxLeaseMs: config.OUTBOX_LEASE_SECONDS * 1000, instanceHeartbeatMs: config.INSTANCE_HEARTBEAT_SECONDS * 1000, backgroundCheckpoint: true });
if (ponte.db.migrations.applied.length) logger.info('migrations_applied', { count: ponte.db.migrations.applied.length });

const server = await startPonteServer(config, ponte).catch(async (err: unknown) => {
  logger.error('start_failed', { error: err instanceof Error ? err.name : 'unknown', code: (err as { error_code?: number }).error_code });
  await ponte.close();
  process.exit(1);
});

// The outbox dispatcher and the scheduler (issue 6): every channel's sender is registered with the outbox.
const outbox = createOutboxRuntime(ponte, { quietHours, senders: { teams: server.teams.sender, ...(server.telegram ? { telegram: server.telegram.sender } : {}) } });
// The instance registers first, so its first sends already run at its share of the global limits.
const services: BackgroundService[] = [...(ponte.instances ? [ponte.instances] : []), ...server.services, outbox.service, createScheduler(ponte, outbox, config)];

const telegramState = !server.telegram ? 'off' : server.telegram.mode;
logger.info('channel_telegram', { state: telegramState, ...(telegramState === 'off' ? { why: 'TELEGRAM_BOT_TOKEN not set' } : {}) });
if (server.teams.mode === 'local') {
  logger.warn('channel_teams', {
    state: 'local-mode',
    warning: 'MICROSOFT_APP_ID is not set: /api/messages accepts unauthenticated activities only from this machine (loopback client and loopback serviceUrl: Bot Framework Emulator / Agents Playground); everything else gets 403. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to serve Teams.',
  });
} else {
  logger.info('channel_teams', { state: 'authenticated', serviceUrls: config.TEAMS_SERVICE_URLS });
}
const ops = server.opsExposure;
const opsFields = { readyzAndMetrics: ops.where === 'main' ? `main port ${ops.port}` : `${ops.host}:${ops.port}`, token: ops.token };
if (ops.where === 'main' && !ops.token) logger.warn('ops_endpoints', { ...opsFields, warning: 'readyz and metrics are open on the public port: set OPS_PORT (bound to 127.0.0.1) or OPS_TOKEN' });
else logger.info('ops_endpoints', opsFields);
logger.info('channel_console', { state: 'npm run chat' });

for (const s of services) {
  await s.start();
  logger.info('service_started', { service: s.name });
}
// Tests and operators read the port from this line (PORT=0 picks a free one).
logger.info('http_listening', { port: server.port });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('shutdown_started', { signal, inFlight: server.http.inFlight() });
  setTimeout(() => {
    logger.error('shutdown_timeout', { afterMs: SHUTDOWN_DEADLINE_MS });
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  try {
    await server.stop();
    for (const s of services.filter((x) => !server.services.includes(x)).reverse()) await s.stop();
    await ponte.close();
    logger.info('shutdown_done', {});
    process.exit(0);
  } catch (err) {
    logger.error('shutdown_failed', { error: err instanceof Error ? err.name : 'unknown' });
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
