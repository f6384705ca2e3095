/**
 * Free text: the matcher on its own (a table over the ten languages, with the real locale keywords and
 * content), then through the real engine at the menu and on other screens: an intent opens its screen,
 * a word or a tip is answered with the others as buttons, small talk is answered, anything else is
 * offered to the tutor and sent only after the confirmation.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { I18nextTranslator } from '../../../bot/i18n/translator';
import { loadContent } from '../../../bot/content/content.loader';
import { intentIndex, matchFreeText, type FreeTextSources } from '../../../core/beneficiary/free-text.matcher';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { link } from '../appointments/journey-helpers';

let sources: FreeTextSources;
beforeAll(async () => {
  const content = loadContent();
  sources = { intents: intentIndex(await I18nextTranslator.create()), glossary: content.glossary, tips: content.tips };
});

const best = (text: string) => {
  const [hit] = matchFreeText(text, sources);
  return hit ? `${hit.kind}:${hit.id}` : 'none';
};

describe('the matcher', () => {
  it.each([
    ['when is my next appointment?', 'intent:appointments'],
    ['Quando è il mio prossimo appuntamento?', 'intent:appointments'],
    ['quand est mon prochain rendez-vous ?', 'intent:appointments'],
    ['متى موعدي القادم؟', 'intent:appointments'],
    ['میری ملاقات کب ہے؟', 'intent:appointments'],
    ['আমার অ্যাপয়েন্টমেন্ট কবে?', 'intent:appointments'],
    ['زما ملاقات کله دی؟', 'intent:appointments'],
    ['ملاقات من کی است؟', 'intent:appointments'],
    ['ቆጸራይ መዓስ እዩ?', 'intent:appointments'],
    ['goorma ayay ballantaydu tahay?', 'intent:appointments'],
    ['busta paga', 'glossary:busta_paga'],
    ['bustapaga', 'glossary:busta_paga'],
    ['ho un problema con la busta paga', 'glossary:busta_paga'],
    ['fiche de paie', 'glossary:busta_paga'],
    ['قسيمة الراتب', 'glossary:busta_paga'],
    ['permesso di soggiorno scaduto', 'glossary:permesso_soggiorno'],
    ['where do I find job offers', 'tip:where_offers'],
    ['I have a question about my contract', 'tip:contract_types_rights'],
    ['who is my tutor', 'intent:tutor'],
    ['I want to talk to my tutor', 'intent:write'],
    ['أريد أن أكتب إلى مرشدي', 'intent:write'],
    ['stop reminders please', 'intent:stopReminders'],
    ['my hours', 'intent:path'],
    ['ho bisogno di aiuto', 'intent:help'],
    ['ciao', 'intent:greeting'],
    ['السلام عليكم', 'intent:greeting'],
    ['ሰላም', 'intent:greeting'],
    ['grazie mille', 'intent:thanks'],
    // A greeting inside a longer text is not the point of it: the appointment (or the tutor) is.
    ['ciao, quando è il mio appuntamento?', 'intent:appointments'],
    ["Bonjour, j'ai perdu mon badge.", 'none'],
    ['the boss does not pay me on time', 'none'],
    ['3 ore tutoraggio Ahmed ieri', 'none'],
    ['🙂🙂🙂', 'none'],
    ['\u200B\u2066\uFEFF', 'none'],
    ['٣٣٣٣ ٣٣٣٣', 'none'],
  ])('%s → %s', (text, want) => expect(best(text)).toBe(want));

  it('lists other close matches after the answer, never small talk', () => {
    const hits = matchFreeText('ciao, busta paga', sources);
    expect(hits[0]).toMatchObject({ kind: 'glossary', id: 'busta_paga' });
    expect(hits.slice(1).map((h) => `${h.kind}:${h.id}`)).toContain('tip:payslip');
    expect(hits.some((h) => h.kind === 'intent' && h.id === 'greeting')).toBe(false);
  });

  it('copes with a very long text quickly enough to answer', () => {
    expect(matchFreeText('busta paga '.repeat(2000), sources)[0]).toMatchObject({ id: 'busta_paga' });
  });
});

describe('at the menu and elsewhere', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
  });
  afterEach(async () => h.close());

  it('opens the appointments for "when is my next appointment?"', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    expect(textOf(await ahmed.say('when is my next appointment?'))).toContain('Your next appointments');
  });

  it('answers "busta paga" with the word, the tip as a button, and goes on from there', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    expect(textOf(await ahmed.say('busta paga'))).toContain('🇮🇹 بالإيطالية: Busta paga');
    const tip = ahmed.buttons().find((b) => b.label.includes('قسيمة الراتب') || b.label.includes('الراتب'))!;
    expect(tip).toBeDefined();
    expect(textOf(await ahmed.action(tip.data))).toMatch(/💡 .*\(1\/\d\)/);
  });

  it('answers a question typed on a screen where text has no other meaning', async () => {
    const fatima = await link(h, 'fatima', { beneficiary: 'B-0002' }, 'fr');
    await fatima.press('🔐 Mes données');
    expect(textOf(await fatima.say('fiche de paie'))).toContain('📖 Busta paga');
  });

  it('greets back, and helps with "مساعدة" typed alone (a command word in Arabic)', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'it');
    expect(textOf(await ahmed.say('ciao'))).toContain('👋 Ciao, Ahmed Hassan!');
    expect(textOf(await ahmed.say('مساعدة'))).toContain('Puoi vedere il tuo percorso');
  });

  it('offers what it cannot answer to the tutor, and sends it only after the confirmation', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    expect(textOf(await ahmed.say('the boss does not pay me on time'))).toContain('Do you want to send your message to Giulia Ferrero?');
    expect(await h.ponte.prisma.relayMessage.count()).toBe(0);
    expect(textOf(await ahmed.press('No, thanks'))).toContain('nothing was sent');
    expect(await h.ponte.prisma.relayMessage.count()).toBe(0);
    await ahmed.say('the boss does not pay me on time');
    expect(textOf(await ahmed.press('Send to my tutor'))).toContain('Sent to Giulia Ferrero');
    expect((await h.ponte.prisma.relayMessage.findFirstOrThrow({})).text).toBe('the boss does not pay me on time');
  });

  it('a long text typed at the menu waits for its other parts, then is offered whole', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    expect(textOf(await ahmed.say('x'.repeat(4096)))).toContain('I received a long message (4096 characters)');
    expect(textOf(await ahmed.say('the end'))).toContain('Do you want to send your message to Giulia Ferrero?');
    await ahmed.press('Send to my tutor');
    expect((await h.ponte.prisma.relayMessage.findFirstOrThrow({})).text).toBe(`${'x'.repeat(4096)}\nthe end`);
  });

  it('"stop" asks first, then stops the reminders (it no longer means "cancel")', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const pending = () => h.ponte.prisma.outboxMessage.count({ where: { kind: 'appointment_reminder', status: 'pending' } });
    const before = await pending();
    expect(textOf(await ahmed.say('stop'))).toContain('Stop the reminders of your appointments?');
    expect(textOf(await ahmed.press('No, keep them'))).toContain('reminders stay on');
    expect(await pending()).toBe(before);
    expect(textOf(await ahmed.say('توقف'))).toContain('Stop the reminders');
    expect(textOf(await ahmed.press('Yes, stop them'))).toContain('Reminders are off');
    expect((await h.ponte.prisma.person.findUniqueOrThrow({ where: { code: 'B-0001' } })).remindersEnabled).toBe(false);
    expect(textOf(await ahmed.say('stop'))).toContain('Reminders are already off');
  });

  it('"stop" for a tutor still cancels what they were doing', async () => {
    const giulia = await link(h, 'giulia', { tutor: 'T-0001' }, 'en');
    await giulia.press('📅 Appointments');
    expect(textOf(await giulia.say('stop'))).toContain('Cancelled.');
  });
});
