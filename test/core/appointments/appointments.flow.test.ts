/**
 * Appointments through the real engine and Prisma: the tutor schedules (own entity only), the
 * reminders and notices land in the outbox in the same transaction, the beneficiary answers from
 * a reminder, the tutor sees who has not confirmed, and moving or cancelling rewrites the rows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { allText, buttonData, link, outboxRows, personId, renderRow } from './journey-helpers';

let h: Harness;
afterEach(async () => h?.close());

async function schedule(tutor: Awaited<ReturnType<typeof link>>, who: string, when: string) {
  await tutor.press('📅 Appointments');
  await tutor.press('➕ New appointment');
  await tutor.press(who);
  await tutor.press('Job Centre (CPI)');
  await tutor.say(when);
  await tutor.say("Centro per l'Impiego, Via Bologna 153, Torino");
  await tutor.say('permesso di soggiorno, codice fiscale');
  return tutor.press('✅ Confirm');
}

describe('the tutor schedules an appointment', () => {
  it('creates it with reminders 24 h and 2 h before and a notice, all in the outbox', async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    const saved = await schedule(tutor, 'Rahim Uddin (B-0003)', '30/11 09:00');
    expect(textOf(saved)).toContain('Saved. Rahim Uddin gets the appointment now');
    const rahim = await personId(h, 'B-0003');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: rahim, kind: 'cpi' } });
    expect(a).toMatchObject({ startsAt: new Date('2026-11-30T08:00:00Z'), place: "Centro per l'Impiego", address: 'Via Bologna 153, Torino', bring: 'permesso di soggiorno, codice fiscale', withWhom: 'Giulia Ferrero', response: 'none' });
    const rows = await outboxRows(h, { keyPrefix: `appointment:${a.id}:` });
    expect(rows.map((r) => [r.key, r.kind, r.dueAt.toISOString(), r.status, r.priority])).toEqual([
      [`appointment:${a.id}:new:${a.startsAt.getTime()}`, 'appointment_notice', '2026-11-23T09:00:00.000Z', 'pending', 0],
      [`appointment:${a.id}:-1440m`, 'appointment_reminder', '2026-11-29T08:00:00.000Z', 'pending', 3],
      [`appointment:${a.id}:-120m`, 'appointment_reminder', '2026-11-30T07:00:00.000Z', 'pending', 3],
    ]);
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'appointment_created', subjectId: a.id } })).toBe(1);
  });

  it('refuses a beneficiary of another entity, says so, and audits the attempt', async () => {
    h = await createHarness({ demo: true });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    await tutor.press('📅 Appointments');
    await tutor.press('➕ New appointment');
    const reply = await tutor.say('B-0007'); // Bilal Khan follows entity E-TO-02, not Giulia's
    expect(textOf(reply)).toContain('I cannot find “B-0007” among the beneficiaries of your organisation');
    const refused = await h.ponte.prisma.auditEvent.findFirstOrThrow({ where: { action: 'appointment_refused' } });
    expect(JSON.parse(refused.detailJson)).toEqual({ attempted: 'create', code: 'B-0007' });
    await tutor.say('Bilal Khan'); // a name typed instead of a code never reaches the audit trail
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'appointment_refused', detailJson: { contains: 'Bilal' } } })).toBe(0);
    const bilal = await personId(h, 'B-0007');
    expect(await h.ponte.prisma.appointment.count({ where: { beneficiaryId: bilal, createdById: { not: null }, kind: 'cpi' } })).toBe(0);
  });

  it('refuses a beneficiary even when another entity’s id is forced in', async () => {
    h = await createHarness({ demo: true });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    const service = h.ponte.modules.find((m) => 'service' in m && 'confirm' in (m as { service: object }).service) as unknown as { service: { create: (...a: unknown[]) => Promise<unknown> } };
    const giulia = (await h.ponte.stores.people.get(await personId(h, 'T-0001')))!;
    await expect(service.service.create(giulia, { beneficiaryId: await personId(h, 'B-0007'), kind: 'cpi', startsAt: new Date('2026-12-01T09:00:00Z'), place: 'CPI' }, h.clock.now())).rejects.toMatchObject({ code: 'appointment_unavailable' });
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'appointment_refused', actorId: giulia.id } })).toBe(1);
    void tutor;
  });

  it('reads dates in any script and explains a wrong one', async () => {
    h = await createHarness({ demo: true });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    await tutor.press('📅 Appointments');
    await tutor.press('➕ New appointment');
    await tutor.say('b-0003');
    await tutor.press('Appointment');
    expect(textOf(await tutor.say('next week'))).toContain('I did not understand the date');
    expect(textOf(await tutor.say('01/01/2020 10:00'))).toContain('already passed');
    expect(textOf(await tutor.say('٢٨/١١ ١٠:٣٠'))).toContain('Where?');
  });

  it('puts the summer-time and winter-time appointments at the right local times (scheduled through the flow)', async () => {
    h = await createHarness({ demo: true, start: '2026-03-20T09:00:00Z' });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    await schedule(tutor, 'Rahim Uddin (B-0003)', '30/03/2026 09:00');
    const spring = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'cpi' } });
    expect(spring.startsAt.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST
    expect((await outboxRows(h, { keyPrefix: `appointment:${spring.id}:-` })).map((r) => r.dueAt.toISOString())).toEqual(['2026-03-29T07:00:00.000Z', '2026-03-30T06:00:00.000Z']);

    h.clock.set('2026-10-20T09:00:00Z');
    await tutor.say('/menu');
    await schedule(tutor, 'Rahim Uddin (B-0003)', '26/10/2026 09:00');
    const autumn = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'cpi', startsAt: { gt: new Date('2026-10-01') } } });
    expect(autumn.startsAt.toISOString()).toBe('2026-10-26T08:00:00.000Z'); // 09:00 CET
    expect((await outboxRows(h, { keyPrefix: `appointment:${autumn.id}:-` })).map((r) => r.dueAt.toISOString())).toEqual(['2026-10-25T08:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });
});

describe('the beneficiary answers', () => {
  it('confirms from the reminder; the tutor sees confirmed and unconfirmed markers', async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    const id = await personId(h, 'B-0001');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: id } });
    // Demo appointments have no reminders yet: stop and start plans them like new ones.
    await h.ponte.prisma.outboxMessage.deleteMany({});
    const service = (h.ponte.modules.find((m) => 'service' in m && 'startReminders' in (m as { service: object }).service) as unknown as { service: { startReminders(p: string, n: Date): Promise<number> } }).service;
    await service.startReminders(id, h.clock.now());
    const key = `appointment:${a.id}:-1440m`;
    h.clock.set((await h.ponte.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).dueAt);
    const reminder = await renderRow(h, key);
    expect(allText(reminder)).toContain('⏰ تذكير بموعدك');
    expect(allText(reminder)).toContain('Via Nizza 150, Torino');
    expect(reminder![0]!.text).toContain('\u2068Giulia Ferrero\u2069'); // a Latin name isolated in the Arabic sentence
    const confirm = buttonData(reminder).find((c) => c.label.includes('سأحضر'))!;
    expect(confirm.data).toBe(`ap:c:${a.id}`);
    expect(Buffer.byteLength(confirm.data)).toBeLessThanOrEqual(64);
    expect(textOf(await ahmed.action(confirm.data))).toContain('شكراً! يعرف مرشدك أنك ستحضر');
    expect(await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ response: 'confirmed', respondedAt: h.clock.now() });
    // Once confirmed, a later reminder offers only "I can't come".
    expect(buttonData(await renderRow(h, `appointment:${a.id}:-120m`)).map((c) => c.data)).toEqual([`ap:d:${a.id}`]);

    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    const list = textOf(await tutor.press('📅 Appointments')) + tutor.buttons().map((b) => b.label).join('\n');
    expect(list).toMatch(/✅ confirmed · .* · Ahmed Hassan \(B-0001\)/);
    expect(list).toMatch(/⏳ not confirmed · .* · Fatima Diallo \(B-0002\)/);
  });

  it("I can't come: asks a reason, tells the tutor (urgent), stops the reminders", async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const fatima = await link(h, 'fatima', { beneficiary: 'B-0002' }, 'fr');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: await personId(h, 'B-0002') } });
    await fatima.press('📅 Mes rendez-vous');
    const ask = await fatima.press('Je ne peux pas venir');
    expect(textOf(ask)).toContain('Voulez-vous dire pourquoi');
    const notice = `appointment-declined:${a.id}:${h.clock.now().getTime()}`;
    // Until the reason comes, the tutor's notice waits 3 minutes.
    expect((await h.ponte.prisma.outboxMessage.findUniqueOrThrow({ where: { key: notice } })).dueAt.toISOString()).toBe('2026-11-23T09:03:00.000Z');
    h.clock.advanceMinutes(1);
    expect(textOf(await fatima.say('Je suis malade'))).toContain('Votre tuteur sait que vous ne pouvez pas venir');
    const row = await h.ponte.prisma.outboxMessage.findUniqueOrThrow({ where: { key: notice } });
    expect(row).toMatchObject({ kind: 'appointment_declined', priority: 0, status: 'pending', personId: await personId(h, 'T-0001') });
    expect(row.dueAt.toISOString()).toBe('2026-11-23T09:01:00.000Z');
    const text = allText(await renderRow(h, notice));
    expect(text).toContain('Fatima Diallo (B-0002) non può venire: Incontro con il tutor');
    expect(text).toContain('Motivo: Je suis malade');
    expect(await h.ponte.prisma.auditEvent.count({ where: { detailJson: { contains: 'Diallo' } } })).toBe(0);
  });

  it('a reason is optional; changing one’s mind makes the old notice render to nothing', async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const fatima = await link(h, 'fatima', { beneficiary: 'B-0002' }, 'en');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: await personId(h, 'B-0002') } });
    await fatima.action(`ap:d:${a.id}`);
    await fatima.press('Skip');
    const key = `appointment-declined:${a.id}:${h.clock.now().getTime()}`;
    // Giulia's language is Italian: the notice is rendered in it, whatever the beneficiary speaks.
    expect(allText(await renderRow(h, key))).toContain('Nessun motivo indicato.');
    h.clock.advanceMinutes(5);
    expect(textOf(await fatima.action(`ap:c:${a.id}`))).toContain('Your tutor knows you will be there');
    expect(await renderRow(h, key)).toBeNull();
  });

  it("\"I can't come\" pressed again on an older message keeps the reason and does not tell the tutor twice", async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const fatima = await link(h, 'fatima', { beneficiary: 'B-0002' }, 'en');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: await personId(h, 'B-0002') } });
    await fatima.press('My appointments');
    const decline = fatima.buttons().find((b) => b.label.includes("I can't come"))!;
    await fatima.action(decline.data);
    await fatima.say('I am sick');
    h.clock.advanceMinutes(10);
    const again = textOf(await fatima.action(decline.data));
    expect(again).toContain('You said you cannot come');
    expect(again).not.toContain('Do you want to tell your tutor why');
    expect(await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ response: 'declined', declineReason: 'I am sick', respondedAt: new Date('2026-11-23T09:00:00Z') });
    const notices = await h.ponte.prisma.outboxMessage.findMany({ where: { kind: 'appointment_declined' } });
    expect(notices.map((n) => n.key)).toEqual([`appointment-declined:${a.id}:${Date.parse('2026-11-23T09:00:00Z')}`]);
    expect(allText(await renderRow(h, notices[0]!.key))).toContain('Motivo: I am sick');
  });

  it('refuses to answer for someone else’s appointment, and audits it', async () => {
    h = await createHarness({ demo: true });
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const other = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: await personId(h, 'B-0002') } });
    expect(textOf(await ahmed.action(`ap:c:${other.id}`))).toContain('no longer available');
    expect(await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ response: 'none' });
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'appointment_refused', subjectId: other.id } })).toBe(1);
  });
});

describe('moving and cancelling', () => {
  it('rewrites the reminder rows in the same transaction, and asks again for an answer', async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    await schedule(tutor, 'Rahim Uddin (B-0003)', '30/11 09:00');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'cpi' } });
    await h.ponte.prisma.appointment.update({ where: { id: a.id }, data: { response: 'confirmed' } });
    await tutor.say('/menu');
    await tutor.press('📅 Appointments');
    await tutor.press(/Rahim Uddin \(B-0003\) · Job Centre/);
    await tutor.press('Change date');
    expect(textOf(await tutor.say('02/12 14:00'))).toContain('the date has changed');
    const moved = await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: a.id } });
    expect(moved).toMatchObject({ startsAt: new Date('2026-12-02T13:00:00Z'), response: 'none' });
    const rows = await outboxRows(h, { keyPrefix: `appointment:${a.id}:` });
    expect(rows.filter((r) => r.kind === 'appointment_reminder').map((r) => [r.key, r.dueAt.toISOString(), r.status])).toEqual([
      [`appointment:${a.id}:-1440m`, '2026-12-01T13:00:00.000Z', 'pending'],
      [`appointment:${a.id}:-120m`, '2026-12-02T11:00:00.000Z', 'pending'],
    ]);
    expect(rows.some((r) => r.key === `appointment:${a.id}:moved:${moved.startsAt.getTime()}`)).toBe(true);
  });

  it('leaves appointment and rows untouched when writing the rows fails', async () => {
    h = await createHarness({ demo: true });
    const store = new (await import('../../../bot/storage/appointment.repository')).PrismaAppointmentStore(h.ponte.prisma);
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({});
    await expect(store.update(a.id, { startsAt: new Date('2027-01-05T09:00:00Z') }, () => { throw new Error('outbox down'); })).rejects.toThrow('outbox down');
    expect((await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: a.id } })).startsAt).toEqual(a.startsAt);
  });

  it('cancelling cancels every pending row and tells the beneficiary', async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' });
    await schedule(tutor, 'Rahim Uddin (B-0003)', '30/11 09:00');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'cpi' } });
    // The list is shown again after saving; the new appointment is the CPI one.
    await tutor.press(/Rahim Uddin \(B-0003\) · Job Centre/);
    await tutor.press('Cancel it');
    expect(textOf(await tutor.press('Yes, cancel'))).toContain('The appointment is cancelled');
    const rows = await outboxRows(h, { keyPrefix: `appointment:${a.id}:` });
    const byKind = (k: string) => rows.filter((r) => r.key.includes(k)).map((r) => r.status);
    expect(byKind(':-')).toEqual(['cancelled', 'cancelled']);
    expect(byKind(':new:')).toEqual(['cancelled']);
    expect(byKind(':cancelled:')).toEqual(['pending']);
    expect(await renderRow(h, `appointment:${a.id}:-1440m`)).toBeNull();
    await h.ponte.prisma.person.update({ where: { code: 'B-0003' }, data: { language: 'en' } });
    const told = allText(await renderRow(h, `appointment:${a.id}:cancelled:${a.startsAt.getTime()}`));
    expect(told).toContain('🚫 This appointment is cancelled:');
    expect(told).toContain('Job Centre (CPI)');
  });
});
