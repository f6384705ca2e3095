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
