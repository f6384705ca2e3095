/**
 * `npm run bench:updates [-- --chats 20 --updates 300 --kill-at 0.4]`: nothing lost across a crash.
 * The real server (started as `npm start` starts it: the compiled bundle, webhook mode, SQLite) runs in
 * a child process; this process plays Telegram with a local fake Bot API. Every chat is onboarded and opens "Words of work" (warm-up), then
 * the burst: each chat sends its updates one after the other (the next once the last was answered 2xx),
 * all chats at once; every update is a search whose reply quotes a token unique to it. When `kill-at`
 * of the burst is answered, the server is SIGKILLed; then it is started again and every update not
 * answered 2xx is delivered again, in order, as Telegram does. Once the outbox has had time to send what
 * the dead process left (its leases expire), it counts, per update, the replies that reached the Bot API:
 *   lost: N              updates whose reply never reached the Bot API (must be 0: exits 1 otherwise)
 *   duplicates: N        replies that reached it more than once
 *   in flight at kill: N replies the Bot API had taken but the dead process had not yet recorded as
 *                        sent: the only replies that can be sent twice
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import { startFakeTelegramApi } from '../test/fakes/fake-telegram-api';
import { npmStartNodeArgs } from '../test/support/npm-start';
import { createPonte } from '../bot/app';
import { createLogger } from '../bot/logger';
import { seedDemo } from '../bot/seed/demo.seed';
import { openDatabase } from '../bot/storage/database';
import { decodeReply } from '../bot/outbox/reply-rows';
import { CODE_ALPHABET } from '../core/onboarding/invite-code';

const SECRET = 'bench-secret';
// Short leases so the restarted server takes over the dead one's replies in seconds (defaults: 60 s / 10 s).
const LEASE_SECONDS = 6;
const API_TIMEOUT_SECONDS = 2;
const { values } = parseArgs({ options: { chats: { type: 'string', default: '20' }, updates: { type: 'string', default: '300' }, 'kill-at': { type: 'string', default: '0.4' } } });
const M = Math.max(1, Number(values.chats));
const PER_CHAT = Math.max(1, Math.ceil(Number(values.updates) / M));
const KILL_AT = Number(values['kill-at']);
const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- set-up: a database with the demo programme and one invite code per chat ---
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-updates-'));
const databaseUrl = `file:${path.join(dir, 'ponte.db')}`;
const ponte = await createPonte({ databaseUrl, logger: createLogger('silent') });
await seedDemo(ponte.prisma, { now: new Date() });
const person = await ponte.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'beneficiary' } } } });
const codes = Array.from({ length: M }, (_, i) => `XPDB${[0, 1, 2, 3].map((d) => CODE_ALPHABET[Math.floor(i / CODE_ALPHABET.length ** d) % CODE_ALPHABET.length]).join('')}`);
for (const code of codes) await ponte.stores.invites.create({ code, role: 'beneficiary', personId: person.id, expiresAt: new Date(Date.now() + 86_400_000) });
await ponte.close();

const tg = await startFakeTelegramApi();
const env = {
  ...process.env,
  TELEGRAM_BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.apiRoot,
  TELEGRAM_MODE: 'webhook',
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  TELEGRAM_API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS),
  TEAMS_API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS),
  OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
  PORT: '0',
  LOG_LEVEL: 'info',
  DATABASE_URL: databaseUrl,
};

const children = new Set<ChildProcess>();
// Whatever happens here, no server is left behind.
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function startServer(): Promise<{ child: ChildProcess; base: string }> {
  // The command of `npm start`, by node itself: SIGKILL must reach the server, not an npm parent.
  const child = spawn(process.execPath, npmStartNodeArgs(), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /"event":"http_listening","port":(\d+)/.exec(err);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${err}`)));
  });
}

async function post(base: string, update: Update): Promise<number> {
  try {
    const res = await tg.deliverWebhook(`${base}/telegram/webhook`, update, { 'x-telegram-bot-api-secret-token': SECRET });
    return res.status;
  } catch {
    return 0; // connection refused or reset: the server is gone
  }
}

// --- what the fake Bot API saw ---
const sentTo = (chatId: number) => tg.sent(chatId);
function lastKeyboard(chatId: number): { messageId: number; markup: InlineKeyboardMarkup } | undefined {
  const call = sentTo(chatId).filter((c) => (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard).at(-1);
  const id = (call?.result as { message_id?: number } | undefined)?.message_id;
  return call && id ? { messageId: id, markup: call.params.reply_markup as InlineKeyboardMarkup } : undefined;
}
function press(chatId: number, label: RegExp): Update {
  const kb = lastKeyboard(chatId);
  const button = kb?.markup.inline_keyboard.flat().find((b) => 'callback_data' in b && label.test(b.text));
  if (!kb || !button || !('callback_data' in button)) throw new Error(`chat ${chatId}: no button ${label}`);
  return tg.callbackUpdate(chatId, button.callback_data, kb.messageId, { replyMarkup: kb.markup, languageCode: 'en' });
}
/** Waits for the replies to a warm-up step: a screen with buttons, or (`anyText`) any message. */
async function replies(chatId: number, before: number, anyText: boolean): Promise<void> {
  const done = () => sentTo(chatId).slice(before).some((c) => anyText || (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard);
  for (let i = 0; i < 3_000 && !done(); i++) await sleep(5);
  if (!done()) throw new Error(`chat ${chatId}: no reply to a warm-up step`);
}

const chats = Array.from({ length: M }, (_, i) => 500_000 + i);
const token = (chatId: number, i: number) => `zqxj${chatId}k${i}`;
const burst = new Map(chats.map((c) => [c, Array.from({ length: PER_CHAT }, (_, i) => tg.textUpdate(c, token(c, i), { languageCode: 'en' }))]));
const total = M * PER_CHAT;

// --- run 1: warm-up, then the burst, SIGKILL in the middle ---
let server = await startServer();
const t0 = performance.now();
await Promise.all(
  chats.map(async (c, i) => {
    // The code prompt is the one screen without buttons.
    const steps: Array<[() => Update, boolean]> = [
      [() => tg.textUpdate(c, '/start', { languageCode: 'en' }), false],
      [() => press(c, /English/), false],
      [() => press(c, /agree/), true],
      [() => tg.textUpdate(c, codes[i]!, { languageCode: 'en' }), false],
      [() => press(c, /Words/), false],
    ];
    for (const [step, anyText] of steps) {
      const before = sentTo(c).length;
      if ((await post(server.base, step())) !== 200) throw new Error(`warm-up of chat ${c} failed`);
      await replies(c, before, anyText);
    }
  }),
);
log(`warm-up: ${M} chats onboarded and in "Words of work" in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const answered = new Set<number>();
const next = new Map(chats.map((c) => [c, 0]));
let inFlight = 0;
let killed = false;
let cutUpdates = 0;
const killAt = Math.floor(total * KILL_AT);
const t1 = performance.now();
async function drive(base: string, onAnswer?: () => void): Promise<void> {
  await Promise.all(
    chats.map(async (c) => {
      const updates = burst.get(c)!;
      while (next.get(c)! < updates.length) {
        const u = updates[next.get(c)!]!;
        inFlight += 1;
        const status = await post(base, u);
        inFlight -= 1;
        if (status < 200 || status >= 300) return; // not answered: delivered again after the restart
        answered.add(u.update_id);
        next.set(c, next.get(c)! + 1);
        onAnswer?.();
      }
    }),
  );
}
await drive(server.base, () => {
  if (!killed && answered.size >= killAt) {
    killed = true;
    cutUpdates = inFlight;
    server.child.kill('SIGKILL');
  }
});
await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode ? r(null) : server.child.once('exit', r)));
const beforeKill = answered.size;
log(`run 1: SIGKILL after ${beforeKill} of ${total} updates answered 2xx (${((performance.now() - t1) / 1000).toFixed(1)} s); webhook answers cut by the kill: ${cutUpdates}`);

// Replies the dead process had leased and the Bot API had already taken: sent, not yet recorded.
const deliveredTexts = () => tg.sent().map((c) => String(c.params.text));
const check = await openDatabase(databaseUrl, { migrate: false });
const leased = await check.prisma.outboxMessage.findMany({ where: { kind: 'reply', status: 'sending' }, select: { payloadJson: true } });
await check.close();
const tokenOf = (text: string) => /zqxj\d+k\d+/.exec(text)?.[0];
const atKill = new Set(deliveredTexts().map(tokenOf).filter(Boolean));
const inFlightReplies = leased.filter((r) => decodeReply(r.payloadJson).messages.some((m) => atKill.has(tokenOf(m.text)))).length;

// --- run 2: restart, deliver again everything not answered 2xx, let the outbox catch up ---
const t2 = performance.now();
server = await startServer();
await drive(server.base);
const redelivered = total - beforeKill;
const expected = [...burst.values()].flat().map((u) => (u.message as { text: string }).text);
const counts = () => {
  const seen = new Map<string, number>();
  for (const t of deliveredTexts()) {
    const k = tokenOf(t);
    if (k && /I found nothing/.test(t)) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return seen;
};
// The dead process's leased replies go out once their lease has expired: wait for that, with a margin.
const deadline = Date.now() + (LEASE_SECONDS + 30) * 1000;
while (Date.now() < deadline && expected.some((t) => !counts().has(t))) await sleep(200);
await sleep(1_000);
const recoverS = (performance.now() - t2) / 1000;
server.child.kill('SIGTERM');
await new Promise((r) => server.child.once('exit', r));
await tg.close();

const seen = counts();
const lost = expected.filter((t) => !seen.has(t)).length;
const duplicates = [...seen.values()].reduce((a, n) => a + n - 1, 0);
log(`run 2: restarted, ${redelivered} updates delivered again or for the first time, outbox caught up in ${recoverS.toFixed(1)} s (leases ${LEASE_SECONDS} s, Bot API timeout ${API_TIMEOUT_SECONDS} s)`);
log('');
log(`updates: ${total} from ${M} chats (${PER_CHAT} each), every one answered 2xx in the end: ${answered.size === total ? 'yes' : 'no'}`);
log(`in flight at kill: ${inFlightReplies}`);
log(`duplicates: ${duplicates}${duplicates <= inFlightReplies ? ' (all from replies in flight at the kill)' : ' (MORE than the replies in flight at the kill)'}`);
log(`lost: ${lost}`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(lost === 0 && answered.size === total && duplicates <= inFlightReplies ? 0 : 1);
