/**
 * The running server, in process, over the real app (harness: real Prisma on a temp SQLite file, real
 * i18next, demo programme), with the edges faked: a local Bot API server and a local Bot Framework
 * connector. Requests go over HTTP to the port the server really listens on.
 */
import { createHarness, type Harness } from '../../support/ponte-harness';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../fakes/fake-telegram-api';
import { startFakeConnector, type FakeConnector } from '../../fakes/fake-bf-connector';
import { startPonteServer, type PonteServer, type PonteServerOptions, type ServerConfig } from '../../../bot/http/ponte.server';
import { createOutboxRuntime, type OutboxRuntime } from '../../../bot/outbox/outbox.runtime';
import type { Channel } from '../../../core/messages';

export const WEBHOOK_SECRET = 'test-secret_123';

interface Edges {
  tg: FakeTelegramApi;
  connector: FakeConnector;
}

export interface ServerFixture {
  h: Harness;
  server: PonteServer;
  baseUrl: string;
  tg: FakeTelegramApi;
  connector: FakeConnector;
  /**
   * The outbox dispatcher as in `npm start` (its waits move the manual clock). It runs in the
   * background only with `dispatcher: true`; other tests drive a dispatcher of their own.
   */
  outbox: OutboxRuntime;
  /** Resolves when the Telegram update with this id has been handled: turn committed, replies sent or queued. */
  handled(updateId: number): Promise<void>;
  /** Resolves when no reply to this chat is waiting in the outbox (replies queued behind others went too). */
  settled(channel: Channel, chatId: string | number): Promise<void>;
  close(): Promise<void>;
}

export async function startServerFixture(
  opts: {
    telegramMode?: 'webhook' | 'polling' | 'off';
    appId?: string;
    /** Overrides; a function gets the fake edges (e.g. to allow-list the fake connector's serviceUrl). */
    config?: Partial<ServerConfig> | ((edges: Edges) => Partial<ServerConfig>);
    host?: string;
    teams?: PonteServerOptions['teams'] | ((edges: Edges) => PonteServerOptions['teams']);
    /** Run the outbox dispatcher in the background, as `npm start` does (replies left to the outbox go out). */
    dispatcher?: boolean;
  } = {},
): Promise<ServerFixture> {
  const h = await createHarness({ demo: true });
  const tg = await startFakeTelegramApi();
  const connector = await startFakeConnector();
  const done = new Set<number>();
  const waiters = new Map<number, () => void>();
  const mode = opts.telegramMode ?? 'webhook';
  const config: ServerConfig = {
    PORT: 0,
    TELEGRAM_BOT_TOKEN: mode === 'off' ? undefined : tg.token,
    TELEGRAM_MODE: mode === 'polling' ? 'polling' : 'webhook',
    TELEGRAM_WEBHOOK_URL: undefined,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: tg.apiRoot,
    MICROSOFT_APP_ID: opts.appId,
    MICROSOFT_APP_PASSWORD: opts.appId ? 'not-a-real-secret' : undefined,
    MICROSOFT_APP_TENANT_ID: undefined,
    MICROSOFT_APP_TYPE: 'MultiTenant',
    TELEGRAM_API_TIMEOUT_SECONDS: 10,
    TEAMS_API_TIMEOUT_SECONDS: 10,
    ...(typeof opts.config === 'function' ? opts.config({ tg, connector }) : opts.config),
  };
  const server = await startPonteServer(config, h.ponte, {
    host: opts.host ?? '127.0.0.1',
    teams: typeof opts.teams === 'function' ? opts.teams({ tg, connector }) : opts.teams,
    onTelegramHandled(id) {
      done.add(id);
      waiters.get(id)?.();
    },
  });
  for (const s of server.services) await s.start();
  const outbox = createOutboxRuntime(h.ponte, {
    senders: { teams: server.teams.sender, ...(server.telegram ? { telegram: server.telegram.sender } : {}) },
    sleep: async (ms) => h.clock.advance(ms),
  });
  if (opts.dispatcher) await outbox.service.start();
  return {
    h,
    server,
    outbox,
    async settled(channel, chatId) {
      const waiting = () => h.ponte.prisma.outboxMessage.count({ where: { channel, chatId: String(chatId), status: { in: ['pending', 'sending'] } } });
      for (let i = 0; i < 400 && (await waiting()) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    },
    baseUrl: `http://127.0.0.1:${server.port}`,
    tg,
    connector,
    handled: (id) => (done.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(id, resolve))),
    async close() {
      await server.stop();
      await outbox.service.stop();
      await tg.close();
      await connector.close();
      await h.close();
    },
  };
}
