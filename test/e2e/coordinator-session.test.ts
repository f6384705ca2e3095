/**
 * A coordinator's session end to end on the real app: links with the invite code, receives the Monday
 * digest through the outbox (with a blocked beneficiary, a declined appointment and an internship
 * ending soon in it), asks for a report and gets text + PNG + CSV; scopes and roles are enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../support/ponte-harness';
import { RecordingSender } from '../support/recording-sender';
import { createOutboxRuntime, createScheduler } from '../../bot/outbox/outbox.runtime';

let h: Harness;
const idOf = async (code: string) => (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;

beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T07:00:00Z' });
});
afterAll(() => h.close());

async function joinAs(userId: string, code: string) {
  const c = h.chat(userId);
  await c.say(`/start ${code}`);
  await c.press('Italiano');
  await c.press(/Accetto/);
  return c;
}

describe('coordinator session', () => {
  it('receives the Monday digest, then a report with its chart and CSV', async () => {
    const coord = await joinAs('coord-elena', h.demo!.coordinator[0]!);
    // Something late to report: a beneficiary who blocked the bot, a declined appointment, an internship ending soon.
    const b1 = await idOf('B-0001');
    await h.ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: 'b1', chatId: 'b1', personId: b1, consentAt: h.clock.now() } });
    const appt = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiary: { code: 'B-0002' } } });
    await h.ponte.prisma.appointment.update({ where: { id: appt.id }, data: { response: 'declined', respondedAt: new Date('2026-11-22T10:00:00Z'), declineReason: 'malattia' } });
    const path = await h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: await idOf('B-0013') } });
    await h.ponte.prisma.internship.update({ where: { pathId: path.id }, data: { plannedEndDate: '2026-12-10' } });

    h.ponte.modules.push({ renderers: [{ kind: 'test_ping', render: async () => [{ text: 'ping' }] }] });
    const sender = new RecordingSender('console');
    sender.failNext({ ok: false, kind: 'permanent', error: 'Forbidden: bot was blocked by the user' });
    const rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, sleep: async () => undefined, random: () => 0.5 });
    await h.ponte.prisma.outboxMessage.create({ data: { key: 'test:b1', personId: b1, kind: 'test_ping', dueAt: h.clock.now() } });
    await rt.dispatcher.drain(); // the 403: B-0001 becomes unreachable, the coordinator is told

    (rt.service as unknown as { stopped: boolean }).stopped = false;
    const scheduler = createScheduler(h.ponte, rt, { DISPATCH_CRON: '* * * * *', DIGEST_WEEKLY_CRON: '30 8 * * 1', DIGEST_DAILY_CRON: '30 8 * * *', TUTOR_WEEKLY_CRON: '0 9 * * 5', DEFAULT_TIMEZONE: 'Europe/Rome' });
    h.clock.set('2026-11-23T07:30:00Z');
    await scheduler.tick();

    const received = sender.textsTo('coord-elena').join('\n\n');
    expect(received).toContain('🚫 Ahmed Hassan (B-0001) non riceve più i messaggi su console');
    expect(received).toContain('📋 Riepilogo settimanale – Piemonte, 23 nov 2026');
    expect(received).toContain('❌ Appuntamenti rifiutati: 1');
    expect(received).toContain('Fatima Diallo (B-0002)');
    expect(received).toContain('🏁 Tirocini che finiscono entro 30 giorni: 2');
    expect(received).toContain('Farhan Rahman (B-0025)');
    expect(received).toContain('Yonas Gebremedhin (B-0013): fine il 10 dic 2026');
    expect(received).toContain('🚫 Beneficiari che non ricevono messaggi (bot bloccato): 1');
    expect(received).toContain('📄 Nulla Osta in attesa da più di 15 giorni');
    expect(received).toContain('📎 Le liste complete sono nel file CSV allegato.');

    await coord.say('/menu');
    await coord.press(/Report/);
    const replies = await coord.press('Tirocini per provincia');
    const report = replies.find((m) => m.attachments?.length)!;
    expect(textOf([report])).toContain('Torino: totale 13 · non attivati 2 · annullati 1 · attivati 10 (in corso 5 · conclusi 3 · cessati 2)');
    const png = report.attachments!.find((a) => a.mimeType === 'image/png')!;
    expect([...png.bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(report.attachments!.find((a) => a.mimeType === 'text/csv')!.bytes);
    expect(csv.startsWith('\uFEFFProvincia;Non attivati;Annullati;Attivati;In corso;Conclusi;Cessati;Totale\r\n')).toBe(true);
    expect(csv).toContain('Torino;2;1;10;5;3;2;13\r\n');
    expect(csv).toContain('Tutte le province;4;1;26;15;7;4;31\r\n');
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'report_viewed', subjectId: 'status' } })).toBe(1);
  });

  it('a coordinator limited to Cuneo sees Cuneo only', async () => {
    const c = await h.ponte.prisma.person.create({ data: { code: 'C-0002', fullName: 'Marta Viale', region: 'Piemonte', provincesJson: JSON.stringify(['Cuneo']), roles: { create: [{ role: 'coordinator' }] } } });
    await h.ponte.prisma.inviteCode.create({ data: { code: 'CNCN2345', role: 'coordinator', personId: c.id, expiresAt: new Date('2027-01-01T00:00:00Z') } });
    const chat = await joinAs('coord-cuneo', 'CNCN-2345');
    await chat.press(/Report/);
    const text = textOf(await chat.press('Tirocini per provincia'));
    expect(text).toContain('Cuneo: totale 5');
    expect(text).not.toContain('Torino');
    expect(text).toContain('Piemonte (Cuneo)');
  });

  it('a tutor has no reports menu and cannot open the flow', async () => {
    const tutor = await joinAs('tutor-giulia', h.demo!.tutor[0]!);
    await tutor.say('/menu');
    expect(tutor.buttons().map((b) => b.label).join('|')).not.toContain('Report');
  });
});
