/**
 * "Talk to my tutor" end to end: the beneficiary's message reaches the tutor through the outbox
 * (urgent, with who sent it and a Reply button), the tutor answers from the button or the inbox,
 * and the answer comes back to the beneficiary's chat.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { allText, buttonData, link, outboxRows, personId, renderRow } from '../appointments/journey-helpers';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

describe('talk to my tutor', () => {
  it('delivers the message to the tutor with who sent it, and the answer back', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    await ahmed.press('✍️ اكتب إلى مرشدي');
    expect(textOf(await ahmed.say('مرحباً، هل يمكنني تغيير موعد الغد؟'))).toContain('أُرسلت إلى Giulia Ferrero');
    const giuliaId = await personId(h, 'T-0001');
    const [row] = await outboxRows(h, { kind: 'relay', personId: giuliaId });
    expect(row).toMatchObject({ priority: 0, status: 'pending', dueAt: h.clock.now() });
    const message = await h.ponte.prisma.relayMessage.findFirstOrThrow({});
    expect(row!.key).toBe(`relay:${message.id}`);
    expect(row!.payloadJson).not.toContain('مرحباً'); // the row holds ids; the text is read at send time

    const toTutor = await renderRow(h, row!.key);
    expect(allText(toTutor)).toContain('Messaggio da Ahmed Hassan (B-0001)');
    expect(allText(toTutor)).toContain('مرحباً، هل يمكنني تغيير موعد الغد؟');
    const reply = buttonData(toTutor).find((b) => b.label.includes('Rispondi'))!;
    expect(Buffer.byteLength(reply.data)).toBeLessThanOrEqual(64);

    const giulia = await link(h, 'giulia', { tutor: 'T-0001' }, 'it');
    expect(textOf(await giulia.action(reply.data))).toContain('Scrivi la tua risposta per Ahmed Hassan');
    expect(textOf(await giulia.say('Sì, ti chiamo io alle 15.'))).toContain('Risposta inviata a Ahmed Hassan');
    expect((await h.ponte.prisma.relayMessage.findUniqueOrThrow({ where: { id: message.id } })).readAt).toEqual(h.clock.now());

    const [back] = await outboxRows(h, { kind: 'relay', personId: await personId(h, 'B-0001') });
    const toAhmed = await renderRow(h, back!.key);
    expect(allText(toAhmed)).toContain('رد من مرشدك Giulia Ferrero');
    expect(allText(toAhmed)).toContain('Sì, ti chiamo io alle 15.');
    expect(toAhmed![0]!.text).toContain('\u2068Giulia Ferrero\u2069');
    // "Write back" opens the beneficiary's write screen again.
    expect(textOf(await ahmed.action(buttonData(toAhmed)[0]!.data))).toContain('اكتب رسالتك إلى Giulia Ferrero');
  });

  it('lists unread messages in the tutor inbox and marks one read when opened', async () => {
    const fatima = await link(h, 'fatima', { beneficiary: 'B-0002' }, 'fr');
    await fatima.press('Écrire à mon tuteur');
    await fatima.say("Bonjour, j'ai perdu mon badge.");
    const giulia = await link(h, 'giulia', { tutor: 'T-0001' }, 'en');
    const inbox = await giulia.press('📨 Messages from beneficiaries');
    expect(textOf(inbox)).toContain('1 unread message');
    // The details are in the message; the button names the sender, short enough for a phone.
    expect(textOf(inbox)).toMatch(/1\. Fatima Diallo \(B-0002\) · .*: Bonjour, j'ai perdu mon badge\./);
    await giulia.press('1. Fatima Diallo');
    expect(giulia.lastText()).toContain("Bonjour, j'ai perdu mon badge.");
    expect(await h.ponte.prisma.relayMessage.count({ where: { readAt: null } })).toBe(0);
    await giulia.press('Reply');
    await giulia.say('Ask at the reception desk.');
    expect(await h.ponte.prisma.relayMessage.count({ where: { replyToId: { not: null } } })).toBe(1);
  });

  it('waits for the end of the quiet hours of the recipient', async () => {
    h.clock.set('2026-11-23T22:30:00Z'); // 23:30 in Rome
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('Write to my tutor');
    await ahmed.say('Good night, one question for tomorrow.');
    const [row] = await outboxRows(h, { kind: 'relay' });
    expect(row!.dueAt.toISOString()).toBe('2026-11-24T07:00:00.000Z'); // 08:00 in Rome
  });

  it('refuses empty or too long messages without saving anything', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('Write to my tutor');
    expect(textOf(await ahmed.say('   '))).toContain('empty or too long');
    // Telegram splits a long text into parts of 4096: four of them and a last one make 16,400 characters.
    for (let i = 0; i < 4; i++) expect(textOf(await ahmed.say('x'.repeat(4096)))).toContain('I received a long message');
    expect(textOf(await ahmed.say('the end'))).toContain('at most 12000 letters');
    expect(await h.ponte.prisma.relayMessage.count()).toBe(0);
    expect(await h.ponte.prisma.outboxMessage.count({ where: { kind: 'relay' } })).toBe(0);
  });

  it('a tutor cannot answer a message addressed to another tutor', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('Write to my tutor');
    await ahmed.say('Hello');
    const message = await h.ponte.prisma.relayMessage.findFirstOrThrow({});
    const marco = await link(h, 'marco', { tutor: 'T-0002' }, 'en');
    expect(textOf(await marco.action(`rl:r:${message.id}`))).toContain('not for you');
    expect(await h.ponte.prisma.relayMessage.count()).toBe(1);
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'relay_refused', subjectId: message.id } })).toBe(1);
  });
});
