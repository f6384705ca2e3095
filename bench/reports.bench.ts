/**
 * `npm run bench:reports [-- --repeat 3] [--db sqlite|postgres|URL]`: the coordinator's answers on a
 * national-scale programme. Seeds the national demo (bot/seed/national.seed.ts) into a temporary SQLite
 * file (or a PostgreSQL cluster of its own with `--db postgres`, see bench/bench-database.ts), links a national
 * and a regional coordinator (Lombardia, the largest region) to terminal accounts, then times real
 * conversation turns through the engine: "Summary now" (the weekly digest, its CSV and the lists
 * screen), each of the five reports (text, PNG chart, CSV), and a page turn and a search in a full
 * list. Prints the first (cold) time and the median of `--repeat` more, and the size of the replies.
 * Target (issue 12): every answer under 2 s on SQLite and on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPonte } from '../bot/app';
import { createLogger } from '../bot/logger';
import { seedNational } from '../bot/seed/national.seed';
import type { Choice, OutgoingMessage } from '../core/messages';
import { stripIsolation } from '../core/conversation/bidi';
import { benchDatabase } from './bench-database';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '3' }, db: { type: 'string' } } });
const REPEAT = Math.max(1, Number(values.repeat));
const TARGET_MS = 2000;
const NOW = new Date('2026-11-23T09:00:00Z');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-bench-reports-'));
const database = await benchDatabase(values.db, dir);
console.log(`database: ${database.label}`);
const ponte = await createPonte({ databaseUrl: database.url, clock: { now: () => NOW }, logger: createLogger('silent') });
let slow = 0;
try {
  const t0 = performance.now();
  await seedNational(ponte.prisma, { now: NOW });
  const counts = { beneficiaries: await ponte.prisma.beneficiaryProfile.count(), hours: await ponte.prisma.hourEntry.count(), entities: await ponte.prisma.entity.count() };
  console.log(`seed: ${ms(performance.now() - t0)} for ${counts.beneficiaries} beneficiaries, ${counts.entities} entities, ${counts.hours} hour entries`);
  const national = await ponte.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'coordinator' } }, region: null }, select: { id: true, code: true } });
  const lombardia = await ponte.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'coordinator' } }, region: 'Lombardia' }, select: { id: true, code: true } });
  console.log(`node ${process.version}, ${os.cpus().length} CPUs; times: first turn (cold) / median of ${REPEAT} more`);
  for (const [label, who] of [['national', national], ['Lombardia', lombardia]] as const) await coordinatorTurns(label, who.id);
} finally {
  await ponte.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(slow ? `${slow} answer(s) over ${TARGET_MS} ms` : `every answer under ${TARGET_MS} ms`);
process.exitCode = slow ? 1 : 0;

async function coordinatorTurns(label: string, personId: string): Promise<void> {
  const chatId = `bench-${label}`;
  await ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: chatId, chatId, personId, consentAt: NOW } });
  let buttons: Choice[] = [];
  const send = async (content: { type: 'text'; text: string } | { type: 'action'; data: string }) => {
    const out = await ponte.engine.handle({ channel: 'console', chatId, userId: chatId, content });
    const withButtons = out.filter((m) => m.choices?.length);
    if (withButtons.length) buttons = withButtons.flatMap((m) => m.choices!.flat());
    return out;
  };
  const press = (label: string | RegExp) => {
    const b = buttons.find((c) => (typeof label === 'string' ? stripIsolation(c.label).includes(label) : label.test(stripIsolation(c.label))));
    if (!b) throw new Error(`no button ${String(label)} among ${buttons.map((c) => c.label).join(' | ')}`);
    return { type: 'action' as const, data: b.data };
  };
  /** Times `turn` once cold and REPEAT times warm, going back to `setup` before each. */
  const time = async (what: string, setup: () => Promise<unknown>, turn: () => { type: 'action'; data: string } | { type: 'text'; text: string }) => {
    const runs: number[] = [];
    let out: OutgoingMessage[] = [];
    for (let i = 0; i <= REPEAT; i++) {
      await setup();
      const content = turn();
      const start = performance.now();
      out = await send(content);
      runs.push(performance.now() - start);
    }
    const [cold, ...warm] = runs;
    const median = warm.sort((a, b) => a - b)[Math.floor(warm.length / 2)]!;
    const bytes = out.reduce((n, m) => n + Buffer.byteLength(m.text) + (m.attachments ?? []).reduce((a, f) => a + f.bytes.byteLength, 0), 0);
    if (Math.max(cold!, median) > TARGET_MS) slow++;
    console.log(`${label.padEnd(10)} ${what.padEnd(22)} ${ms(cold!).padStart(8)} / ${ms(median).padStart(8)}   ${out.length} messages, ${(bytes / 1024).toFixed(0)} KB`);
  };
  const toMenu = () => send({ type: 'text', text: '/menu' });
  await time('summary now', toMenu, () => press('Riepilogo ora'));
  const firstList = async () => {
    await toMenu();
    await send(press('Riepilogo ora'));
    await send(press(/Tutor senza ore|Nulla Osta in attesa/));
  };
  await time('full list: next page', firstList, () => press('Pagina successiva'));
  await time('full list: search', firstList, () => ({ type: 'text', text: 'rossi' }));
  const reports = { status: 'Tirocini per provincia', outcomes: 'Lavoro dopo 3, 6, 12 mesi', ateco: 'Aziende per settore', hours: 'Ore per area di servizio', funnel: 'Nulla Osta: richiesta e avvio' };
  for (const [kind, report] of Object.entries(reports)) {
    await time(`report: ${kind}`, async () => {
      await toMenu();
      await send(press('Report'));
    }, () => press(report));
  }
}

function ms(n: number): string {
  return `${Math.round(n).toLocaleString('en')} ms`;
}
