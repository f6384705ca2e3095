/**
 * Every locale must have every key and every {{placeholder}} of the Italian source. Plural keys are
 * compared by their base (each language has its own plural categories: Arabic six, Italian two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, readLocaleFiles, SOURCE_LANGUAGE, I18nextTranslator } from '../../bot/i18n/translator';
import { LANGUAGES } from '../../core/languages';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const resources = readLocaleFiles();
const source = resources[SOURCE_LANGUAGE]!;
const languages = Object.keys(resources).filter((l) => l !== SOURCE_LANGUAGE);

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'string') out.set(key, v);
      else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    }
  }
  return out;
}

/** Base key → union of placeholders over its plural forms. */
function keysWithPlaceholders(ns: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, value] of flatten(ns)) {
    const base = key.replace(PLURAL, '');
    const set = out.get(base) ?? new Set<string>();
    for (const m of value.matchAll(/{{\s*([\w.]+)[^}]*}}/g)) set.add(m[1]!);
    out.set(base, set);
  }
  return out;
}

function pluralCategories(lng: string): string[] {
  return new Intl.PluralRules(lng).resolvedOptions().pluralCategories as string[];
}

describe('locale parity with Italian', () => {
  it('has the four foundation languages at least', () => {
    expect(Object.keys(resources)).toEqual(expect.arrayContaining(['it', 'en', 'fr', 'ar']));
  });

  it('every locale folder is a language Ponte lists', () => {
    for (const lng of Object.keys(resources)) expect(LANGUAGES.map((l) => l.code)).toContain(lng);
  });

  describe.each(languages)('%s', (lng) => {
    it.each(Object.keys(source))('namespace %s: same keys and placeholders', (ns) => {
      const want = keysWithPlaceholders(source[ns]);
      const have = keysWithPlaceholders(resources[lng]![ns]);
      const missing = [...want.keys()].filter((k) => !have.has(k));
      expect(missing, `${lng}/${ns}.json is missing keys`).toEqual([]);
      const extra = [...have.keys()].filter((k) => !want.has(k));
      expect(extra, `${lng}/${ns}.json has keys Italian does not have`).toEqual([]);
      for (const [key, placeholders] of want) {
        expect([...(have.get(key) ?? [])].sort(), `${lng}/${ns}.json ${key} placeholders`).toEqual([...placeholders].sort());
      }
    });

    it.each(Object.keys(source))('namespace %s: plural keys cover the language plural categories', (ns) => {
      const flat = flatten(resources[lng]![ns]);
      const bases = new Set([...flatten(source[ns]).keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of bases) {
        for (const cat of pluralCategories(lng)) expect(flat.has(`${base}_${cat}`), `${lng}/${ns}.json ${base}_${cat}`).toBe(true);
      }
    });

    it.each(Object.keys(source))('namespace %s: no empty texts', (ns) => {
      for (const [key, value] of flatten(resources[lng]![ns])) expect(value.trim(), `${lng}/${ns}.json ${key}`).not.toBe('');
    });
  });

  it.each(Object.keys(source))('Italian itself: namespace %s covers its plural categories (a million is "many")', (ns) => {
    const flat = flatten(source[ns]);
    const bases = new Set([...flat.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    for (const base of bases) {
      for (const cat of pluralCategories(SOURCE_LANGUAGE)) expect(flat.has(`${base}_${cat}`), `it/${ns}.json ${base}_${cat}`).toBe(true);
    }
  });

  it('right-to-left locales are written in their script', () => {
    for (const lng of LANGUAGES.filter((l) => l.dir === 'rtl' && resources[l.code]).map((l) => l.code)) {
      const all = Object.values(resources[lng]!).map((ns) => [...flatten(ns).values()].join(' ')).join(' ');
      const arabicScript = (all.match(/[\u0600-\u06FF]/g) ?? []).length;
      const latin = (all.match(/[A-Za-z]/g) ?? []).length;
      expect(arabicScript, `${lng} should be mostly Arabic script`).toBeGreaterThan(latin);
    }
  });

  it('offers only complete languages', async () => {
    const t = await I18nextTranslator.create();
    for (const lng of t.languages()) {
      for (const ns of Object.keys(source)) expect(fs.existsSync(path.join(LOCALES_DIR, lng, `${ns}.json`))).toBe(true);
    }
    expect(t.languages()).toEqual(expect.arrayContaining(['it', 'en', 'fr', 'ar']));
  });
});
