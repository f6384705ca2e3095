/**
 * `npm run bench:tutors [-- --people 5000 --runs 30]`: a tutor's lists on a big caseload. The real app
 * (Prisma on a temp SQLite file, the demo programme) with N more beneficiaries in the demo tutor's
 * entity, each with a path and two hour entries; then, through the real engine, the turns that list or
 * search people: the first page of "Report hours", the next page, a search matching everyone, an exact
 * one, an approximate one, and a one-line report with a misspelt name. Prints p50 / p95 per turn (ms),
 * the replies' buttons and the size of the Teams card of the report screen.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPonte } from '../bot/app';
import { createLogger } from '../bot/logger';
import { seedDemo } from '../bot/seed/demo.seed';
import { renderForTeams } from '../bot/teams/teams.renderer';
import type { OutgoingMessage } from '../core/messages';

const { values } = parseArgs({ options: { people: { type: 'string', default: '5000' }, runs: { type: 'string', default: '30' } } });
const N = Number(values.people);
const RUNS = Number(values.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-bench-tutors-'));
const now = new Date('2026-11-23T09:00:00Z');
const ponte = await createPonte({ databaseUrl: `file:${path.join(dir, 'bench.db')}`, clock: { now: () => now }, logger: createLogger('silent') });
try {
  const demo = await seedDemo(ponte.prisma, { now });
  const { prisma } = ponte;
  const entity = await prisma.entity.findUniqueOrThrow({ where: { code: 'E-TO-01' } });
  const programme = await prisma.programme.findFirstOrThrow();
  const t0 = performance.now();
  for (let from = 0; from < N; from += 1000) {
    const people = Array.from({ length: Math.min(1000, N - from) }, (_, k) => {
      const i = from + k;
      return { id: `bench${i}`, code: `B-7${String(i).padStart(5, '0')}`, fullName: `Persona Prova ${['Hassan', 'Diallo', 'Karimi', 'Traoré', 'Okafor'][i % 5]} ${i}` };
    });
    await prisma.person.createMany({ data: people });
    await prisma.personRole.createMany({ data: people.map((p) => ({ personId: p.id, role: 'beneficiary' })) });
    await prisma.beneficiaryProfile.createMany({ data: people.map((p) => ({ personId: p.id, category: 'humanitarian', province: 'Torino', entityId: entity.id })) });
    await prisma.path.createMany({ data: people.map((p) => ({ id: `path-${p.id}`, beneficiaryId: p.id, programmeId: programme.id, startDate: '2026-09-01' })) });
    await prisma.hourEntry.createMany({ data: people.flatMap((p) => [{ pathId: `path-${p.id}`, area: 'reception', date: '2026-09-02', hours: 2 }, { pathId: `path-${p.id}`, area: 'reception', date: '2026-09-03', hours: 2 }]) });
  }
  console.log(`setup: ${N} more people in E-TO-01 in ${Math.round(performance.now() - t0)} ms`);

  const chat = (text: string | { data: string }) => ponte.engine.handle({ channel: 'console', chatId: 'bench', userId: 'bench', content: typeof text === 'string' ? { type: 'text', text } : { type: 'action', data: text.data } });
  let last: OutgoingMessage[] = await chat(`/start ${demo.tutor[0]}`);
  const press = async (label: string) => {
    const c = last.flatMap((m) => (m.choices ?? []).flat()).find((x) => x.label.includes(label));
    if (!c) throw new Error(`no button ${label}`);
    last = await chat({ data: c.data });
    return last;
  };
  await press('English');
  await press('I agree');

  const measure = async (name: string, prepare: () => Promise<unknown>, turn: () => Promise<OutgoingMessage[]>) => {
    const ms: number[] = [];
    let out: OutgoingMessage[] = [];
    for (let r = 0; r < RUNS; r++) {
      await prepare();
      const s = performance.now();
      out = await turn();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    const buttons = out.flatMap((m) => (m.choices ?? []).flat()).length;
    const teamsBytes = Buffer.byteLength(JSON.stringify(renderForTeams(out, { conversationId: 'a:bench', personal: true })));
    console.log(`${name.padEnd(44)} p50 ${ms[Math.floor(RUNS * 0.5)]!.toFixed(1).padStart(6)} ms  p95 ${ms[Math.floor(RUNS * 0.95)]!.toFixed(1).padStart(6)} ms  buttons ${String(buttons).padStart(3)}  Teams ${teamsBytes} bytes`);
    last = out;
  };
  const toMenu = () => chat('/menu');
  await measure('Report hours (first page, form on Teams)', toMenu, () => chat('🕒 Report hours'));
  await measure('next page', async () => {
    await toMenu();
    last = await chat('🕒 Report hours');
  }, () => press('More'));
  await measure(`search matching all ${N} ("Persona")`, async () => {
    await toMenu();
    last = await chat('👥 My beneficiaries');
  }, () => chat('Persona'));
  await measure('search, one exact match ("Prova Hassan 4210")', async () => {
    await toMenu();
    last = await chat('👥 My beneficiaries');
  }, () => chat('Prova Hassan 4210'));
  await measure('search, approximate ("Persna Prova Okafr 4")', async () => {
    await toMenu();
    last = await chat('👥 My beneficiaries');
  }, () => chat('Persna Prova Okafr 4'));
  await measure('one line at the menu, misspelt name ("Hasan")', toMenu, () => chat('3 ore tutoraggio Hasan ieri'));
} finally {
  await ponte.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
