/**
 * `npm run bench:outbox [-- --appointments 100000 --people 10000 --kill-at 0.4 --fsync]`
 * 1. Plans the PUOI reminders (24 h and 2 h before, quiet hours on the Rome wall clock) for N
 *    appointments into a fresh SQLite database, timed.
 * 2. Dispatches them with the real dispatcher in a child process and a fake sender with no rate limit
 *    that appends every delivery to a file; SIGKILLs the child when `kill-at` of the rows are delivered,
 *    starts it again, and lets it finish.
 * 3. Prints the planning time, the dispatch rate, `duplicates: N` (messages delivered twice) and
 *    `lost: N` (planned messages never delivered). Both must be 0.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../bot/storage/database';
import { sqlDate } from '../bot/outbox/prisma-outbox.queue';
import { scheduleManyIn } from '../bot/outbox/outbox.bulk';
import { planReminderTime, DEFAULT_QUIET_HOURS } from '../core/time/quiet-hours';
import { PUOI } from '../core/programme/programme';
import { PRIORITY, type OutboxItem } from '../core/ports/outbox';

const { values } = parseArgs({ options: { appointments: { type: 'string', default: '100000' }, people: { type: 'string', default: '10000' }, 'kill-at': { type: 'string', default: '0.4' }, fsync: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '16' }, keep: { type: 'boolean', default: false } } });
const N = Number(values.appointments);
const PEOPLE = Math.min(Number(values.people), N);
const KILL_AT = Number(values['kill-at']);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-bench-'));
const dbFile = path.join(dir, 'bench.db');
const out = path.join(dir, 'deliveries.log');
const log = (s: string) => process.stdout.write(`${s}\n`);

// --- set-up (not timed): people with a console account, and the appointments over the next 14 days ---
const now = new Date('2026-11-23T08:00:00Z');
const db = await openDatabase(`file:${dbFile}`);
const { prisma } = db;
const at = sqlDate(now);
const people: string[] = Array.from({ length: PEOPLE }, () => crypto.randomUUID());
const rows = async (table: string, cols: string[], data: unknown[][]) => {
  const chunk = Math.floor(30_000 / cols.length);
  for (let i = 0; i < data.length; i += chunk) {
    const part = data.slice(i, i + chunk);
    await prisma.$executeRawUnsafe(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${part.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')}`, ...part.flat());
  }
};
await prisma.$transaction(async (tx) => {
  void tx;
  await rows('Person', ['id', 'code', 'fullName', 'createdAt', 'updatedAt'], people.map((id, i) => [id, `B-${i}`, `Bench ${i}`, at, at]));
  await rows('ChannelAccount', ['id', 'channel', 'externalId', 'chatId', 'personId', 'createdAt', 'lastSeenAt'], people.map((id, i) => [crypto.randomUUID(), 'console', `u${i}`, `u${i}`, id, at, at]));
});
const appointments = Array.from({ length: N }, (_, i) => ({
  id: `a${i}`,
  personId: people[i % PEOPLE]!,
  // Between 1 and 14 days ahead, 08:00–17:30 Rome time (07:00–16:30 UTC in November).
  startsAt: new Date(now.getTime() + (1 + (i % 14)) * 86_400_000 - 3_600_000 + (i % 20) * 30 * 60_000),
}));
await rows('Appointment', ['id', 'beneficiaryId', 'kind', 'startsAt', 'createdAt', 'updatedAt'], appointments.map((a) => [a.id, a.personId, 'tutoring', sqlDate(a.startsAt), at, at]));
log(`set-up: ${PEOPLE} people, ${N} appointments in ${dbFile}`);

// --- 1. planning (timed) ---
const t0 = performance.now();
const items: OutboxItem[] = [];
for (const a of appointments) {
  for (const offset of PUOI.appointmentReminderOffsetsMinutes) {
    const dueAt = planReminderTime(a.startsAt, offset, 'Europe/Rome', DEFAULT_QUIET_HOURS, now);
    if (dueAt) items.push({ key: `appointment:${a.id}:-${offset}m`, personId: a.personId, kind: 'appointment_reminder', payload: { appointmentId: a.id, offsetMinutes: offset }, dueAt, priority: PRIORITY.reminder });
  }
}
const t1 = performance.now();
await prisma.$transaction((tx) => scheduleManyIn(tx, items, now), { timeout: 600_000 });
const t2 = performance.now();
const planned = await prisma.outboxMessage.count();
const lastDue = (await prisma.outboxMessage.findFirst({ orderBy: { dueAt: 'desc' }, select: { dueAt: true } }))!.dueAt;
await db.close();
log(`planning: ${planned} reminders for ${N} appointments in ${((t2 - t0) / 1000).toFixed(2)} s (compute ${((t1 - t0) / 1000).toFixed(2)} s, write ${((t2 - t1) / 1000).toFixed(2)} s)`);

// --- 2. dispatch, with a SIGKILL in the middle ---
// Noon in Rome on the day after the last reminder: everything is due and nothing is in quiet hours.
const base = new Date(Date.UTC(lastDue.getUTCFullYear(), lastDue.getUTCMonth(), lastDue.getUTCDate() + 1, 11, 0)).toISOString();
/** Runs the worker; with `killAtBytes`, SIGKILLs it as soon as the delivery log reaches that size (mid-batch, mid-send). */
function worker(killAtBytes?: number): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'outbox.worker.ts'), '--db', dbFile, '--out', out, '--base', base, '--concurrency', values.concurrency!, ...(values.fsync ? ['--fsync'] : [])], { stdio: ['ignore', 'ignore', 'inherit'] });
    let killed = false;
    // Polling the file, not the worker's own progress, so the kill lands at an arbitrary point of a batch.
    const poll = killAtBytes === undefined ? null : setInterval(() => {
      if (!killed && fs.existsSync(out) && fs.statSync(out).size >= killAtBytes) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      if (signal === 'SIGKILL' || code === 0) resolve({ killed, ms: performance.now() - t });
      else reject(new Error(`worker exited with ${code ?? signal}`));
    });
  });
}
const lines = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').filter(Boolean) : []);
const expectedKeys = items.map((i) => `${String(i.payload.appointmentId)}:${String(i.payload.offsetMinutes)}`);
const expectedBytes = expectedKeys.reduce((a, k) => a + Buffer.byteLength(k) + 1, 0);
const first = await worker(Math.floor(expectedBytes * KILL_AT));
if (!first.killed) throw new Error('the worker finished before it could be killed: use a larger --appointments');
const afterKill = lines().length;
log(`dispatch run 1: SIGKILL after ${afterKill} deliveries (${(first.ms / 1000).toFixed(2)} s)`);
const second = await worker();
const delivered = lines();
log(`dispatch run 2: restarted, finished (${(second.ms / 1000).toFixed(2)} s, including up to 3 s waiting for the dead worker's leases to expire)`);

// --- 3. check ---
const seen = new Map<string, number>();
for (const l of delivered) seen.set(l, (seen.get(l) ?? 0) + 1);
const duplicates = [...seen.values()].reduce((a, c) => a + (c - 1), 0);
const expected = new Set(expectedKeys);
const lost = [...expected].filter((k) => !seen.has(k)).length;
const check = await openDatabase(`file:${dbFile}`, { migrate: false });
const notSent = await check.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } });
await check.close();
const totalS = (first.ms + second.ms) / 1000;
log('');
log(`planning time: ${((t2 - t0) / 1000).toFixed(2)} s for ${planned} reminders (${Math.round(planned / ((t2 - t0) / 1000))} rows/s)`);
log(`dispatch rate: ${Math.round(delivered.length / totalS)} messages/s (${delivered.length} messages in ${totalS.toFixed(2)} s, both runs, restart included)`);
log(`rows not marked sent: ${notSent}`);
log(`duplicates: ${duplicates}`);
log(`lost: ${lost}`);
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
process.exit(duplicates === 0 && lost === 0 && notSent === 0 ? 0 : 1);
