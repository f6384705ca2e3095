/**
 * The benchmark's dispatcher process (started by bench/outbox.bench.ts, killed with SIGKILL mid-run and
 * started again). It runs the real dispatcher and Prisma queue; the fake sender appends each delivered
 * message to a file with a write(2) per message before answering "ok", so what was delivered survives
 * the kill (the kernel holds the data; `--fsync` also forces it to disk).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../bot/storage/database';
import { PrismaOutboxQueue } from '../bot/outbox/prisma-outbox.queue';
import { PrismaRecipientDirectory } from '../bot/outbox/recipient.directory';
import { createOutboxDispatcher } from '../core/outbox/outbox.dispatcher';
import { createRateLimiter } from '../core/outbox/rate-limiter';
import type { ChannelSender } from '../core/ports/sender';
import type { Translator } from '../core/ports/translator';

const { values } = parseArgs({ options: { db: { type: 'string' }, out: { type: 'string' }, base: { type: 'string' }, fsync: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '16' } } });
const db = await openDatabase(`file:${values.db}`, { migrate: false });
const fd = fs.openSync(values.out!, 'a');
const started = Date.now();
// The bench's clock: a fixed instant after every reminder is due (noon in Rome, no quiet hours), moving with real time.
const base = Date.parse(values.base!);
const clock = { now: () => new Date(base + (Date.now() - started)) };

const sender: ChannelSender = {
  channel: 'console',
  async send(_target, messages) {
    fs.writeSync(fd, `${messages[0]!.text}\n`);
    if (values.fsync) fs.fsyncSync(fd);
    return { ok: true };
  },
};
const translator: Translator = { t: (_l, key) => key, languages: () => ['it'], exists: () => true };
const queue = new PrismaOutboxQueue(db.prisma);
const dispatcher = createOutboxDispatcher({
  queue,
  directory: new PrismaRecipientDirectory(db.prisma),
  senders: { console: sender },
  renderers: [{ kind: 'appointment_reminder', render: async (_ctx, p) => [{ text: `${String(p.appointmentId)}:${String(p.offsetMinutes)}` }] }],
  translator,
  clock,
  limiter: createRateLimiter({ channels: {} }),
  unreachable: { report: async () => undefined },
  logger: { info: () => undefined, warn: () => undefined, error: (e, f) => process.stderr.write(`${e} ${JSON.stringify(f)}\n`) },
  random: Math.random,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  options: { owner: `bench-${process.pid}`, leaseMs: 3_000, batchSize: 500, concurrency: Number(values.concurrency) },
});

let sent = 0;
for (;;) {
  // One drain claims continuously as lanes free up; it returns when nothing more is due.
  const r = await dispatcher.drain();
  sent += r.sent;
  process.stdout.write(`progress ${sent}\n`);
  if (r.claimed > 0) continue;
  const next = await queue.nextDueAt();
  if (!next) break;
  // Rows leased by a killed worker: wait for their lease to expire.
  await new Promise((res) => setTimeout(res, Math.min(1_000, Math.max(50, next.getTime() - clock.now().getTime()))));
}
fs.closeSync(fd);
await db.close();
process.stdout.write(`done ${sent}\n`);
