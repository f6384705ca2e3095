/**
 * The Arabic demo beneficiary (Ahmed Hassan, B-0001) runs scripts/demo-beneficiary-ar.txt as in the
 * terminal: onboarding, my path, a glossary search, a tip, an appointment confirmation, the export.
 * Then a reminder goes out through the real outbox dispatcher and he confirms from it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../support/ponte-harness';
import { readScript, runScript, transcript } from '../core/beneficiary/script-runner';
import { link, personId } from '../core/appointments/journey-helpers';
import { createOutboxRuntime } from '../../bot/outbox/outbox.runtime';
import type { OutgoingMessage } from '../../core/messages';
import type { ChannelSender } from '../../core/ports/sender';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

describe('Ahmed Hassan in Arabic', () => {
  it('runs the demo script', async () => {
    const steps = await runScript(h, 'ahmed', readScript('demo-beneficiary-ar.txt', h.demo!.beneficiary[0]!));
    const out = (line: string) => steps.find((s) => s.line === line)!.output;
    const text = transcript(steps, 'demo-beneficiary-ar.transcript.txt');
    expect(text).toContain('أهلاً بك يا Ahmed Hassan');
    expect(out('🧭 مساري')).toContain('🔄 التدريب المهني (tirocinio): جارية');
    expect(out('🧭 مساري')).toContain('👉 الخطوة التالية:');
    expect(out('التدريب المهني (tirocinio)')).toContain('🏢 الشركة: Edilizia Sabauda srl');
    expect(out('قسيمة الراتب')).toContain('🇮🇹 بالإيطالية: Busta paga');
    expect(out('سيرة ذاتية')).toMatch(/💡 .*\(1\/\d\)/);
    expect(out('⬅️ التالي')).toMatch(/\(2\/\d\)/);
    expect(out('✅ سأحضر')).toContain('شكراً! يعرف مرشدك أنك ستحضر');
    expect(out('📥 تنزيل بياناتي')).toMatch(/📎 ponte-data-B-0001-2026-11-23\.json \(application\/json, \d+ bytes\)/);
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiary: { code: 'B-0001' } } });
    expect(a.response).toBe('confirmed');
  });

  it('gets a reminder through the outbox dispatcher at 08:00 (not 07:00) and confirms from it', async () => {
    const sent: Array<{ chatId: string; messages: OutgoingMessage[] }> = [];
    const sender: ChannelSender = { channel: 'console', send: async (target, messages) => (sent.push({ chatId: target.chatId, messages }), { ok: true }) };
    const runtime = createOutboxRuntime(h.ponte, { senders: { console: sender }, sleep: async () => undefined, random: () => 0 });
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    const giulia = await link(h, 'giulia', { tutor: 'T-0001' }, 'it');
    await giulia.press('📅 Appuntamenti');
    await giulia.press('➕ Nuovo appuntamento');
    await giulia.press('Ahmed Hassan (B-0001)');
    await giulia.press('Questura');
    await giulia.say('01/12 09:00');
    await giulia.say('Questura di Torino, Corso Vinzaglio 10, Torino');
    await giulia.say('passaporto, 2 foto');
    await giulia.press('✅ Conferma');
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { kind: 'questura' } });

    await runtime.dispatcher.drain(); // the "new appointment" notice, at once
    expect(sent.map((s) => s.chatId)).toEqual(['ahmed']);
    expect(textOf(sent[0]!.messages)).toContain('📅 لديك موعد جديد');
    sent.length = 0;

    h.clock.set('2026-11-30T08:00:00Z'); // 09:00 the day before
    await runtime.dispatcher.drain();
    expect(sent.map((s) => textOf(s.messages).split('\n')[0])).toEqual(['⏰ تذكير بموعدك']);
    sent.length = 0;
    h.clock.set('2026-12-01T06:59:00Z'); // 07:59 in Rome: the 2 h reminder (07:00 is quiet) waits for 08:00
    await runtime.dispatcher.drain();
    expect(sent).toEqual([]);
    h.clock.set('2026-12-01T07:00:00Z');
    await runtime.dispatcher.drain();
    const reminder = sent.find((s) => textOf(s.messages).includes('⏰ تذكير بموعدك'))!;
    expect(textOf(reminder.messages)).toContain('🎒 أحضر: passaporto, 2 foto');
    expect(textOf(reminder.messages)).toContain('الكويستورا');
    const confirm = reminder.messages.flatMap((m) => (m.choices ?? []).flat()).find((c) => c.label.includes('سأحضر'))!;
    expect(textOf(await ahmed.action(confirm.data))).toContain('يعرف مرشدك أنك ستحضر');
    expect((await h.ponte.prisma.appointment.findUniqueOrThrow({ where: { id: a.id } })).response).toBe('confirmed');
    const statuses = await h.ponte.prisma.outboxMessage.findMany({ where: { key: { startsWith: `appointment:${a.id}:` } }, select: { key: true, status: true } });
    expect(statuses.every((r) => r.status === 'sent')).toBe(true);
    void personId;
  });
});
