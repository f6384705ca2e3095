/**
 * Reports, digests and full lists on the national demo (4,500 beneficiaries), through real conversation
 * turns: nothing crashes (a region of 1,000 used to hit Prisma P2029), every total equals an
 * independent SQL count on the database file, lists page and search, and every message fits Teams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNational } from '../../../bot/seed/national.seed';
import { renderForTeams } from '../../../bot/teams/teams.renderer';
import { PrismaTutorReminderSource } from '../../../bot/reports/tutor-reminders.repository';
import { planTutorWeeklyHours, weekStart } from '../../../core/digests/tutor-reminders';
import type { OutgoingMessage } from '../../../core/messages';
import { openRawSql, type RawSql } from '../../support/raw-sql';
import { createHarness, textOf, type ChatUser, type Harness } from '../../support/ponte-harness';

let h: Harness;
let db: RawSql;
beforeAll(async () => {
  h = await createHarness();
  await seedNational(h.ponte.prisma, { now: h.clock.now() });
  db = await openRawSql(h.databaseUrl, { readonly: true });
}, 120_000);
afterAll(async () => {
  await db.close();
  await h.close();
});

const NOW = '2026-11-23T09:00:00.000+00:00';
const one = (sql: string, ...params: unknown[]) => db.one(sql, ...params);
const SCOPE = `FROM "Internship" i JOIN "Path" p ON p.id = i."pathId" JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" JOIN "Entity" e ON e.id = bp."entityId" JOIN "Person" pe ON pe.id = bp."personId"`;

/** A coordinator's chat, linked without the onboarding (which the e2e tests cover). */
async function coordinator(regionName: string | null, provinces?: string[]): Promise<ChatUser> {
  let person = await h.ponte.prisma.person.findFirstOrThrow({ where: { region: regionName, roles: { some: { role: 'coordinator' } } } });
  if (provinces) person = await h.ponte.prisma.person.create({ data: { code: `C-9${provinces.length}00`, fullName: 'Coordinatrice di prova', region: regionName, provincesJson: JSON.stringify(provinces), roles: { create: [{ role: 'coordinator' }] } } });
  const chatId = `coord-${person.code}`;
  await h.ponte.prisma.channelAccount.upsert({ where: { channel_externalId: { channel: 'console', externalId: chatId } }, create: { channel: 'console', externalId: chatId, chatId, personId: person.id, consentAt: h.clock.now() }, update: {} });
  const chat = h.chat(chatId);
  await chat.say('/menu');
  return chat;
}

/** A report's CSV (semicolon-separated, BOM) as rows of cells; no cell of these reports holds a quote or a semicolon. */
async function reportCsv(chat: ChatUser, button: string): Promise<{ replies: OutgoingMessage[]; rows: string[][] }> {
  await chat.say('/menu');
  await chat.press('Report');
  const replies = await chat.press(button);
  const csv = replies.flatMap((m) => m.attachments ?? []).find((a) => a.mimeType === 'text/csv')!;
  const rows = new TextDecoder().decode(csv.bytes).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
  return { replies, rows };
}
const n = (cell: string | undefined) => Number(String(cell).replace(',', '.'));

/** Every activity Teams would get is under its ~100 KB message limit. */
function expectFitsTeams(replies: OutgoingMessage[]): void {
  const activities = renderForTeams(replies, { conversationId: 'a:1', personal: true });
  expect(activities.length).toBeGreaterThan(0);
  for (const a of activities) expect(Buffer.byteLength(JSON.stringify(a))).toBeLessThan(100_000);
}

describe('reports at national scale add up to independent counts', () => {
  it('internship status by region (national) and by province (Lombardia, a coordinator limited to two provinces)', async () => {
    const national = await reportCsv(await coordinator(null), 'Tirocini per provincia');
    expect(national.rows[0]).toEqual(['Regione', 'Non attivati', 'Annullati', 'Attivati', 'In corso', 'Conclusi', 'Cessati', 'Totale']);
    const total = national.rows.at(-1)!;
    expect(total[0]).toBe('Tutta Italia');
    expect(national.rows).toHaveLength(22);
    expect(n(total[7])).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" = 'granted'`));
    expect(n(total[2])).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" = 'granted' AND i.status = 'cancelled'`));
    for (let c = 1; c <= 7; c++) expect(national.rows.slice(1, -1).reduce((a, r) => a + n(r[c]), 0), national.rows[0]![c]).toBe(n(total[c]));
    expectFitsTeams(national.replies);
    expect(textOf(national.replies)).toContain('…e altre 10 righe: le trovi tutte nel file CSV');

    const lombardia = await reportCsv(await coordinator('Lombardia'), 'Tirocini per provincia');
    expect(lombardia.rows).toHaveLength(12 + 2);
    const milano = lombardia.rows.find((r) => r[0] === 'Milano')!;
    expect(n(milano[7])).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" = 'granted' AND COALESCE(i.province, bp.province) = 'Milano'`));
    expect(n(lombardia.rows.at(-1)![7])).toBe(n(national.rows.find((r) => r[0] === 'Lombardia')![7]));
    const two = await reportCsv(await coordinator('Lombardia', ['Milano', 'Bergamo']), 'Tirocini per provincia');
    expect(two.rows.map((r) => r[0])).toEqual(['Provincia', 'Bergamo', 'Milano', 'Tutte le province']);
  });

  it('the clearance funnel with refused and pending, employment outcomes, hours, ATECO sections', async () => {
    const chat = await coordinator(null);
    const funnel = Object.fromEntries((await reportCsv(chat, 'Nulla Osta')).rows.slice(1).map((r) => [r[0], n(r[1])]));
    expect(funnel['Richiesti']).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" IN ('requested', 'granted', 'refused')`));
    expect(funnel['Rifiutati']).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" = 'refused'`));
    expect(funnel['In attesa di risposta']).toBe(await one(`SELECT COUNT(*) n ${SCOPE} WHERE i."clearanceStatus" = 'requested'`));
    expect(funnel['Concessi']! + funnel['Rifiutati']! + funnel['In attesa di risposta']!).toBe(funnel['Richiesti']);
    expect(funnel['Avviati']! + funnel['Annullati dopo il Nulla Osta']! + funnel['In attesa di avvio']!).toBe(funnel['Concessi']);
    expect(funnel['Avviati']).toBe(2121);

    const outcomes = await reportCsv(chat, 'Lavoro dopo');
    for (const row of outcomes.rows.slice(1)) {
      const months = n(row[0]);
      expect(n(row[1]), `${months} months due`).toBe(await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE "monthsAfter" = ? AND "dueDate" <= '2026-11-23'`, months));
      expect(n(row[3])).toBe(await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE "monthsAfter" = ? AND employed = TRUE AND "dueDate" <= '2026-11-23'`, months));
    }
    const hours = await reportCsv(await coordinator('Sicilia'), 'Ore per area');
    const tutoring = hours.rows.find((r) => r[0] === 'Tutoraggio didattico')!;
    const sicily = `FROM "HourEntry" h JOIN "Path" p ON p.id = h."pathId" JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" JOIN "Entity" e ON e.id = bp."entityId" WHERE e.region = 'Sicilia' AND h.area = 'tutoring' AND h."voidedAt" IS NULL`;
    expect(n(tutoring[1])).toBeCloseTo(await one(`SELECT SUM(h.hours) n ${sicily}`), 5);
    expect(n(tutoring[2])).toBe(await one(`SELECT COUNT(DISTINCT h."pathId") n ${sicily}`));
    expect(hours.rows.find((r) => r[0] === 'Azione complementare')).toEqual(['Azione complementare', '0', '0', '', '24', '0', '0']);
    const ateco = await reportCsv(chat, 'Aziende per settore');
    for (const row of ateco.rows.slice(1)) expect(n(row[2]), row[0]).toBe(await one(`SELECT COUNT(DISTINCT LOWER(TRIM(i."hostCompany"))) n ${SCOPE} WHERE i."atecoSection" = ? AND i.status IN ('activated','in_progress','concluded','ceased')`, row[0]));
    expectFitsTeams(ateco.replies);
  });
});

describe('the digest and its full lists at national scale', () => {
  const clearanceSql = `SELECT pe.code, pe."fullName" ${SCOPE} WHERE pe."erasedAt" IS NULL AND i."clearanceStatus" = 'requested' AND i."clearanceRequestedOn" < '2026-11-08' ORDER BY i."clearanceRequestedOn", pe.code`;
  let chat: ChatUser;
  let summary: OutgoingMessage[];
  beforeAll(async () => {
    chat = await coordinator(null);
    summary = await chat.press('Riepilogo ora');
  });

  it('"Summary now" counts what independent SQL counts, lists the first five per block, and fits Teams', async () => {
    const labels = chat.buttons().map((b) => b.label);
    const count = (name: string) => Number(/\((\d+)\)/.exec(labels.find((l) => l.includes(name))!)![1]);
    expect(count('Nulla Osta in attesa')).toBe((await db.all(clearanceSql)).length);
    expect(count('Appuntamenti rifiutati')).toBe(await one(`SELECT COUNT(*) n FROM "Appointment" a JOIN "Person" pe ON pe.id = a."beneficiaryId" WHERE a.response = 'declined' AND a.status = 'scheduled' AND a."startsAt" >= ? AND a."respondedAt" >= '2026-11-16T09:00:00.000+00:00'`, NOW));
    expect(count('Beneficiari inattivi')).toBe(await one(`SELECT COUNT(*) n FROM (SELECT "personId" FROM "ChannelAccount" WHERE "unreachableAt" IS NULL AND "personId" IS NOT NULL GROUP BY "personId" HAVING MAX("lastSeenAt") < '2026-10-24T09:00:00.000+00:00') t`));
    expect(count('Tutor senza ore')).toBe(await one(`SELECT COUNT(DISTINCT bp."tutorId") n FROM "Path" p JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" LEFT JOIN "Internship" i ON i."pathId" = p.id
      WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM "PathPhase" ph WHERE ph."pathId" = p.id AND ph.status = 'in_progress') AND COALESCE(i.status, '') NOT IN ('cancelled', 'clearance_refused')
        AND NOT EXISTS (SELECT 1 FROM "HourEntry" he WHERE he."pathId" = p.id AND he."voidedAt" IS NULL AND he.date >= '2026-11-17')`));
    const text = textOf(summary);
    expect(text).toContain(`📄 Nulla Osta in attesa da più di 15 giorni: ${count('Nulla Osta in attesa')}`);
    expect(text).toContain(`…e altri ${count('Nulla Osta in attesa') - 5}`);
    // The full lists as CSV: every item of every block (one row each), in files that fit a message.
    const csv = summary.flatMap((m) => m.attachments ?? []).map((a) => new TextDecoder().decode(a.bytes).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1)).flat();
    expect(csv.filter((l) => l.startsWith('📄 Nulla Osta in attesa;'))).toHaveLength(count('Nulla Osta in attesa'));
    expect(csv.filter((l) => l.startsWith('💤 Beneficiari inattivi;'))).toHaveLength(count('Beneficiari inattivi'));
    expectFitsTeams(summary);
  });

  it('pages through a whole list 10 at a time, back and forth, and searches it', async () => {
    const expected = (await db.all(clearanceSql)) as Array<{ code: string; fullName: string }>;
    const codesOf = (replies: OutgoingMessage[]) => [...textOf(replies).matchAll(/^• .*\((B-\d{4})\)/gm)].map((m) => m[1]!);
    let page = await chat.press('Nulla Osta in attesa');
    const first = codesOf(page);
    expect(first).toHaveLength(10);
    expect(textOf(page)).toContain(`pagina 1 di ${Math.ceil(expected.length / 10)}`);
    expectFitsTeams(page);
    const seen = [...first];
    while (chat.buttons().some((b) => b.label.includes('Pagina successiva'))) {
      page = await chat.press('Pagina successiva');
      seen.push(...codesOf(page));
    }
    expect(seen).toEqual(expected.map((e) => e.code));
    const last = codesOf(page);
    await chat.press('Pagina precedente');
    expect(codesOf(await chat.press('Pagina successiva'))).toEqual(last);

    const word = expected[0]!.fullName.split(' ')[0]!.toLowerCase();
    const found = await chat.say(word);
    const matching = expected.filter((e) => e.fullName.toLowerCase().includes(word) || e.code.toLowerCase().includes(word));
    expect(textOf(found)).toContain(`«${word}»: ${matching.length} trovat`);
    expect(codesOf(found)).toEqual(matching.slice(0, 10).map((m) => m.code));
    expect(textOf(await chat.say('zzzz-nessuno'))).toContain('Nessuno corrisponde a «zzzz-nessuno».');
    expect(codesOf(await chat.press('Togli la ricerca'))).toEqual(first);
  });

  it('a button from an older page is refused as stale; erased people leave the lists but stay in the figures', async () => {
    await chat.say('/menu');
    await chat.press('Riepilogo ora');
    await chat.press('Nulla Osta in attesa');
    const old = chat.buttons().find((b) => b.label.includes('Pagina successiva'))!;
    await chat.press('Pagina successiva');
    expect(textOf(await chat.action(old.data))).toContain('Questo pulsante non è più valido');

    const pending = (await db.all(clearanceSql)) as Array<{ code: string }>;
    const gone = pending[0];
    const before = Object.fromEntries((await reportCsv(chat, 'Nulla Osta')).rows.slice(1).map((r) => [r[0], n(r[1])]));
    await h.ponte.prisma.person.update({ where: { code: gone!.code }, data: { erasedAt: h.clock.now(), fullName: '—' } });
    await chat.say('/menu');
    await chat.press('Riepilogo ora');
    expect(chat.buttons().find((b) => b.label.includes('Nulla Osta in attesa'))!.label).toContain(`(${pending.length - 1})`);
    const after = Object.fromEntries((await reportCsv(chat, 'Nulla Osta')).rows.slice(1).map((r) => [r[0], n(r[1])]));
    expect(after).toEqual(before);
  });

  it('the weekly digest sent through the outbox fits Teams and ends with the button to the full lists', async () => {
    const renderer = h.ponte.modules.flatMap((m) => m.renderers ?? []).find((r) => r.kind === 'digest_weekly')!;
    const national = await h.ponte.prisma.person.findFirstOrThrow({ where: { region: null, roles: { some: { role: 'coordinator' } } } });
    const messages = (await renderer.render({ recipient: { id: national.id, code: national.code, fullName: national.fullName, language: 'it', timezone: 'Europe/Rome', roles: ['coordinator'], remindersEnabled: true } as never, lang: 'it', now: h.clock.now(), t: (k, p) => h.ponte.translator.t('it', k, p) }, {}))!;
    expect(messages.at(-1)!.choices!.flat().map((c) => c.data)).toEqual(['cl:weekly', 'g.menu']);
    expectFitsTeams(messages);
    const lists = await h.chat(`coord-${national.code}`).action('cl:weekly');
    expect(textOf(lists)).toContain('Quale lista vuoi sfogliare?');
  });
});

describe('tutor reminders at national scale', () => {
  it('plans the weekly "hours missing" reminder for every tutor concerned, with no id list', async () => {
    const source = new PrismaTutorReminderSource(h.ponte.prisma);
    const items = await planTutorWeeklyHours(source, h.clock.now(), 'Europe/Rome');
    const week = weekStart(h.clock.now(), 'Europe/Rome');
    expect(items.length).toBe(await one(`SELECT COUNT(DISTINCT bp."tutorId") n FROM "Path" p JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" LEFT JOIN "Internship" i ON i."pathId" = p.id
      WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM "PathPhase" ph WHERE ph."pathId" = p.id AND ph.status = 'in_progress') AND COALESCE(i.status, '') NOT IN ('cancelled', 'clearance_refused')
        AND NOT EXISTS (SELECT 1 FROM "HourEntry" he WHERE he."pathId" = p.id AND he."voidedAt" IS NULL AND he.date >= ?)`, week));
    expect(items.length).toBeGreaterThan(100);
    const missing = await source.missingHours(items[0]!.personId, week);
    expect(missing.length).toBeGreaterThan(0);
    expect(await source.followUpsDue('2025-01-01', '2026-11-23')).toHaveLength(await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE status = 'pending' AND "dueDate" BETWEEN '2025-01-01' AND '2026-11-23'`));
  });
});
