/**
 * Wires the channels to one HTTP server over an already built Ponte (bot/app.ts): Teams always on
 * /api/messages (botbuilder loaded by the first request in local mode), Telegram on /telegram/webhook or
 * by long polling, the operations endpoints. Used by bot/main.ts and, in process, by the end-to-end tests
 * and the benchmark.
 */
import type { Config } from '../config';
import type { Ponte } from '../app';
import { PonteMetrics } from './metrics';
import { startHttpServer, type Route, type RunningHttpServer } from './http.server';
import { healthRoute, opsRoutes } from './ops.routes';
import { ChannelAccountLinks } from './channel-account.links';
import { createTelegramChannel, type TelegramChannel } from '../telegram/telegram.bot';
import { registerWebhook, telegramWebhookRoute } from '../telegram/telegram.webhook';
import { telegramPollingService } from '../telegram/telegram.polling';
import { PrismaLeases } from '../storage/lease.repository';
import { leasedService } from './leased-service';
import { createTeamsChannel, type TeamsChannel, type TeamsChannelOptions } from '../teams/teams.channel';

/** Something that runs beside the HTTP server (Telegram polling, the outbox dispatcher...). */
export interface Service {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  | 'PORT'
  | 'TELEGRAM_BOT_TOKEN'
  | 'TELEGRAM_MODE'
  | 'TELEGRAM_WEBHOOK_URL'
  | 'TELEGRAM_WEBHOOK_SECRET'
  | 'TELEGRAM_API_ROOT'
  | 'MICROSOFT_APP_ID'
  | 'MICROSOFT_APP_PASSWORD'
  | 'MICROSOFT_APP_TENANT_ID'
  | 'MICROSOFT_APP_TYPE'
  | 'TELEGRAM_API_TIMEOUT_SECONDS'
  | 'TEAMS_API_TIMEOUT_SECONDS'
> &
  Partial<Pick<Config, 'TEAMS_SERVICE_URLS' | 'OPS_PORT' | 'OPS_HOST' | 'OPS_TOKEN' | 'TELEGRAM_POLLING_LEASE_SECONDS'>>;

export interface PonteServer {
  port: number;
  http: RunningHttpServer;
  /** The separate listener of /readyz and /metrics, when OPS_PORT is set. */
  ops?: RunningHttpServer;
  /** Where /readyz and /metrics are served and whether they need the token: for the start-up log. */
  opsExposure: { where: 'main' | 'ops'; host?: string; port: number; token: boolean };
  metrics: PonteMetrics;
  telegram?: TelegramChannel & { mode: 'webhook' | 'polling' };
  teams: TeamsChannel;
  /** Services the channels need (Telegram polling); main.ts adds its own and starts them all. */
  services: Service[];
  /** Stop taking work, finish what is in flight, stop the channel services. Does not close the database. */
  stop(): Promise<void>;
}

export interface PonteServerOptions {
  /** Test hook: called after each Telegram update is handled. */
  onTelegramHandled?: (updateId: number) => void;
  host?: string;
  /** Teams authentication endpoints and timeout (tests point them at local stand-ins). */
  teams?: TeamsChannelOptions;
}

export async function startPonteServer(config: ServerConfig, ponte: Ponte, opts: PonteServerOptions = {}): Promise<PonteServer> {
  const { engine, clock, logger, prisma } = ponte;
  const metrics = new PonteMetrics();
  const links = new ChannelAccountLinks(prisma);
  const deps = { engine, delivery: ponte.replyDelivery, dedupe: ponte.stores.receipts, links, clock, logger, metrics, translator: ponte.translator, limiter: ponte.limiter };
  const routes: Route[] = [];
  const services: Service[] = [];
  let shuttingDown = false;

  let telegram: PonteServer['telegram'];
  if (config.TELEGRAM_BOT_TOKEN) {
    const tg = { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, ''), timeoutSeconds: config.TELEGRAM_API_TIMEOUT_SECONDS };
    const channel = createTelegramChannel({ ...tg, onHandled: opts.onTelegramHandled }, deps);
    // getMe now: a wrong token or an unreachable Bot API should stop the start, not the first message.
    await channel.bot.init();
    telegram = { ...channel, mode: config.TELEGRAM_MODE };
    if (config.TELEGRAM_MODE === 'webhook') {
      routes.push(telegramWebhookRoute(channel.bot, config.TELEGRAM_WEBHOOK_SECRET));
      if (config.TELEGRAM_WEBHOOK_URL) await registerWebhook(channel.bot, config.TELEGRAM_WEBHOOK_URL, config.TELEGRAM_WEBHOOK_SECRET);
    } else {
      // One poller per deployment: every instance may start, the lease holder polls (bot/http/leased-service.ts).
      const ttlMs = (config.TELEGRAM_POLLING_LEASE_SECONDS ?? 15) * 1000;
      services.push(leasedService(telegramPollingService(channel, tg, logger), { leases: new PrismaLeases(prisma), clock, logger, ttlMs }));
    }
  }

  const teams = createTeamsChannel(config, deps, opts.teams);
  // With an app id Teams traffic is expected: load botbuilder now, not during someone's first message.
  if (teams.mode === 'authenticated') await teams.load();
  routes.push(teams.route, healthRoute());
  const ops = opsRoutes({ prisma, pendingMigrations: () => ponte.db.pendingMigrations(), metrics, clock, isShuttingDown: () => shuttingDown, token: config.OPS_TOKEN, liveInstances: ponte.instances?.live });
  // With OPS_PORT, readiness and metrics live only on their own listener (localhost by default).
  if (config.OPS_PORT === undefined) routes.push(...ops);

  const http = await startHttpServer({ port: config.PORT, host: opts.host, routes, logger, metrics });
  const opsHttp = config.OPS_PORT === undefined ? undefined : await startHttpServer({ port: config.OPS_PORT, host: config.OPS_HOST ?? '127.0.0.1', routes: [healthRoute(), ...ops], logger, metrics }).catch(async (err: unknown) => {
    await http.stop();
    throw err;
  });

  return {
    port: http.port,
    http,
    ops: opsHttp,
    opsExposure: opsHttp ? { where: 'ops', host: config.OPS_HOST ?? '127.0.0.1', port: opsHttp.port, token: !!config.OPS_TOKEN } : { where: 'main', port: http.port, token: !!config.OPS_TOKEN },
    metrics,
    telegram,
    teams,
    services,
    async stop() {
      shuttingDown = true;
      await http.stop();
      await opsHttp?.stop();
      for (const s of [...services].reverse()) await s.stop();
      await telegram?.idle();
      await ponte.replyDelivery.idle();
    },
  };
}
