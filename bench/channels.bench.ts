/**
 * `npm run bench:channels [-- --updates 2000 --chats 100 --rate 100 --seconds 20 --rounds 4 --db sqlite]`:
 * the Telegram webhook path under load, over loopback. Ponte runs as `npm start` runs it (node with the
 * start script's arguments: the compiled dist/, webhook mode, SQLite or with `--db postgres` a PostgreSQL 15
 * cluster of its own, bench/bench-database.ts) in a child process, and beside it a
 * bare grammY echo bot, also bundled and run by node. This process plays Telegram for both: it posts
 * updates from many chats (for Ponte: onboarding, then menu navigation, so the database is read and
 * written on every turn) and answers their Bot API calls with the local fake. Two phases, each in rounds
 * that the two bots take in turns:
 *   1. closed loop: each chat posts its next update once the previous one is complete → updates/s, and the
 *      CPU time per update (which, unlike updates/s, others' load on a shared machine barely moves);
 *   2. open loop at a fixed offered rate (updates posted on a schedule, answered or not) → latency.
 * An update's latency runs from its webhook POST to the arrival of its last reply at the fake Bot API
 * (bench/channels.load.ts). Peak RSS is the bot process's high-water mark (VmHWM). `--node-flag=--cpu-prof`
 * (repeatable) passes a flag to Ponte's node. Nothing leaves 127.0.0.1.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { startFakeTelegramApi, type RecordedCall } from '../test/fakes/fake-telegram-api';
import { npmStartNodeArgs } from '../test/support/npm-start';
import { createPonte } from '../bot/app';
import { createLogger } from '../bot/logger';
import { seedDemo } from '../bot/seed/demo.seed';
import { CODE_ALPHABET } from '../core/onboarding/invite-code';
import { benchDatabase } from './bench-database';
import { closedLoop, cpuMs, openLoop, percentile, ReplyTracker, throughput, type Sample, type Step } from './channels.load';

const SECRET = 'bench-secret';
const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '2000' },
    chats: { type: 'string', default: '100' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '20' },
    db: { type: 'string', default: 'sqlite' },
    // e.g. --node-flag=--cpu-prof: passed to Ponte's node process (profiles land in its working directory).
    'node-flag': { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '4' },
  },
});
const N = Math.max(1, Number(values.updates));
const M = Math.max(1, Math.min(Number(values.chats), N));
const RATE = Math.max(1, Number(values.rate));
const SECONDS = Math.max(1, Number(values.seconds));
const ROUNDS = Math.max(1, Number(values.rounds));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-bench-'));
const database = await benchDatabase(values.db, dir);
const databaseUrl = database.url;

// Both bots as compiled JavaScript run by node: Ponte as `npm run build` makes it, the echo bot bundled here.
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) throw new Error('npm run build failed');
const echoJs = path.resolve('dist/bench/echo.server.js');
await build({ entryPoints: ['bench/echo.server.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20.19', packages: 'external', outfile: echoJs, logLevel: 'warning' });

// One invite code per chat, so every chat gets through onboarding to the menu.
const seeded = await createPonte({ databaseUrl, logger: createLogger('silent') });
await seedDemo(seeded.prisma, { now: new Date() });
const person = await seeded.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'beneficiary' } } } });
const codes = new Map<number, string>();
const ponteChats = Array.from({ length: M }, (_, i) => 500_000 + i);
for (const [i, chatId] of ponteChats.entries()) {
  const code = `BNCH${[0, 1, 2, 3].map((d) => CODE_ALPHABET[Math.floor(i / CODE_ALPHABET.length ** d) % CODE_ALPHABET.length]).join('')}`;
  await seeded.stores.invites.create({ code, role: 'beneficiary', personId: person.id, expiresAt: new Date(Date.now() + 86_400_000) });
  codes.set(chatId, code);
}
await seeded.close();

// Idle connections stay open: each bot idles while the other is measured, and a reset keep-alive socket
// would cost Ponte auto-retry's 3 s back-off, the echo bot a failed reply.
const tg = await startFakeTelegramApi({ keepAliveTimeoutMs: 600_000 });
const env = { ...process.env, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl };

// The latest keyboard each chat was sent, so a script can press its buttons.
const keyboards = new Map<string, { messageId: number; markup: InlineKeyboardMarkup }>();
tg.onCall((c) => {
  const markup = c.params.reply_markup as InlineKeyboardMarkup | undefined;
  const result = c.result as { message_id?: number } | undefined;
  if (c.method === 'sendMessage' && markup?.inline_keyboard && result?.message_id) keyboards.set(String(c.params.chat_id), { messageId: result.message_id, markup });
});
const isMessage = (c: RecordedCall) => c.method === 'sendMessage' && !c.error;
const isScreen = (c: RecordedCall) => isMessage(c) && Boolean((c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard);

const steps = new Map<number, number>();
const nextStepNo = (chatId: number) => {
  const n = steps.get(chatId) ?? 0;
  steps.set(chatId, n + 1);
  return n;
};
// A second press on the same message is a double tap, which Ponte answers with nothing but
// answerCallbackQuery: when a slow bot has not yet sent the next keyboard, type /menu instead.
const pressed = new Map<number, number>();
const press = (chatId: number, pattern: RegExp): Step => {
  const kb = keyboards.get(String(chatId));
  const button = kb?.markup.inline_keyboard.flat().find((b) => 'callback_data' in b && pattern.test(b.text));
  if (!kb || !button || !('callback_data' in button) || pressed.get(chatId) === kb.messageId) return { update: tg.textUpdate(chatId, '/menu'), last: isScreen };
  pressed.set(chatId, kb.messageId);
  return { update: tg.callbackUpdate(chatId, button.callback_data, kb.messageId, { replyMarkup: kb.markup }), last: isScreen };
};

/** Ponte: /start, language, consent, code (each turn ends on a screen with buttons but the consent, which asks for the code), then Language → a language → /menu, over and over. */
const ponteStep = (chatId: number): Step => {
  const step = nextStepNo(chatId);
  if (step === 0) return { update: tg.textUpdate(chatId, '/start', { languageCode: 'it' }), last: isScreen };
  if (step === 1) return press(chatId, /English/);
  if (step === 2) return { ...press(chatId, /agree/), last: isMessage };
  if (step === 3) return { update: tg.textUpdate(chatId, codes.get(chatId)!), last: isScreen };
  if (step % 3 === 1) return press(chatId, /Language|Lingua/);
  if (step % 3 === 2) return press(chatId, step % 2 ? /Italiano/ : /English/);
  return { update: tg.textUpdate(chatId, '/menu'), last: isScreen };
};
const echoStep = (chatId: number): Step => {
  const step = nextStepNo(chatId);
  return { update: step % 2 ? tg.callbackUpdate(chatId, 'v1.en', 1) : tg.textUpdate(chatId, `hello ${step}`), last: isMessage };
};

interface Bot {
  name: string;
  child: ChildProcess;
  tracker: ReplyTracker;
  chats: number[];
  next: (chatId: number) => Step;
  /** Closed-loop rounds (after the warm-up): samples, and CPU ms the process spent on them. */
  closed: Array<{ samples: Sample[]; cpuMs: number }>;
  open: Sample[];
  offered: number[];
  peakRssBytes: number;
}

const tails = new WeakMap<ChildProcess, string>();
const stderrTail = (child: ChildProcess) => (tails.get(child) ?? '').split('\n').slice(-15).join('\n');

// However this process ends, the servers it started end with it.
const children = new Set<ChildProcess>();
let stopping = false;
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

async function startBot(name: string, args: string[], chats: number[], next: (chatId: number) => Step): Promise<Bot> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      const log = path.join(os.tmpdir(), `ponte-bench-${name.replace(/\W+/g, '-')}.log`);
      fs.writeFileSync(log, tails.get(child) ?? '');
      console.error(`${name} exited during the benchmark (${signal ?? code}); its last log lines (all in ${log}):\n${stderrTail(child)}`);
      process.exit(1);
    }
  });
  const base = await listening(child);
  return { name, child, tracker: new ReplyTracker(tg, `${base}/telegram/webhook`, SECRET), chats, next, closed: [], open: [], offered: [], peakRssBytes: 0 };
}

// Both bots run side by side and take turns in short rounds, so a neighbour's load on this shared
// machine falls on both alike. The warm-up (Ponte's onboarding: /start, language, consent, code) warms
// each process's JIT and is left out of the figures.
const bots = [await startBot('ponte', [...values['node-flag'], ...npmStartNodeArgs()], ponteChats, ponteStep), await startBot('grammY echo', [echoJs], ponteChats.map((c) => c + 100_000), echoStep)];
for (const b of bots) await closedLoop(b.tracker, b.chats, 4 * M, b.next);
for (let round = 0; round < ROUNDS; round++) {
  for (const b of bots) {
    const before = cpuMs(b.child.pid!);
    const samples = await closedLoop(b.tracker, b.chats, Math.ceil(N / ROUNDS), b.next);
    b.closed.push({ samples, cpuMs: cpuMs(b.child.pid!) - before });
  }
}
for (let round = 0; round < ROUNDS; round++) {
  for (const b of bots) {
    const { samples, offeredRate } = await openLoop(b.tracker, b.chats, RATE, SECONDS / ROUNDS, b.next);
    b.open.push(...samples);
    b.offered.push(offeredRate);
  }
}
stopping = true;
for (const b of bots) {
  b.tracker.close();
  b.peakRssBytes = highWaterMark(b.child.pid!);
  b.child.kill('SIGTERM');
  await new Promise((r) => b.child.once('exit', r));
}

// Check the load did what it says: every chat onboarded (account linked to a person).
const after = await createPonte({ databaseUrl, logger: createLogger('silent') });
const linked = await after.prisma.channelAccount.count({ where: { channel: 'telegram', personId: { not: null } } });
await after.close();
await tg.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
report(bots, { replies: tg.sent().length, linked });

function listening(child: ChildProcess): Promise<string> {
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-20_000);
      tails.set(child, err);
      const m = /"event":"http_listening","port":(\d+)/.exec(err);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
}

/** The process's peak resident set (Linux VmHWM), in bytes. */
function highWaterMark(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN) * 1024;
}

/** Completed updates per second over the closed-loop rounds (each from its first POST to its last completion). */
function closedRate(b: Bot): number {
  const seconds = b.closed.reduce((sum, r) => sum + r.samples.length / throughput(r.samples), 0);
  return b.closed.reduce((sum, r) => sum + r.samples.length, 0) / seconds;
}

function report(results: Bot[], stats: { replies: number; linked: number }): void {
  const ms = (x: number) => x.toFixed(1);
  const closed = (b: Bot) => b.closed.flatMap((r) => r.samples);
  const failed = (s: Sample[]) => s.filter((x) => Number.isNaN(x.latencyMs)).length;
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  console.log(
    `Telegram webhook over loopback (commit ${commit}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, ${database.label}): ${M} chats; closed loop ${N} updates, then open loop at ${RATE} updates/s for ${SECONDS} s, each in ${ROUNDS} rounds taken in turns; messages sent by the bots: ${stats.replies}; Ponte chats onboarded: ${stats.linked}/${M}`,
  );
  console.table(
    results.map((b) => ({
      bot: b.name,
      'closed updates/s': Math.round(closedRate(b)),
      'closed p50 ms': ms(percentile(closed(b), 50)),
      'CPU ms/update': (b.closed.reduce((sum, r) => sum + r.cpuMs, 0) / closed(b).length).toFixed(2),
      'open offered/s': Math.round(Math.min(...b.offered)),
      'open p50 ms': ms(percentile(b.open, 50)),
      'open p95 ms': ms(percentile(b.open, 95)),
      'open p99 ms': ms(percentile(b.open, 99)),
      'open max ms': ms(percentile(b.open, 100)),
      failures: failed(closed(b)) + failed(b.open),
      'late calls': b.tracker.late,
      'peak RSS MB': Math.round(b.peakRssBytes / 1024 / 1024),
    })),
  );
  const [p, e] = results as [Bot, Bot];
  console.log(`throughput ratio: ${Math.round((closedRate(p) / closedRate(e)) * 100)} % of bare grammY`);
  console.log(`p99 at ${RATE} updates/s: ${ms(percentile(p.open, 99))} ms`);
  console.log(`peak RSS: ${Math.round(p.peakRssBytes / 1024 / 1024)} MB`);
}
