/**
 * Words of work and job-search tips through the chat: the payslip entry is found from English,
 * Italian, French and Arabic keywords and shown in the reader's language with the Italian term;
 * tips are short screens with next/previous, reachable by menu and by keyword.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { link } from '../appointments/journey-helpers';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true });
});
afterEach(async () => h.close());

describe('words of work', () => {
  it.each([
    ['en', '📖 Words of work', 'payslip'],
    ['en', '📖 Words of work', 'busta paga'],
    ['en', '📖 Words of work', 'fiche de paie'],
    ['en', '📖 Words of work', 'قسيمة الراتب'],
    ['it', '📖 Parole del lavoro', 'payslip'],
    ['fr', '📖 Mots du travail', 'قسيمة الراتب'],
    ['ar', '📖 كلمات العمل', 'payslip'],
  ])('in %s, "%s" → the payslip entry', async (lang, menu, query) => {
    const user = await link(h, `u-${lang}`, { beneficiary: 'B-0001' }, lang);
    await user.press(menu);
    const text = textOf(await user.say(query));
    expect(text).toContain('📖 ');
    expect(text.toLowerCase()).toMatch(/busta paga/);
    if (lang !== 'it') expect(text).toContain('Busta paga'); // the Italian term, as on the document
  });

  it('offers a choice when a word matches several entries, and says when nothing matches', async () => {
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'en');
    await user.press('Words of work');
    const none = textOf(await user.say('zzqx'));
    expect(none).toContain('I found nothing for “zzqx”');
    const contract = await user.say('contract');
    const text = textOf(contract);
    expect(text.includes('I found these words') || text.includes('📖 ')).toBe(true);
  });

  it('quotes a very long search back cut to 100 characters, without a dangling space', async () => {
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'en');
    await user.press('Words of work');
    // Ten-letter words: the cut falls right after a space.
    const text = textOf(await user.say('contratto '.repeat(200)));
    expect(text).toContain(`“${'contratto '.repeat(9)}contratto”`);
    expect(text).not.toMatch(/\s”/);
    await user.say('/menu');
    await user.press('💡 Job-search tips');
    const none = textOf(await user.say('zzqx '.repeat(50)));
    expect(none).toContain('I found no tip for “zzqx');
    expect(none).not.toMatch(/\s”/);
  });

  it('browses all words page by page', async () => {
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'en');
    await user.press('Words of work');
    const first = user.buttons().map((b) => b.label);
    await user.press('More ➡️');
    const second = user.buttons().map((b) => b.label);
    expect(second).not.toEqual(first);
    expect(second).toContain('⬅️ Previous');
    await user.press(second[0]!);
    expect(user.lastText()).toContain('📖 ');
  });

  it('on a later page, "previous page" and "back" are two different buttons (Italian, Tigrinya)', async () => {
    // Both were "⬅️ Indietro" in Italian (and the same word in Tigrinya): two identical buttons, and a
    // typed or Teams-sent "⬅️ Indietro" could only ever mean "back".
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'it');
    await user.press('📖 Parole del lavoro');
    await user.press('Altre ➡️');
    const labels = user.buttons().map((b) => b.label);
    expect(labels).toContain('⬅️ Precedente');
    expect(labels).toContain('⬅️ Indietro');
    expect(new Set(labels).size).toBe(labels.length);
    expect(textOf(await user.press('⬅️ Precedente'))).toContain('📖 Parole del lavoro');
    expect(user.buttons().map((b) => b.label)).toContain('Altre ➡️');
  });

  it.each(['it', 'en', 'fr', 'ar', 'ur', 'bn', 'ps', 'fa', 'ti', 'so'])('in %s, the paging buttons read differently from Back and Menu', (lang) => {
    const t = (key: string) => h.ponte.translator.t(lang, key).replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();
    const nav = [t('common:nav.back'), t('common:nav.menu')];
    for (const key of ['beneficiary:buttons.previous', 'beneficiary:buttons.next', 'beneficiary:buttons.more']) expect(nav, key).not.toContain(t(key));
  });
});

describe('job-search tips', () => {
  it('lists topics, shows short screens with next and previous', async () => {
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'en');
    await user.press('💡 Job-search tips');
    const topics = user.buttons().map((b) => b.label);
    expect(topics.length).toBeGreaterThanOrEqual(10);
    const first = textOf(await user.press(topics[0]!));
    expect(first).toMatch(/\(1\/\d\)/);
    const second = textOf(await user.press('Next ➡️'));
    expect(second).toMatch(/\(2\/\d\)/);
    expect(textOf(await user.press('⬅️ Previous'))).toBe(first);
    for (const reply of [first, second]) expect(reply.length).toBeLessThan(1200);
  });

  it('finds a topic by keyword in any language', async () => {
    const user = await link(h, 'u', { beneficiary: 'B-0001' }, 'ar');
    await user.press('💡 نصائح للبحث عن عمل');
    expect(textOf(await user.say('curriculum'))).toMatch(/\(1\/\d\)/);
    await user.say('/menu');
    await user.press('💡 نصائح للبحث عن عمل');
    expect(textOf(await user.say('xyzzy'))).toContain('لم أجد نصيحة');
  });
});
