/** Digest rendering with the real Italian and Arabic texts: who, how many, what to do; nothing empty. */
import { beforeAll, describe, expect, it } from 'vitest';
import { I18nextTranslator } from '../../../bot/i18n/translator';
import { renderDigest, MAX_LINES } from '../../../core/digests/digest.render';
import type { DigestFacts, Slice } from '../../../core/digests/digest.ports';
import { weekStart } from '../../../core/digests/tutor-reminders';

let tr: I18nextTranslator;
beforeAll(async () => {
  tr = await I18nextTranslator.create();
});

const none = { total: 0, items: [] };
const empty = (): DigestFacts => ({ missingReports: none, endingSoon: none, clearances: none, followUps: none, unreachable: none, inactive: none, declined: none });
/** What the source returns for a block: the first MAX_LINES items and the total. */
const slice = <T>(all: T[]): Slice<T> => ({ total: all.length, items: all.slice(0, MAX_LINES) });
const opts = { today: '2026-11-23', lang: 'it', timezone: 'Europe/Rome', scopeLabel: 'Piemonte' };
const t = (lang: string) => (key: string, params?: Record<string, string | number | boolean | undefined>) => tr.t(lang, key, params);

describe('renderDigest', () => {
  it('an empty daily digest is not sent; an empty weekly one says all is well', () => {
    expect(renderDigest(t('it'), empty(), { ...opts, kind: 'daily' })).toBeNull();
    expect(renderDigest(t('it'), empty(), { ...opts, kind: 'weekly' })![0]!.text).toContain('Niente in ritardo');
  });

  it('each block says who, how many and what to do, and lists at most MAX_LINES names', () => {
    const f = empty();
    f.missingReports = slice(Array.from({ length: 7 }, (_, i) => ({ tutor: { code: `T-000${i}`, fullName: `Tutor ${i}` }, beneficiaries: i + 1 })));
    f.clearances = slice([{ beneficiary: { code: 'B-0005', fullName: 'Mariam Tesfay' }, entity: 'Il Ponte', requestedOn: '2026-11-01', days: 22 }]);
    const [msg] = renderDigest(t('it'), f, { ...opts, kind: 'weekly' })!;
    expect(msg!.text).toContain('⏰ Tutor che non segnano ore da 7 giorni: 7');
    expect(msg!.text).toContain('• Tutor 0 (T-0000): 1 beneficiario senza ore');
    expect(msg!.text).toContain('• Tutor 1 (T-0001): 2 beneficiari senza ore');
    expect(msg!.text).toContain('…e altri 2');
    expect(msg!.text).not.toContain('Tutor 5');
    expect(msg!.text).toContain('Mariam Tesfay (B-0005), Il Ponte: chiesto il 1 nov 2026 (22 giorni fa)');
    expect(msg!.text.match(/👉/g)).toHaveLength(2);
    expect(MAX_LINES).toBe(5);
  });

  it('counts follow-ups (not tutors) in the title of the follow-up block, and says how many tutors are not shown', () => {
    const f = empty();
    const tutors = Array.from({ length: 8 }, (_, i) => ({ tutor: { code: `T-${i}`, fullName: `Tutor ${i}` }, count: 3, oldestDue: '2026-10-01' }));
    f.followUps = { ...slice(tutors), units: 24 };
    const text = renderDigest(t('it'), f, { ...opts, kind: 'weekly' })![0]!.text;
    expect(text).toContain('📞 Follow-up a 3, 6 o 12 mesi scaduti: 24');
    expect(text).toContain('…e altri 3');
  });

  it('uses Arabic plural forms', () => {
    const f = empty();
    f.inactive = slice([2, 5, 40].map((days, i) => ({ beneficiary: { code: `B-00${i}`, fullName: `N${i}` }, days })));
    const text = renderDigest(t('ar'), f, { ...opts, lang: 'ar', kind: 'weekly' })![0]!.text;
    expect(text).toContain('يومان');
    expect(text).toContain('5 أيام');
    expect(text).toContain('40 يومًا');
  });

  it('splits a long digest into messages under Telegram limit', () => {
    const f = empty();
    const long = 'N'.repeat(300);
    f.missingReports = slice(Array.from({ length: 5 }, (_, i) => ({ tutor: { code: `T-${i}`, fullName: long }, beneficiaries: 1 })));
    f.inactive = slice(Array.from({ length: 5 }, (_, i) => ({ beneficiary: { code: `B-${i}`, fullName: long }, days: 31 })));
    f.declined = slice(Array.from({ length: 5 }, (_, i) => ({ beneficiary: { code: `B-${i}`, fullName: long }, tutor: null, startsAt: new Date('2026-11-25T09:00:00Z') })));
    const msgs = renderDigest(t('it'), f, { ...opts, kind: 'weekly' })!;
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) expect(m.text.length).toBeLessThan(4096);
  });
});

describe('weekStart', () => {
  it('is the Monday of the local week, also across the DST change', () => {
    expect(weekStart(new Date('2026-11-27T08:00:00Z'), 'Europe/Rome')).toBe('2026-11-23');
    expect(weekStart(new Date('2026-11-22T23:30:00Z'), 'Europe/Rome')).toBe('2026-11-23'); // 00:30 Monday in Rome
    expect(weekStart(new Date('2026-03-29T22:30:00Z'), 'Europe/Rome')).toBe('2026-03-30');
  });
});
