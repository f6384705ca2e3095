/**
 * `npm run bench:instances [-- --chats 200 --per-chat 3 --gap-ms 1000 --think-ms 300 --rounds 3]`: updates/s of one Ponte instance and
 * of two over one PostgreSQL (issue 12's target: two handle more than one). A PostgreSQL 15 cluster of its
 * own (durable, asynchronous commit: bench/bench-database.ts); two servers started as `npm start` starts
 * them (webhook mode); this process plays Telegram with the local fake Bot API. Every chat is onboarded
 * and in "Words of work"; then, in rounds that alternate between "one instance" (every update to A, B
 * idle) and "two instances" (round-robin to A and B, as a load balancer would), each chat sends its
 * searches one after the other (the next once the last was answered 2xx and its reply arrived, and at
 * most one a second, as a person writes), all chats at once: enough chats to offer more than the
 * servers can take, so updates/s is their saturated throughput.
 * An update counts when its reply has reached the Bot API; updates/s runs from the first POST to the
 * last reply. CPU ms per update is the servers' own CPU (not PostgreSQL's, not this process's); the
 * machine's busy share (every core, every process, other people's too) says whether a second instance
 * had any CPU left to use: at 100 % it cannot be faster than one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Update } from 'grammy/types';
import { startFakeTelegramApi } from '../test/fakes/fake-telegram-api';
import { postUpdate, startServerProcess, stopServerProcess, webhookServerEnv, type ServerProcess } from '../test/support/server-process';
import { onboardChats, SearchBurst, seedInviteCodes, tokenOf } from '../test/support/webhook-burst';
import { benchDatabase } from './bench-database';
import { cpuMs, percentile, type Sample } from './channels.load';

const SECRET = 'bench-secret';
const { values } = parseArgs({
  options: {
    chats: { type: 'string', default: '200' },
    'per-chat': { type: 'string', default: '3' },
    'gap-ms': { type: 'string', default: '1000' },
    'think-ms': { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
  },
});
const M = Math.max(2, Number(values.chats));
const PER_CHAT = Math.max(1, Number(values['per-chat']));
const GAP_MS = Math.max(0, Number(values['gap-ms']));
const THINK_MS = Math.max(0, Number(values['think-ms']));
const ROUNDS = Math.max(1, Number(values.rounds));
const log = (s: string) => process.stdout.write(`${s}\n`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-instances-'));
const database = await benchDatabase('postgres', dir);
const codes = await seedInviteCodes(database.url, M, 'NSTC');
interface Round {
  label: string;
  updatesPerSec: number;
  cpuMsPerUpdate: number;
  /** POST to reply, ms: median and 99th percentile. */
  p50: number;
  p99: number;
  /** Share of the machine's CPU time (all cores, everyone's processes) that was busy during the round. */
  machineBusy: number;
  /** Replies sent by a dispatcher during the round. */
  dispatched: number;
  /** Warnings and errors the servers logged during the round, by event. */
  warnings: string;
}

/** The machine's CPU time so far (Linux /proc/stat), busy and total, in ticks. */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const t = fields.slice(0, 8).map(Number);
  const total = t.reduce((sum, x) => sum + x, 0);
  return { busy: total - t[3]! - t[4]!, total };
}

const tg = await startFakeTelegramApi({ keepAliveTimeoutMs: 600_000 });
const servers: ServerProcess[] = [];
const rounds: Round[] = [];
try {
  // The default Bot API timeout (10 s): under this load the fake Bot API, in this process, may answer a
  // send after the 2 s the crash benchmarks use, and a timed-out reply goes to the dispatcher's slow path.
  const env = webhookServerEnv(tg, SECRET, database.url, { TELEGRAM_API_TIMEOUT_SECONDS: '10', OUTBOX_LEASE_SECONDS: '60' });
  // One after the other: `npm start` may rebuild dist/ first, and two builds must not race.
  servers.push(await startServerProcess(env));
  servers.push(await startServerProcess(env));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  // Replies the outbox's dispatchers sent (rows claimed), rather than the turn's own delivery: a reply
  // that found an earlier one of its chat still unsent, or whose first try failed.
  let dispatched = 0;
  // Warnings and errors the servers logged (event names), per round: a stall shows what it was.
  let warnings = new Map<string, number>();
  for (const s of servers) {
    s.onLog((e) => {
      if (e.event === 'outbox_dispatched') dispatched += Number(e.claimed) || 0;
      if (e.level === 'warn' || e.level === 'error') warnings.set(String(e.event), (warnings.get(String(e.event)) ?? 0) + 1);
    });
  }

  const chats = Array.from({ length: M }, (_, i) => 800_000 + i);
  let rr = 0;
  const roundRobin = (pool: ServerProcess[]) => (_chat: number, update: unknown) => postUpdate(tg, pool[rr++ % pool.length]!.base, SECRET, update);
  // Onboarding through both warms both processes' JIT and connection pools.
  await onboardChats(tg, chats, codes, roundRobin([a, b]), THINK_MS);

  let from = 0;
  async function round(label: string, pool: ServerProcess[]): Promise<Round> {
    const burst = new SearchBurst(tg, chats, PER_CHAT, from);
    from += PER_CHAT;
    // A person waits for the answer before writing again, and writes at most about once a second: the
    // next update once this one's reply arrived and `gap-ms` after this one was posted. (Faster, a chat's
    // replies would queue behind each other, and the outbox would pace them at Telegram's ~1 message/s
    // per chat: that measures the rate limits, not the instances.) Enough chats saturate the servers.
    const arrivals = new Map<string, () => void>();
    let lastReplyAt = 0;
    let got = 0;
    const off = tg.onCall((call) => {
      const k = call.method === 'sendMessage' && !call.error ? tokenOf(String(call.params.text)) : undefined;
      const arrived = k && arrivals.get(k);
      if (!arrived) return;
      arrivals.delete(k);
      got += 1;
      lastReplyAt = performance.now();
      arrived();
    });
    const send = roundRobin(pool);
    const samples: Sample[] = [];
    const post = async (chatId: number, update: Update) => {
      const k = tokenOf(String(update.message?.text))!;
      const arrived = new Promise<void>((resolve) => arrivals.set(k, resolve));
      const posted = performance.now();
      const status = await send(chatId, update);
      if (status === 200) await Promise.race([arrived, new Promise((r) => setTimeout(r, 30_000))]);
      const doneAt = performance.now();
      samples.push({ latencyMs: status === 200 ? doneAt - posted : Number.NaN, postedAt: posted, doneAt });
      const rest = posted + GAP_MS - doneAt;
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      return status;
    };
    const cpu0 = cpuMs(a.pid) + cpuMs(b.pid);
    const dispatched0 = dispatched;
    warnings = new Map();
    const m0 = machineTicks();
    const t0 = performance.now();
    await burst.drive(post);
    off();
    if (got < burst.total) throw new Error(`${label}: ${burst.total - got} replies did not arrive within 30 s`);
    const cpu = cpuMs(a.pid) + cpuMs(b.pid) - cpu0;
    const m1 = machineTicks();
    return { label, updatesPerSec: (got * 1000) / (lastReplyAt - t0), cpuMsPerUpdate: cpu / got, p50: percentile(samples, 50), p99: percentile(samples, 99), machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total), dispatched: dispatched - dispatched0, warnings: [...warnings].map(([k, n]) => `${k} ${n}`).join(', ') || '-' };
  }

  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await round('one instance', [a]));
    rounds.push(await round('two instances', [a, b]));
  }
} finally {
  for (const s of servers) await stopServerProcess(s);
  await tg.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const of = (label: string) => rounds.filter((r) => r.label === label);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
log(`PostgreSQL webhook turns (Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, ${database.label}): ${M} chats, ${PER_CHAT} updates each a round (at most one per ${GAP_MS} ms per chat, ${THINK_MS} ms after its reply), ${ROUNDS} rounds each, alternating`);
console.table(rounds.map((r) => ({ round: r.label, 'updates/s': Math.round(r.updatesPerSec), 'Ponte CPU ms/update': r.cpuMsPerUpdate.toFixed(2), 'p50 ms': r.p50.toFixed(1), 'p99 ms': r.p99.toFixed(1), 'machine CPU busy': `${Math.round(r.machineBusy * 100)} %`, 'sent by a dispatcher': r.dispatched, 'servers warned': r.warnings })));
const one = mean(of('one instance').map((r) => r.updatesPerSec));
const two = mean(of('two instances').map((r) => r.updatesPerSec));
log(`one instance: ${Math.round(one)} updates/s; two instances: ${Math.round(two)} updates/s (${(two / one).toFixed(2)}×)`);
