/**
 * Every text key the beneficiary journey uses exists in Italian, English, French and Arabic (static
 * keys read from the source, dynamic ones enumerated from the domain), plurals work in each language
 * with the engine's right-to-left isolation, and the translation status file lists every language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { I18nextTranslator } from '../../../bot/i18n/translator';
import { LANGUAGES, isRtl } from '../../../core/languages';
import { isolate } from '../../../core/conversation/bidi';
import { plural, formatDateTime, formatDay } from '../../../core/beneficiary/locale-format';
import { PATH_PHASES, SERVICE_AREAS } from '../../../core/programme/programme';
import { APPOINTMENT_KINDS, APPOINTMENT_RESPONSES } from '../../../core/appointments/appointment.types';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DIRS = ['core/beneficiary', 'core/appointments', 'core/relay'];
const LANGS = ['it', 'en', 'fr', 'ar'];

function staticKeys(): string[] {
  const keys = new Set<string>();
  for (const dir of DIRS) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).filter((x) => x.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      for (const m of src.matchAll(/'((?:beneficiary|appointments|relay|common):[A-Za-z.]+)'/g)) keys.add(m[1]!);
    }
  }
  return [...keys];
}

const PLURALS = ['beneficiary:internship.monthsDone', 'beneficiary:data.appointments', 'beneficiary:data.messages', 'appointments:mine.more', 'relay:inbox.title'];

function dynamicKeys(): string[] {
  return [
    ...PATH_PHASES.flatMap((p) => ['name', 'meaning', 'todo'].map((k) => `beneficiary:phase.${p}.${k}`)),
    ...SERVICE_AREAS.map((a) => `beneficiary:area.${a}`),
    ...['not_started', 'in_progress', 'done'].map((s) => `beneficiary:status.${s}`),
    ...['clearance_requested', 'clearance_granted', 'clearance_refused', 'not_activated', 'activated', 'in_progress', 'concluded', 'ceased', 'cancelled'].map((s) => `beneficiary:internship.status.${s}`),
    ...['reception', 'orientation', 'clearanceWait', 'clearanceRefused', 'findCompany', 'internship', 'jobSearch', 'talkToTutor', 'done'].map((k) => `beneficiary:next.${k}`),
    ...['international_protection', 'humanitarian', 'special_case', 'special_protection', 'ex_unaccompanied_minor'].map((c) => `beneficiary:category.${c}`),
    ...APPOINTMENT_KINDS.map((k) => `appointments:kind.${k}`),
    ...APPOINTMENT_RESPONSES.flatMap((r) => [`appointments:response.${r}`, `appointments:marker.${r}`]),
    ...['format', 'invalid_date', 'past', 'too_far'].map((e) => `appointments:errors.${e}`),
    ...['new', 'moved', 'cancelled'].map((w) => `appointments:notice.${w}`),
  ];
}

let t: I18nextTranslator;
beforeAll(async () => {
  t = await I18nextTranslator.create();
});

describe('beneficiary journey texts', () => {
  it('are offered in it, en, fr and ar', () => {
    expect(t.languages()).toEqual(expect.arrayContaining(LANGS));
  });

  it.each(LANGS)('%s has every key the code uses', (lng) => {
    const keys = [...staticKeys().filter((k) => !PLURALS.includes(k)), ...dynamicKeys()];
    expect(keys.length).toBeGreaterThan(150);
    expect(keys.filter((k) => !t.exists(lng, k))).toEqual([]);
    // i18next would quietly fall back to English or Italian: check the language's own file too.
    const own = keys.filter((k) => {
      const [ns, rest] = k.split(':') as [string, string];
      const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lng, `${ns}.json`), 'utf8'));
      return rest.split('.').reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), file) === undefined;
    });
    expect(own, `${lng}: keys only found through fallback`).toEqual([]);
  });

  it.each(LANGS)('%s plurals pick the right form even with right-to-left isolation', (lng) => {
    const rtl = isRtl(lng);
    // The engine isolates every value in a right-to-left sentence, `count` included.
    const ctx = { lang: lng, t: (k: string, p?: Record<string, string | number | boolean | undefined>) => t.t(lng, k, rtl && p ? { ...p, count: isolate(String(p.count)) } : p) };
    for (const key of PLURALS) {
      for (const n of [0, 1, 2, 3, 11, 100]) {
        const text = plural(ctx, key, n);
        expect(text, `${lng} ${key} ${n}`).not.toMatch(/_(zero|one|two|few|many|other)$|^[a-z]+\./);
      }
    }
    if (lng === 'ar') {
      expect(plural(ctx, 'beneficiary:internship.monthsDone', 2)).toBe('📈 مضى شهران');
      expect(plural(ctx, 'beneficiary:internship.monthsDone', 3)).toBe('📈 مضت \u20683\u2069 أشهر');
      expect(plural(ctx, 'beneficiary:internship.monthsDone', 11)).toBe('📈 مضى \u206811\u2069 شهراً');
    }
  });

  it('writes counts in the digits the language uses for dates and hours (no 1 next to ۱۶)', () => {
    const ctx = (lng: string) => ({ lang: lng, t: (k: string, p?: Record<string, string | number | boolean | undefined>) => t.t(lng, k, p) });
    expect(plural(ctx('fa'), 'beneficiary:internship.monthsDone', 3)).toContain('۳');
    expect(plural(ctx('ps'), 'beneficiary:data.appointments', 12)).toContain('۱۲');
    expect(plural(ctx('bn'), 'beneficiary:data.messages', 2)).toContain('২');
    expect(plural(ctx('fa'), 'beneficiary:data.appointments', 3)).not.toMatch(/[0-9]/);
    expect(plural(ctx('en'), 'beneficiary:data.appointments', 1200)).toBe('📅 1200 appointments');
    expect(plural(ctx('ar'), 'beneficiary:internship.monthsDone', 3)).toBe('📈 مضت 3 أشهر');
  });

  it('formats dates in the Gregorian calendar and a 24-hour clock for every language', () => {
    const at = new Date('2026-03-30T07:00:00Z');
    for (const l of LANGUAGES) {
      const s = formatDateTime(at, l.code, 'Europe/Rome');
      expect(s, l.code).toMatch(/(09|٠٩|۰۹|০৯)[:.٫](00|٠٠|۰۰|০০)/);
    }
    expect(formatDay('2026-03-30', 'fa')).toMatch(/2026|۲۰۲۶/);
    expect(formatDay('not a date', 'en')).toBe('—');
  });

  it('the translation status file covers every language and marks what awaits review', () => {
    const status = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'STATUS.json'), 'utf8')) as Record<string, { reviewed: boolean; reviewer: string | null; notes: string }>;
    expect(Object.keys(status).sort()).toEqual(LANGUAGES.map((l) => l.code).sort());
    for (const [lng, s] of Object.entries(status)) {
      expect(typeof s.reviewed, lng).toBe('boolean');
      expect(s.notes.length, lng).toBeGreaterThan(10);
      if (s.reviewed) expect(s.reviewer, lng).not.toBeNull();
    }
  });
});
