/**
 * `npm run bench:instances [-- --chats 60 --updates 1200 --rounds 3]`: updates/s of one Ponte instance and
 * of two over one PostgreSQL (issue 12's target: two handle more than one). A PostgreSQL 15 cluster of its
 * own (durable, asynchronous commit: bench/bench-database.ts); two servers started as `npm start` starts
 * them (webhook mode); this process plays Telegram with the local fake Bot API. Every chat is onboarded
 * and in "Words of work"; then, in rounds that alternate between "one instance" (every update to A, B
 * idle) and "two instances" (round-robin to A and B, as a load balancer would), each chat sends its
 * searches one after the other (the next once the last was answered 2xx, as Telegram does), all chats
 * at once. An update counts when its reply has reached the Bot API; updates/s runs from the first POST
 * to the last reply. CPU ms per update is the servers' own CPU (not PostgreSQL's, not this process's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeTelegramApi } from '../test/fakes/fake-telegram-api';
import { postUpdate, startServerProcess, stopServerProcess, type ServerProcess } from '../test/support/server-process';
import { onboardChats, SearchBurst, seedInviteCodes, tokenOf } from '../test/support/webhook-burst';
import { benchDatabase } from './bench-database';
import { cpuMs } from './channels.load';

const SECRET = 'bench-secret';
const { values } = parseArgs({ options: { chats: { type: 'string', default: '60' }, updates: { type: 'string', default: '1200' }, rounds: { type: 'string', default: '3' } } });
const M = Math.max(2, Number(values.chats));
const PER_CHAT = Math.max(1, Math.ceil(Number(values.updates) / M));
const ROUNDS = Math.max(1, Number(values.rounds));
const log = (s: string) => process.stdout.write(`${s}\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-instances-'));
const database = await benchDatabase('postgres', dir);
const codes = await seedInviteCodes(database.url, M, 'INST');
const tg = await startFakeTelegramApi({ keepAliveTimeoutMs: 600_000 });
const env = { ...process.env, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info', DATABASE_URL: database.url };
// One after the other: `npm start` may rebuild dist/ first, and two builds must not race.
const a = await startServerProcess(env);
const b = await startServerProcess(env);

const chats = Array.from({ length: M }, (_, i) => 800_000 + i);
let rr = 0;
const roundRobin = (pool: ServerProcess[]) => (_chat: number, update: unknown) => postUpdate(tg, pool[rr++ % pool.length]!.base, SECRET, update);
// Onboarding through both warms both processes' JIT and connection pools.
await onboardChats(tg, chats, codes, roundRobin([a, b]));

interface Round {
  label: string;
  updatesPerSec: number;
  cpuMsPerUpdate: number;
}
const rounds: Round[] = [];
let from = 0;
async function round(label: string, pool: ServerProcess[]): Promise<Round> {
  const burst = new SearchBurst(tg, chats, PER_CHAT, from);
  from += PER_CHAT;
  const want = new Set(chats.flatMap((c) => burst.tokens(c)));
  let lastReplyAt = 0;
  let got = 0;
  const done = new Promise<void>((resolve) => {
    const off = tg.onCall((call) => {
      const k = call.method === 'sendMessage' ? tokenOf(String(call.params.text)) : undefined;
      if (!k || !want.delete(k)) return;
      got += 1;
      lastReplyAt = performance.now();
      if (want.size === 0) {
        off();
        resolve();
      }
    });
  });
  const cpu0 = cpuMs(a.pid) + cpuMs(b.pid);
  const t0 = performance.now();
  await burst.drive(roundRobin(pool));
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  if (want.size) throw new Error(`${label}: ${want.size} replies never arrived`);
  const cpu = cpuMs(a.pid) + cpuMs(b.pid) - cpu0;
  return { label, updatesPerSec: (got * 1000) / (lastReplyAt - t0), cpuMsPerUpdate: cpu / got };
}

for (let i = 0; i < ROUNDS; i++) {
  rounds.push(await round('one instance', [a]));
  rounds.push(await round('two instances', [a, b]));
}
await stopServerProcess(a);
await stopServerProcess(b);
await tg.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });

const of = (label: string) => rounds.filter((r) => r.label === label);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
log(`PostgreSQL webhook turns (Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, ${database.label}): ${M} chats, ${M * PER_CHAT} updates a round, ${ROUNDS} rounds each, alternating`);
console.table(rounds.map((r) => ({ round: r.label, 'updates/s': Math.round(r.updatesPerSec), 'CPU ms/update': r.cpuMsPerUpdate.toFixed(2) })));
const one = mean(of('one instance').map((r) => r.updatesPerSec));
const two = mean(of('two instances').map((r) => r.updatesPerSec));
log(`one instance: ${Math.round(one)} updates/s; two instances: ${Math.round(two)} updates/s (${(two / one).toFixed(2)}×)`);
