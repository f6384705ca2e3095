/**
 * My data, the export file, stop/start reminders and "delete my data": personal data erased or
 * anonymised in one go, hours kept for the programme's totals, chat unlinked, an audit event kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { allText, link, outboxRows, personId, renderRow } from '../appointments/journey-helpers';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

describe('my data', () => {
  it('says what is stored, in the person’s language, and exports it as JSON and text', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const screen = textOf(await ahmed.press('🔐 My data'));
    expect(screen).toContain('👤 Name: Ahmed Hassan');
    expect(screen).toContain('🆔 Your code: B-0001');
    expect(screen).toContain('📄 Permit: International protection');
    expect(screen).toContain('📅 1 appointment');
    expect(screen).toContain('✉️ 0 messages with your tutor');
    const exported = await ahmed.press('Download my data');
    const files = exported.flatMap((m) => m.attachments ?? []);
    expect(files.map((f) => f.filename)).toEqual(['ponte-data-B-0001-2026-11-23.json', 'ponte-data-B-0001-2026-11-23.txt']);
    const json = JSON.parse(new TextDecoder().decode(files[0]!.bytes));
    expect(json.person).toMatchObject({ code: 'B-0001', fullName: 'Ahmed Hassan', language: 'en' });
    expect(json.paths[0].hourEntries.length).toBeGreaterThan(0);
    expect(json.appointments).toHaveLength(1);
    expect(json.chatAccounts).toEqual([expect.objectContaining({ channel: 'console' })]);
    expect(new TextDecoder().decode(files[1]!.bytes)).toContain('Name: Ahmed Hassan');
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'data_exported' } })).toBe(1);
  });

  it('stops and starts reminders: pending reminder rows are cancelled, then planned again', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const id = await personId(h, 'B-0001');
    await ahmed.press('My data');
    await ahmed.press('🔕 Stop reminders');
    expect((await h.ponte.prisma.person.findUniqueOrThrow({ where: { id } })).remindersEnabled).toBe(false);
    const started = textOf(await ahmed.press('🔔 Start reminders'));
    expect(started).toContain('Reminders are on again');
    const rows = await outboxRows(h, { kind: 'appointment_reminder', personId: id });
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(textOf(await ahmed.press('🔕 Stop reminders'))).toContain('Reminders are off');
    expect((await outboxRows(h, { kind: 'appointment_reminder', personId: id })).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('change language at any time', () => {
  it('switches the screens at once, and later reminders are rendered in the new language', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    await ahmed.press('📅 مواعيدي');
    await ahmed.say('/language');
    // Back on the appointments screen, now in French; the menu follows in French too.
    const switched = textOf(await ahmed.press('Français'));
    expect(switched).toContain('Rencontre avec votre tuteur');
    expect(switched).toContain("Vous n'avez pas encore répondu");
    expect(textOf(await ahmed.say('/menu'))).toContain('Menu principal');
    expect(ahmed.buttons().map((b) => b.label)).toContain('🧭 Mon parcours');
    const id = await personId(h, 'B-0001');
    const service = (h.ponte.modules.find((m) => 'service' in m && 'startReminders' in (m as { service: object }).service) as unknown as { service: { startReminders(p: string, n: Date): Promise<number> } }).service;
    await service.startReminders(id, h.clock.now());
    const [row] = await outboxRows(h, { kind: 'appointment_reminder', personId: id });
    expect(allText(await renderRow(h, row!.key))).toContain('⏰ Rappel de votre rendez-vous');
  });
});

describe('delete my data', () => {
  it('asks for confirmation; "No" keeps everything', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('My data');
    expect(textOf(await ahmed.press('🗑️ Delete my data'))).toContain('This cannot be undone');
    expect(textOf(await ahmed.press('No, keep my data'))).toContain('Nothing was deleted');
    expect((await h.ponte.prisma.person.findUniqueOrThrow({ where: { code: 'B-0001' } })).erasedAt).toBeNull();
  });

  it('erases personal data, keeps the hours, unlinks the chat and keeps an audit event without the name', async () => {
    const id = await personId(h, 'B-0001');
    await h.ponte.prisma.person.update({ where: { id }, data: { phone: '+39 333 000 0000', email: 'ahmed@example.org' } });
    await h.ponte.prisma.beneficiaryProfile.update({ where: { personId: id }, data: { nationality: 'SD' } });
    const noted = await h.ponte.prisma.hourEntry.findFirstOrThrow({ where: { path: { beneficiaryId: id } } });
    await h.ponte.prisma.hourEntry.update({ where: { id: noted.id }, data: { note: 'Ahmed arrived late' } });
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    await ahmed.press('✍️ اكتب إلى مرشدي');
    await ahmed.say('رسالة');
    const path = await h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: id } });
    const hoursBefore = await h.ponte.prisma.hourEntry.aggregate({ where: { pathId: path.id }, _sum: { hours: true }, _count: true });

    await ahmed.press('🔐 بياناتي');
    await ahmed.press('🗑️ حذف بياناتي');
    const done = await ahmed.press('🗑️ نعم، احذف بياناتي');
    expect(textOf(done)).toContain('حُذفت بياناتك');

    const p = await h.ponte.prisma.person.findUniqueOrThrow({ where: { id }, include: { profile: true } });
    expect(p).toMatchObject({ code: 'B-0001', phone: null, email: null, remindersEnabled: false });
    expect(p.fullName).not.toContain('Ahmed');
    expect(p.erasedAt).toEqual(h.clock.now());
    expect(p.profile?.nationality).toBeNull();
    expect(await h.ponte.prisma.relayMessage.count()).toBe(0);
    expect(await h.ponte.prisma.appointment.count({ where: { beneficiaryId: id } })).toBe(0);
    expect(await h.ponte.prisma.inviteCode.count({ where: { personId: id } })).toBe(0);
    expect(await h.ponte.prisma.outboxMessage.count({ where: { status: 'pending', OR: [{ personId: id }, { kind: 'relay' }] } })).toBe(0);
    const hoursAfter = await h.ponte.prisma.hourEntry.aggregate({ where: { pathId: path.id }, _sum: { hours: true }, _count: true });
    expect(hoursAfter).toEqual(hoursBefore);
    expect((await h.ponte.prisma.hourEntry.findUniqueOrThrow({ where: { id: noted.id } })).note).toBeNull();
    // The chat identity goes entirely (a Teams reference even holds the display name).
    expect(await h.ponte.prisma.channelAccount.count({ where: { externalId: 'ahmed' } })).toBe(0);
    const audit = await h.ponte.prisma.auditEvent.findFirstOrThrow({ where: { action: 'data_erased' } });
    expect(audit).toMatchObject({ subjectId: id });
    expect(audit.detailJson).toContain('B-0001');
    expect(audit.detailJson).not.toContain('Ahmed');

    // The chat is a stranger again: the next message starts onboarding.
    const next = await ahmed.say('hello');
    expect(textOf(next)).toMatch(/Scegli la tua lingua|Choose your language/);
  });

  it('erases relayed files with their messages: no file handle is left, pending sends are cancelled', async () => {
    // Both on Telegram (engine level): files travel by the handle Telegram gave, which only Telegram can use.
    const link2 = async (userId: string, code: string, lang: string, consent: string) => {
      const u = h.chat(userId, { channel: 'telegram' });
      await u.say('/start');
      await u.press(lang);
      await u.press(consent);
      await u.say(code);
      return u;
    };
    const ahmed = await link2('701', h.demo!.beneficiary[0]!, 'English', 'I agree');
    await link2('702', h.demo!.tutor[0]!, 'Italiano', 'Accetto');
    await ahmed.press('Write to my tutor');
    const sent = await ahmed.send({ type: 'media', kind: 'voice', ref: 'AwACAgQAAxkBAAIBZ2voice', durationSec: 9, mimeType: 'audio/ogg' });
    expect(textOf(sent)).toContain('Sent to Giulia Ferrero');
    await ahmed.press('Write to my tutor');
    await ahmed.send({ type: 'media', kind: 'photo', ref: 'AgACAgQAAxkBAAIBa2photo', caption: 'my permit' });
    const id = await personId(h, 'B-0001');
    expect(await h.ponte.prisma.relayMessage.count({ where: { fromId: id, mediaRef: { not: null } } })).toBe(2);
    await ahmed.press('My data');
    const files = (await ahmed.press('Download my data')).flatMap((m) => m.attachments ?? []);
    const exported = JSON.parse(new TextDecoder().decode(files[0]!.bytes));
    expect(exported.messages.map((m: { file: string | null }) => m.file)).toEqual(['voice', 'photo']);
    expect(JSON.stringify(exported)).not.toContain('AwACAgQAAxkBAAIBZ2voice'); // the export names the kind, never the handle
    await ahmed.press('Delete my data');
    await ahmed.press('Yes, delete my data');
    const left = await h.ponte.prisma.$queryRawUnsafe<Array<{ n: number }>>(`SELECT COUNT(*) AS n FROM "RelayMessage" WHERE "mediaRef" IS NOT NULL`);
    expect(Number(left[0]!.n)).toBe(0);
    expect(await h.ponte.prisma.relayMessage.count()).toBe(0);
    // What was still to be sent about them is gone (cancelled, or deleted by the erasure): nothing pending.
    expect((await outboxRows(h, { kind: 'relay' })).filter((r) => r.status === 'pending')).toEqual([]);
  });

  it('deletes replies still queued for their chat from before it was linked (they carry no person id)', async () => {
    const ahmed = h.chat('704', { channel: 'telegram' });
    await ahmed.say('/start');
    await ahmed.press('English');
    await ahmed.press('I agree');
    // A reply of the onboarding that could not go out yet (Telegram was down), quoting the name it learnt.
    await h.ponte.prisma.outboxMessage.create({
      data: { key: 'reply:telegram:704:queued-before-link', kind: 'reply', personId: null, channel: 'telegram', chatId: '704', seq: 1, priority: 0, dueAt: new Date(), payloadJson: JSON.stringify({ messages: [{ text: 'Welcome, Ahmed Hassan!' }] }) },
    });
    await ahmed.say(h.demo!.beneficiary[0]!);
    await ahmed.press('My data');
    await ahmed.press('Delete my data');
    await ahmed.press('Yes, delete my data');
    expect(await h.ponte.prisma.outboxMessage.count({ where: { key: 'reply:telegram:704:queued-before-link' } })).toBe(0);
    expect(await h.ponte.prisma.outboxMessage.count({ where: { payloadJson: { contains: 'Ahmed Hassan' } } })).toBe(0);
  });

  it("clears other people's open screens that quote the erased person (a tutor's inbox)", async () => {
    const ahmed = await link(h, 'ahmed2', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('Write to my tutor');
    await ahmed.say('my secret problem with my landlord');
    const tutor = await link(h, 'giulia', { tutor: 'T-0001' }, 'en');
    await tutor.press('Messages from beneficiaries');
    const tutorScreen = () => h.ponte.prisma.conversationState.findFirst({ where: { chatId: 'giulia' } });
    expect((await tutorScreen())?.dataJson).toContain('Ahmed Hassan');

    await ahmed.press('My data');
    await ahmed.press('Delete my data');
    await ahmed.press(/Yes/);

    const after = await tutorScreen();
    expect(after?.dataJson ?? '').not.toContain('Ahmed Hassan');
    expect(after?.dataJson ?? '').not.toContain('landlord');
    // The tutor's next message lands on the menu, not on a screen that remembers the person.
    expect(textOf(await tutor.say('/menu'))).toContain('Main menu');
  });
});
