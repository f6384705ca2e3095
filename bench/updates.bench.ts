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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeTelegramApi } from '../test/fakes/fake-telegram-api';
import { postUpdate, startServerProcess, stopServerProcess, webhookServerEnv } from '../test/support/server-process';
import { onboardChats, repliesInFlight, SearchBurst, seedInviteCodes } from '../test/support/webhook-burst';

const SECRET = 'bench-secret';
// Short leases so the restarted server takes over the dead one's replies in seconds (defaults: 60 s / 10 s).
const LEASE_SECONDS = 6;
const API_TIMEOUT_SECONDS = 2;
const { values } = parseArgs({ options: { chats: { type: 'string', default: '20' }, updates: { type: 'string', default: '300' }, 'kill-at': { type: 'string', default: '0.4' } } });
const M = Math.max(1, Number(values.chats));
const PER_CHAT = Math.max(1, Math.ceil(Number(values.updates) / M));
const KILL_AT = Number(values['kill-at']);
const log = (s: string) => process.stdout.write(`${s}\n`);

// --- set-up: a database with the demo programme and one invite code per chat ---
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-updates-'));
const databaseUrl = `file:${path.join(dir, 'ponte.db')}`;
const codes = await seedInviteCodes(databaseUrl, M);

const tg = await startFakeTelegramApi();
const env = webhookServerEnv(tg, SECRET, databaseUrl, { TELEGRAM_API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS), TEAMS_API_TIMEOUT_SECONDS: String(API_TIMEOUT_SECONDS), OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS) });

const chats = Array.from({ length: M }, (_, i) => 500_000 + i);
const burst = new SearchBurst(tg, chats, PER_CHAT);
const total = burst.total;

// --- run 1: warm-up, then the burst, SIGKILL in the middle ---
let server = await startServerProcess(env);
const t0 = performance.now();
await onboardChats(tg, chats, codes, (_c, u) => postUpdate(tg, server.base, SECRET, u));
log(`warm-up: ${M} chats onboarded and in "Words of work" in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

let killed = false;
let cutUpdates = 0;
const killAt = Math.floor(total * KILL_AT);
const t1 = performance.now();
const toServer = (_c: number, u: unknown) => postUpdate(tg, server.base, SECRET, u);
await burst.drive(toServer, {
  onAnswer: () => {
    if (!killed && burst.answered.size >= killAt) {
      killed = true;
      cutUpdates = burst.inFlight;
      server.child.kill('SIGKILL');
    }
  },
});
await server.exited();
const beforeKill = burst.answered.size;
log(`run 1: SIGKILL after ${beforeKill} of ${total} updates answered 2xx (${((performance.now() - t1) / 1000).toFixed(1)} s); webhook answers cut by the kill: ${cutUpdates}`);

// Replies the dead process had leased and the Bot API had already taken: sent, not yet recorded.
const inFlightReplies = await repliesInFlight(databaseUrl, tg);

// --- run 2: restart, deliver again everything not answered 2xx, let the outbox catch up ---
const t2 = performance.now();
server = await startServerProcess(env);
await burst.drive(toServer);
const redelivered = total - beforeKill;
// The dead process's leased replies go out once their lease has expired: wait for that, with a margin.
await burst.settle((LEASE_SECONDS + 30) * 1000);
const recoverS = (performance.now() - t2) / 1000;
await stopServerProcess(server);
await tg.close();

const seen = burst.replyCounts();
const lost = burst.missing().length;
const duplicates = [...seen.values()].reduce((a, n) => a + n - 1, 0);
log(`run 2: restarted, ${redelivered} updates delivered again or for the first time, outbox caught up in ${recoverS.toFixed(1)} s (leases ${LEASE_SECONDS} s, Bot API timeout ${API_TIMEOUT_SECONDS} s)`);
log('');
log(`updates: ${total} from ${M} chats (${PER_CHAT} each), every one answered 2xx in the end: ${burst.answered.size === total ? 'yes' : 'no'}`);
log(`in flight at kill: ${inFlightReplies}`);
log(`duplicates: ${duplicates}${duplicates <= inFlightReplies ? ' (all from replies in flight at the kill)' : ' (MORE than the replies in flight at the kill)'}`);
log(`lost: ${lost}`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(lost === 0 && burst.answered.size === total && duplicates <= inFlightReplies ? 0 : 1);
