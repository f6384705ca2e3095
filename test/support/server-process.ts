/**
 * Real Ponte servers in child processes, started exactly as `npm start` starts them (node with the start
 * script's arguments, no npm in between, so a SIGKILL reaches the server itself), and Telegram's side of
 * the webhook: posting an update as Telegram does. Shared by bench:updates, bench:instances and the
 * two-instance test. Every server started here is killed when this process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { FakeTelegramApi } from '../fakes/fake-telegram-api';
import { npmStartNodeArgs } from './npm-start';

export interface ServerProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  pid: number;
  /** The last lines the server logged (JSON lines, ids and codes only), for an error message. */
  logTail(lines?: number): string;
  /** Calls `listener` with every log line from now on, parsed (JSON lines). Returns the unsubscribe. */
  onLog(listener: (entry: Record<string, unknown>) => void): () => void;
  /** Resolves once the process has exited (at once if it has). */
  exited(): Promise<void>;
}

/**
 * The environment of a webhook-mode server talking to a local (fake) Bot API over `databaseUrl`, with
 * short API timeouts (2 s) and outbox leases (6 s, the least the config allows with them), so that what
 * a killed server had leased is taken over within seconds instead of a minute. `extra` adds or overrides.
 */
export function webhookServerEnv(tg: { token: string; apiRoot: string }, secret: string, databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_API_TIMEOUT_SECONDS: '2',
    TEAMS_API_TIMEOUT_SECONDS: '2',
    OUTBOX_LEASE_SECONDS: '6',
    PORT: '0',
    LOG_LEVEL: 'info',
    DATABASE_URL: databaseUrl,
    ...extra,
  };
}

const children = new Set<ChildProcess>();
let hooked = false;

/** Starts `npm start` with `env` (PORT=0 picks a free port) and resolves once it is listening. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  }
  const child = spawn(process.execPath, npmStartNodeArgs(), { env: { ...env, PORT: env.PORT ?? '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let gone = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      children.delete(child);
      resolve();
    }),
  );
  let log = '';
  let partial = '';
  const logTail = (lines = 15) => log.split('\n').slice(-lines).join('\n');
  const listeners = new Set<(entry: Record<string, unknown>) => void>();
  const onLog = (listener: (entry: Record<string, unknown>) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log = (log + text).slice(-50_000);
      if (listeners.size) {
        const lines = (partial + text).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          try {
            const entry = JSON.parse(line) as Record<string, unknown>;
            listeners.forEach((l) => l(entry));
          } catch {
            // not a JSON line (a Node warning): not an event
          }
        }
      }
      const m = /"event":"http_listening","port":(\d+)/.exec(log);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, pid: child.pid!, logTail, onLog, exited: () => (gone ? Promise.resolve() : exit) });
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${logTail()}`)));
  });
}

/** Stops a server with SIGTERM (a clean stop: it finishes what is in flight) and waits for it. */
export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited();
}

/**
 * Posts one update to a server's Telegram webhook as Telegram does, with the secret header, through the
 * fake Bot API (which performs a method the webhook answers with, as Telegram does); returns the HTTP
 * status, or 0 when the connection failed (refused, or cut by a kill): Telegram delivers it again.
 */
export async function postUpdate(tg: Pick<FakeTelegramApi, 'deliverWebhook'>, base: string, secret: string, update: unknown): Promise<number> {
  try {
    const res = await tg.deliverWebhook(`${base}/telegram/webhook`, update, { 'x-telegram-bot-api-secret-token': secret });
    return res.status;
  } catch {
    return 0;
  }
}
