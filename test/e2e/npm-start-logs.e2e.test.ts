/**
 * `npm start` (tsx bot/main.ts) as an operator runs it, watching only its output: a beneficiary writes
 * to a tutor who uses the terminal, so the server's console sender delivers it, and neither stdout nor
 * stderr ever holds a name or what anyone wrote. /readyz and /metrics on their own port behind a token.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPonte } from '../../bot/app';
import { createLogger } from '../../bot/logger';
import { seedDemo, type DemoCodes } from '../../bot/seed/demo.seed';
import { DEMO_BENEFICIARIES, DEMO_TUTORS } from '../../bot/seed/demo.people';
import { startFakeTelegramApi, type FakeTelegramApi } from '../fakes/fake-telegram-api';
import { repliesArrived, telegramDriver } from './support/telegram.driver';
import { WEBHOOK_SECRET } from './support/server.fixture';

const SECRET_TEXT = 'Messaggio riservato: ho perso il permesso di soggiorno';
const OPS_TOKEN = 'ops-token-for-the-test-0123456789';

let dir: string;
let tg: FakeTelegramApi;
let child: ChildProcessWithoutNullStreams;
let demo: DemoCodes;
let stdout = '';
let stderr = '';
const exited = () => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
const logLines = () => stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-logs-'));
  const databaseUrl = `file:${path.join(dir, 'ponte.db')}`;
  const ponte = await createPonte({ databaseUrl, logger: createLogger('silent') });
  demo = await seedDemo(ponte.prisma, { now: new Date() });
  // The tutor uses the terminal: what she receives goes through the server's console sender.
  const giulia = await ponte.prisma.person.findUniqueOrThrow({ where: { code: 'T-0001' } });
  await ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: 'giulia', chatId: 'giulia', personId: giulia.id, consentAt: new Date() } });
  await ponte.close();
  tg = await startFakeTelegramApi();
  child = spawn(path.resolve('node_modules/.bin/tsx'), ['bot/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      OPS_PORT: '0',
      OPS_TOKEN,
      LOG_LEVEL: 'debug',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      MICROSOFT_APP_ID: '',
    },
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('"event":"http_listening"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bot/main.ts exited with ${code}:\n${stderr}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited();
  }
  await tg?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const mainUrl = () => `http://127.0.0.1:${String(logLines().find((l) => l.event === 'http_listening')!.port)}`;
const opsUrl = () => `http://${String(logLines().find((l) => l.event === 'ops_endpoints')!.readyzAndMetrics)}`;

it('a message to a terminal user is delivered without its text or any name in the output', async () => {
  const ahmed = telegramDriver({ baseUrl: mainUrl(), tg, handled: repliesArrived(tg, 9201) }, 9201, 'webhook', 'it');
  await ahmed.say(`/start ${demo.beneficiary[0]}`);
  await ahmed.press('Italiano');
  await ahmed.press('Accetto');
  await ahmed.press('Scrivi al tutor');
  expect((await ahmed.say(SECRET_TEXT)).texts.join('\n')).toContain('Inviato a Giulia Ferrero');
  // The dispatcher is rung at once for a relayed message.
  for (let i = 0; i < 100 && !stdout.includes('console_message_sent'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'console_message_sent', messages: 1 });

  const output = stdout + stderr;
  for (const secret of [SECRET_TEXT, 'permesso di soggiorno', demo.beneficiary[0]!, 'giulia', ...DEMO_BENEFICIARIES.map((b) => b.fullName), ...DEMO_TUTORS.flatMap((t) => [t.fullName, t.phone])]) {
    expect(output, secret).not.toContain(secret);
  }
});

it('readyz and metrics live on the ops port only, behind the token; healthz stays open', async () => {
  expect(logLines().find((l) => l.event === 'ops_endpoints')).toMatchObject({ level: 'info', token: true });
  expect((await fetch(`${mainUrl()}/metrics`)).status).toBe(404);
  expect((await fetch(`${mainUrl()}/readyz`)).status).toBe(404);
  expect((await fetch(`${mainUrl()}/healthz`)).status).toBe(200);
  expect((await fetch(`${opsUrl()}/metrics`)).status).toBe(401);
  expect((await fetch(`${opsUrl()}/readyz`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
  const metrics = await fetch(`${opsUrl()}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } });
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toContain('ponte_updates_received_total{channel="telegram"}');
  expect((await fetch(`${opsUrl()}/readyz`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } })).status).toBe(200);
});

it('SIGTERM still ends both listeners and exits 0', async () => {
  child.kill('SIGTERM');
  expect(await exited()).toBe(0);
});
