/**
 * Telegram long polling on one instance at a time: two servers started as `npm start` starts them, on
 * one database and one (fake) Bot API. One holds the polling lease and answers; SIGKILLed, the other
 * takes the lease over once it expires and answers the next updates. On SQLite and on PostgreSQL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPonte } from '../../bot/app';
import { createLogger } from '../../bot/logger';
import { seedDemo } from '../../bot/seed/demo.seed';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/fake-telegram-api';
import { npmStartNodeArgs } from '../support/npm-start';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const LEASE_SECONDS = 3;
let dir: string;
let database: TestDatabase;
let tg: FakeTelegramApi;
const servers: Array<{ child: ChildProcessWithoutNullStreams; log: () => string }> = [];

async function startServer(): Promise<(typeof servers)[number]> {
  const child = spawn(process.execPath, npmStartNodeArgs(), {
    env: { ...process.env, DATABASE_URL: database.url, PORT: '0', LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'polling', TELEGRAM_POLLING_LEASE_SECONDS: String(LEASE_SECONDS), MICROSOFT_APP_ID: '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await until(() => /"event":"http_listening"/.test(stderr), 60_000, () => `no http_listening:\n${stderr}`);
  const server = { child, log: () => stderr };
  servers.push(server);
  return server;
}

async function until(ok: () => boolean, ms: number, why: () => string): Promise<void> {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

const events = (s: (typeof servers)[number], name: string) => s.log().split('\n').filter((l) => l.includes(`"event":"${name}"`)).length;
const answered = (chat: number) => tg.sent(chat).length > 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-lease-'));
  database = await createTestDatabase(dir);
  const ponte = await createPonte({ databaseUrl: database.url, logger: createLogger('silent') });
  await seedDemo(ponte.prisma, { now: new Date() });
  await ponte.close();
  tg = await startFakeTelegramApi();
}, 120_000);

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await tg?.close();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('one of two instances polls; when it is SIGKILLed the other takes over within the lease and answers', async () => {
  const a = await startServer();
  await until(() => events(a, 'lease_acquired') === 1, 20_000, () => `A never took the lease:\n${a.log()}`);
  const b = await startServer();

  tg.pushUpdate(tg.textUpdate(7001, '/start'));
  await until(() => answered(7001), 20_000, () => 'no answer to 7001');
  // B has been trying for a while (every second): it never got the lease while A held it.
  await new Promise((r) => setTimeout(r, 1500));
  expect(events(b, 'lease_acquired')).toBe(0);

  a.child.kill('SIGKILL');
  const killedAt = Date.now();
  tg.pushUpdate(tg.textUpdate(7002, '/start'));
  await until(() => events(b, 'lease_acquired') === 1, (LEASE_SECONDS + 5) * 1000, () => `B never took over:\n${b.log()}`);
  const failover = Date.now() - killedAt;
  await until(() => answered(7002), 20_000, () => 'no answer to 7002 after the fail-over');
  expect(failover).toBeLessThan((LEASE_SECONDS + 2) * 1000);
  expect(tg.sent(7001)).toHaveLength(1);
  expect(tg.sent(7002)).toHaveLength(1);
}, 120_000);

it('a clean stop (SIGTERM) hands the lease over at once', async () => {
  const [, b] = servers;
  const c = await startServer();
  b!.child.kill('SIGTERM');
  const stoppedAt = Date.now();
  await until(() => events(c, 'lease_acquired') === 1, (LEASE_SECONDS + 5) * 1000, () => `C never took over:\n${c.log()}`);
  // Well under the lease: C tries every second and finds the lease released.
  expect(Date.now() - stoppedAt).toBeLessThan(LEASE_SECONDS * 1000);
  tg.pushUpdate(tg.textUpdate(7003, '/start'));
  await until(() => answered(7003), 20_000, () => 'no answer to 7003');
}, 120_000);
