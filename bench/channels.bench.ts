/**
 * `npm run bench:channels [-- --updates 2000 --chats 100]`: the Telegram webhook path under load, over
 * loopback. The real server (`tsx bot/main.ts`, webhook mode, SQLite) runs in a child process; this
 * process plays Telegram: it posts N updates from M chats (onboarding, then menu navigation, so the
 * database is read and written on every turn) and answers the bot's Bot API calls with the local fake.
 * Then the same load against a bare grammY bot that only echoes (also a child process, same harness).
 * Prints updates/s, p50/p95/p99 handling latency (webhook POST to its answer, replies included) and peak
 * RSS of the bot process, and the ratio. Loops are bounded by N; nothing leaves 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Bot, webhookCallback } from 'grammy';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';

const SECRET = 'bench-secret';
const { values } = parseArgs({ options: { updates: { type: 'string', default: '2000' }, chats: { type: 'string', default: '100' }, 'echo-server': { type: 'boolean', default: false } } });

if (values['echo-server']) await echoServer();
else await main();

/** The baseline: grammY's own webhook handler, echoing text and answering button presses. */
async function echoServer(): Promise<void> {
  const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN!, { client: { apiRoot: process.env.TELEGRAM_API_ROOT! } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  bot.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.callbackQuery.data);
  });
  await bot.init();
  const handle = webhookCallback(bot, 'http', { secretToken: SECRET });
  const server = createServer((req, res) => {
    if (req.url === '/rss') return res.end(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
    void handle(req, res);
  });
  server.listen(0, '127.0.0.1', () => console.error(JSON.stringify({ event: 'http_listening', port: (server.address() as { port: number }).port })));
}

interface RunResult {
  name: string;
  updates: number;
  seconds: number;
  latenciesMs: number[];
  peakRssBytes: number;
  failures: number;
}

async function main(): Promise<void> {
  const { startFakeTelegramApi } = await import('../test/fakes/fake-telegram-api');
  const { createPonte } = await import('../bot/app');
  const { createLogger } = await import('../bot/logger');
  const { seedDemo } = await import('../bot/seed/demo.seed');
  const { CODE_ALPHABET } = await import('../core/onboarding/invite-code');
  const N = Math.max(1, Number(values.updates));
  const M = Math.max(1, Math.min(Number(values.chats), N));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-bench-'));
  const databaseUrl = `file:${path.join(dir, 'ponte.db')}`;

  // One invite code per chat, so every chat gets through onboarding to the menu.
  const ponte = await createPonte({ databaseUrl, logger: createLogger('silent') });
  await seedDemo(ponte.prisma, { now: new Date() });
  const person = await ponte.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'beneficiary' } } } });
  const codes: string[] = [];
  for (let i = 0; i < M; i++) {
    const code = `BNCH${[0, 1, 2, 3].map((d) => CODE_ALPHABET[Math.floor(i / CODE_ALPHABET.length ** d) % CODE_ALPHABET.length]).join('')}`;
    await ponte.stores.invites.create({ code, role: 'beneficiary', personId: person.id, expiresAt: new Date(Date.now() + 86_400_000) });
    codes.push(code);
  }
  await ponte.close();

  const tg = await startFakeTelegramApi();
  const env = { ...process.env, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl };
  const tsx = path.resolve('node_modules/.bin/tsx');

  // Latest keyboard each chat was sent, read incrementally from the fake's call log.
  let scanned = 0;
  const keyboards = new Map<string, { messageId: number; markup: InlineKeyboardMarkup }>();
  const scan = () => {
    for (; scanned < tg.calls.length; scanned++) {
      const c = tg.calls[scanned]!;
      const markup = c.params.reply_markup as InlineKeyboardMarkup | undefined;
      const result = c.result as { message_id?: number } | undefined;
      if (c.method === 'sendMessage' && markup?.inline_keyboard && result?.message_id) keyboards.set(String(c.params.chat_id), { messageId: result.message_id, markup });
    }
  };
  const press = (chatId: number, pattern: RegExp): Update => {
    scan();
    const kb = keyboards.get(String(chatId));
    const button = kb?.markup.inline_keyboard.flat().find((b) => 'callback_data' in b && pattern.test(b.text));
    if (!kb || !button || !('callback_data' in button)) return tg.textUpdate(chatId, '/menu');
    return tg.callbackUpdate(chatId, button.callback_data, kb.messageId, { replyMarkup: kb.markup });
  };

  /** Ponte: /start, language, consent, code, then Language → a language, over and over. */
  const ponteScript = (chatId: number, step: number, code: string): Update => {
    if (step === 0) return tg.textUpdate(chatId, '/start', { languageCode: 'it' });
    if (step === 1) return press(chatId, /English/);
    if (step === 2) return press(chatId, /agree/);
    if (step === 3) return tg.textUpdate(chatId, code);
    if (step % 3 === 1) return press(chatId, /Language|Lingua/);
    if (step % 3 === 2) return press(chatId, step % 2 ? /Italiano/ : /English/);
    return tg.textUpdate(chatId, '/menu');
  };
  const echoScript = (chatId: number, step: number): Update => (step % 2 ? tg.callbackUpdate(chatId, 'v1.en', 1) : tg.textUpdate(chatId, `hello ${step}`));

  async function run(name: string, args: string[], script: (chatId: number, step: number, code: string) => Update, rss: (base: string) => Promise<number>): Promise<RunResult> {
    const child = spawn(tsx, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const base = await listening(child);
    const latencies: number[] = [];
    let failures = 0;
    let sent = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: M }, async (_, i) => {
        const chatId = 500_000 + i + (name === 'ponte' ? 0 : 100_000);
        const quota = Math.floor(N / M) + (i < N % M ? 1 : 0);
        for (let step = 0; step < quota; step++) {
          const body = JSON.stringify(script(chatId, step, codes[i]!));
          const t0 = performance.now();
          const res = await fetch(`${base}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
          await res.arrayBuffer();
          latencies.push(performance.now() - t0);
          if (res.status !== 200) failures += 1;
          sent += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const peakRssBytes = await rss(base);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    return { name, updates: sent, seconds, latenciesMs: latencies.sort((a, b) => a - b), peakRssBytes, failures };
  }

  const ponteResult = await run('ponte', ['bot/main.ts'], ponteScript, async (base) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return Number(/^process_max_resident_memory_bytes (\d+)$/m.exec(text)?.[1] ?? 0);
  });
  const echoResult = await run('grammY echo', ['bench/channels.bench.ts', '--echo-server'], echoScript, async (base) => ((await (await fetch(`${base}/rss`)).json()) as { maxRss: number }).maxRss);
  // Check the load did what it says: every chat onboarded (account linked to a person).
  const after = await createPonte({ databaseUrl, logger: createLogger('silent') });
  const linked = await after.prisma.channelAccount.count({ where: { channel: 'telegram', personId: { not: null } } });
  await after.close();
  const stats = { replies: tg.sent().length, linked };

  await tg.close();
  fs.rmSync(dir, { recursive: true, force: true });
  report([ponteResult, echoResult], N, M, stats);
}

function listening(child: ChildProcess): Promise<string> {
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /"event":"http_listening","port":(\d+)/.exec(err);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function report(results: RunResult[], n: number, m: number, stats: { replies: number; linked: number }): void {
  const rows = results.map((r) => ({
    bot: r.name,
    updates: r.updates,
    failures: r.failures,
    'updates/s': Math.round(r.updates / r.seconds),
    'p50 ms': pct(r.latenciesMs, 50).toFixed(1),
    'p95 ms': pct(r.latenciesMs, 95).toFixed(1),
    'p99 ms': pct(r.latenciesMs, 99).toFixed(1),
    'peak RSS MB': (r.peakRssBytes / 1024 / 1024).toFixed(0),
  }));
  console.log(`Telegram webhook over loopback: ${n} updates from ${m} chats (Node ${process.version}, ${os.cpus().length} CPUs); messages sent by the bots: ${stats.replies}; Ponte chats onboarded: ${stats.linked}/${m}`);
  console.table(rows);
  const [ponte, echo] = results as [RunResult, RunResult];
  const tput = ponte.updates / ponte.seconds / (echo.updates / echo.seconds);
  console.log(`Ponte / bare echo: throughput ${(tput * 100).toFixed(0)}%, p50 latency ×${(pct(ponte.latenciesMs, 50) / pct(echo.latenciesMs, 50)).toFixed(1)}, p99 latency ×${(pct(ponte.latenciesMs, 99) / pct(echo.latenciesMs, 99)).toFixed(1)}, peak RSS ×${(ponte.peakRssBytes / echo.peakRssBytes).toFixed(1)}`);
}
