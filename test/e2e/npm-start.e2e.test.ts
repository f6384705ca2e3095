/**
 * The real entry point: what `npm start` runs (node scripts/start.mjs, with package.json's flags) in a
 * child process, with a local Bot API stand-in and a local Bot Framework connector. The build is made
 * stale first, so start rebuilds dist/ and runs the compiled JavaScript. A user onboards over the
 * Telegram webhook from a deep link; botbuilder and the chart renderer are loaded only when first used
 * (a Teams activity, a coordinator's chart); a malformed body gets 400; SIGTERM ends the process with 0.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPonte } from '../../bot/app';
import { createLogger } from '../../bot/logger';
import { seedDemo, type DemoCodes } from '../../bot/seed/demo.seed';
import { startFakeTelegramApi, type FakeTelegramApi, type UploadedFile } from '../fakes/fake-telegram-api';
import { startFakeConnector, type FakeConnector } from '../fakes/fake-bf-connector';
import { joined } from './support/driver';
import { postWebhook, repliesArrived, telegramDriver } from './support/telegram.driver';
import { postActivity, teamsDriver } from './support/teams.driver';
import { WEBHOOK_SECRET } from './support/server.fixture';
import { npmStartNodeArgs } from '../support/npm-start';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let dir: string;
let tg: FakeTelegramApi;
let connector: FakeConnector;
let child: ChildProcessWithoutNullStreams;
let demo: DemoCodes;
let baseUrl: string;
let stderr = '';
let loadedFile: string;
let database: TestDatabase;
const exited = () => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-start-'));
  database = await createTestDatabase(dir);
  const databaseUrl = database.url;
  // npm start seeds nothing: the invite codes come from a seed run beforehand, as in production.
  const ponte = await createPonte({ databaseUrl, logger: createLogger('silent') });
  demo = await seedDemo(ponte.prisma, { now: new Date() });
  await ponte.close();
  tg = await startFakeTelegramApi();
  connector = await startFakeConnector();
  // A build older than every source: start must rebuild before it runs.
  const meta = path.resolve('dist/build-meta.json');
  if (fs.existsSync(meta)) fs.writeFileSync(meta, JSON.stringify({ ...JSON.parse(fs.readFileSync(meta, 'utf8')), builtAt: 0 }));
  loadedFile = path.join(dir, 'loaded.json');
  child = spawn(process.execPath, ['--import', './test/support/loaded-packages.mjs', ...npmStartNodeArgs()], {
    env: {
      ...process.env,
      LOADED_PACKAGES_FILE: loadedFile,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_WEBHOOK_URL: 'https://ponte.example.org/telegram/webhook',
      MICROSOFT_APP_ID: '',
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /"event":"http_listening","port":(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${stderr}`)));
  });
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited();
  }
  await tg?.close();
  await connector?.close();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The packages the server has loaded so far (test/support/loaded-packages.mjs answers SIGUSR2). */
async function loadedPackages(): Promise<string[]> {
  fs.rmSync(loadedFile, { force: true });
  child.kill('SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(loadedFile); i++) await new Promise((r) => setTimeout(r, 20));
  return JSON.parse(fs.readFileSync(loadedFile, 'utf8')) as string[];
}

const logLines = () =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

it('rebuilds the stale bundle, then runs dist/main.js', async () => {
  expect(stderr).toMatch(/^build: rebuilding dist\/ \(.+ changed\)$/m);
  expect(stderr).toMatch(/^build: dist\/main\.js \(\d+ KB\)/m);
  const meta = JSON.parse(fs.readFileSync('dist/build-meta.json', 'utf8')) as { builtAt: number; inputs: string[] };
  expect(meta.builtAt).toBeGreaterThan(0);
  expect(meta.inputs).toContain('bot/main.ts');
  expect(fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toContain('scripts/start.mjs');
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
});

it('says which channels are on, Teams local mode loudly, and registers the webhook', () => {
  const lines = logLines();
  expect(lines.find((l) => l.event === 'channel_telegram')).toMatchObject({ state: 'webhook' });
  expect(lines.find((l) => l.event === 'channel_teams')).toMatchObject({ level: 'warn', state: 'local-mode' });
  expect(tg.callsOf('setWebhook')[0]!.params).toMatchObject({ url: 'https://ponte.example.org/telegram/webhook', secret_token: WEBHOOK_SECRET });
});

it('onboards a Telegram user from /start <invite code> and language buttons', async () => {
  const user = telegramDriver({ baseUrl, tg, handled: repliesArrived(tg, 9101) }, 9101, 'webhook', 'it');
  const start = await user.say(`/start ${demo.beneficiary[0]}`);
  expect(start.buttons).toEqual(expect.arrayContaining(['Italiano', 'English']));
  const consent = await user.press('Italiano');
  expect(joined(consent)).toContain('Informativa');
  const welcome = await user.press('Accetto');
  expect(joined(welcome)).toMatch(/Benvenut[oa], .+!/);
  expect(joined(welcome)).toContain('Menu principale');
  // Telegram turns need neither botbuilder (~56 MB) nor Skia (~26 MB).
  const loaded = await loadedPackages();
  expect(loaded).toContain('grammy');
  expect(loaded).not.toContain('botbuilder');
  expect(loaded).not.toContain('@napi-rs/canvas');
});

it('answers a Bot Framework activity at its serviceUrl', async () => {
  const user = teamsDriver({ baseUrl, connector }, { userId: '29:start-user', locale: 'en-US' });
  const reply = await user.say('/start');
  expect(joined(reply)).toContain('Choose your language');
  expect(connector.activities[0]!.conversationId).toBe('a:conv-29:start-user');
  expect(await loadedPackages()).toContain('botbuilder');
});

it('loads the chart renderer with the first chart a coordinator asks for', async () => {
  expect(await loadedPackages()).not.toContain('@napi-rs/canvas');
  const coordinator = telegramDriver({ baseUrl, tg, handled: repliesArrived(tg, 9102) }, 9102, 'webhook', 'it');
  await coordinator.say(`/start ${demo.coordinator[0]}`);
  await coordinator.press('Italiano');
  await coordinator.press('Accetto');
  await coordinator.press(/Report/);
  await coordinator.press('Tirocini per provincia');
  const photo = tg.callsOf('sendPhoto').find((c) => String(c.params.chat_id) === '9102');
  expect((photo?.params.photo as UploadedFile | undefined)?.bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(await loadedPackages()).toContain('@napi-rs/canvas');
});

it('a malformed body gets 400 on both routes', async () => {
  expect((await postWebhook({ baseUrl, tg }, '{"update_id":')).status).toBe(400);
  expect((await postActivity({ baseUrl }, 'not json')).status).toBe(400);
});

it('logs ids and codes, never what people wrote', () => {
  expect(stderr).not.toContain(demo.beneficiary[0]!);
  expect(stderr).not.toContain('/start');
});

it('SIGTERM: stops taking work, closes the database and exits 0', async () => {
  child.kill('SIGTERM');
  expect(await exited()).toBe(0);
  expect(stderr).toContain('"event":"shutdown_done"');
});
