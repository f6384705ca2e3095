/**
 * `npx tsx scripts/demo-coordinator.ts [--out /tmp/ponte-demo-coordinator]`
 * A scripted coordinator session on a fresh demo database with a settable clock: Elena (C-0001,
 * Piemonte) links her account, a beneficiary blocks the bot, the Monday 08:30 tick sends her the
 * weekly digest through the outbox, then she asks for two reports. Every message is printed as the
 * terminal channel shows it; charts and CSV files are saved in --out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPonte } from '../bot/app';
import { createLogger } from '../bot/logger';
import { seedDemo } from '../bot/seed/demo.seed';
import { renderForTerminal } from '../bot/console/console.renderer';
import { ConsoleSender } from '../bot/outbox/console.sender';
import { createOutboxRuntime, createScheduler } from '../bot/outbox/outbox.runtime';
import type { Choice, OutgoingMessage } from '../core/messages';
import type { ChannelSender } from '../core/ports/sender';

const { values } = parseArgs({ options: { out: { type: 'string', default: '/tmp/ponte-demo-coordinator' } } });
const outDir = path.resolve(values.out!);
fs.mkdirSync(outDir, { recursive: true });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-demo-'));
let now = new Date('2026-11-23T07:00:00Z'); // Monday 08:00 in Rome
const clock = { now: () => new Date(now) };
const ponte = await createPonte({ databaseUrl: `file:${path.join(dir, 'demo.db')}`, clock, logger: createLogger('silent') });
const demo = await seedDemo(ponte.prisma, { now });
const save = (a: { filename: string; bytes: Uint8Array }) => {
  const file = path.join(outDir, a.filename);
  fs.writeFileSync(file, a.bytes);
  return file;
};

let buttons: Choice[] = [];
async function user(text: string | { press: RegExp }): Promise<void> {
  let content: { type: 'text'; text: string } | { type: 'action'; data: string };
  if (typeof text === 'string') content = { type: 'text', text };
  else {
    const b = buttons.find((c) => text.press.test(c.label));
    if (!b) throw new Error(`no button ${text.press}`);
    content = { type: 'action', data: b.data };
  }
  console.log(`\n👤 Elena: ${typeof text === 'string' ? text : `[${buttons.find((c) => text.press.test(c.label))!.label}]`}`);
  const replies: OutgoingMessage[] = await ponte.engine.handle({ channel: 'console', chatId: 'elena', userId: 'elena', content });
  const r = renderForTerminal(replies, { saveAttachment: save });
  if (r.choices.length) buttons = r.choices;
  console.log(r.text.replace(/^/gm, '   '));
}

console.log(`=== ${now.toISOString()} (Monday 08:00, Rome): Elena joins with her invite code`);
await user(`/start ${demo.coordinator[0]}`);
await user({ press: /Italiano/ });
await user({ press: /Accetto/ });

// A beneficiary who blocked the bot: the next reminder to him gets a 403.
const b1 = await ponte.prisma.person.findUniqueOrThrow({ where: { code: 'B-0001' } });
await ponte.prisma.channelAccount.create({ data: { channel: 'telegram', externalId: '9001', chatId: '9001', personId: b1.id, consentAt: now } });
const blocked: ChannelSender = { channel: 'telegram', send: async () => ({ ok: false, kind: 'permanent', error: 'Forbidden: bot was blocked by the user' }) };
const print = new ConsoleSender({ showTexts: true, write: (t) => console.log(t.replace(/^/gm, '   ')) });
// A plain reminder, standing in for the appointments feature's (only the failure matters here).
ponte.modules.push({ renderers: [{ kind: 'demo_reminder', render: async () => [{ text: 'Promemoria: domani appuntamento alle 9:30.' }] }] });
const outbox = createOutboxRuntime(ponte, { senders: { console: print, telegram: blocked } });
await ponte.prisma.outboxMessage.create({ data: { key: 'demo:b1:reminder', personId: b1.id, kind: 'demo_reminder', dueAt: now } });
console.log('\n=== 08:00: a reminder to Ahmed Hassan (B-0001) fails with 403 "bot was blocked by the user"');
await outbox.dispatcher.drain();

now = new Date('2026-11-23T07:30:00Z');
console.log(`\n=== ${now.toISOString()} (Monday 08:30, Rome): the scheduler tick sends the digests`);
await outbox.service.start();
const scheduler = createScheduler(ponte, outbox, { DISPATCH_CRON: '* * * * *', DIGEST_WEEKLY_CRON: '30 8 * * 1', DIGEST_DAILY_CRON: '30 8 * * *', TUTOR_WEEKLY_CRON: '0 9 * * 5', DEFAULT_TIMEZONE: 'Europe/Rome' });
await scheduler.tick();
await outbox.service.stop();

console.log('\n=== Elena asks for reports');
await user('/menu');
await user({ press: /Report/ });
await user({ press: /Tirocini per provincia/ });
await user({ press: /Nulla Osta/ });

console.log(`\nFiles saved in ${outDir}:`);
for (const f of fs.readdirSync(outDir).sort()) console.log(`  ${f} (${fs.statSync(path.join(outDir, f)).size} bytes)`);
await ponte.close();
fs.rmSync(dir, { recursive: true, force: true });
