/**
 * Every button fits a phone: at most MAX_BUTTON_CHARS (30) characters in every language. Button texts
 * are found in the code itself (every `label: ctx.t('…')`, `labelKey: '…'`, including keys built
 * from a list like `appointments:kind.${k}`), so a new button is checked without anyone listing it;
 * buttons made from content (glossary terms, tip titles) are checked through the same rule the flows use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../bot/i18n/translator';
import { loadContent } from '../../bot/content/content.loader';
import { shortLabel } from '../../core/beneficiary/content-pick';
import { CONTENT_LANGUAGES, MAX_BUTTON_CHARS } from '../../core/content/content.types';

const ROOT = path.resolve(import.meta.dirname, '../..');
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s.replace(/[\u200E\u200F\u2066-\u2069]/g, ''))].length;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Button keys used in core/ and bot/, as patterns (a `${…}` part matches one key segment). */
function buttonKeys(): Map<string, RegExp> {
  const keys = new Map<string, RegExp>();
  const add = (key: string) => keys.set(key, new RegExp(`^${key.replace(/\./g, '\\.').replace(/\$\{[^}]+\}/g, '[^.]+')}$`));
  for (const file of [...sources(path.join(ROOT, 'core')), ...sources(path.join(ROOT, 'bot'))]) {
    const src = fs.readFileSync(file, 'utf8');
    // A button is `{ label: ctx.t('ns:key'), value|data: … }` (or r.t(cond ? 'ns:a' : 'ns:b')), without
    // parameters (those are names and counts); a form field's label (`name`, `kind`) is not a button.
    for (const m of src.matchAll(/label: *(?:ctx|r)\.t\(([^()]*)\),\s*(?:value|data):/g)) {
      if (/,\s*\{/.test(m[1]!)) continue;
      for (const k of m[1]!.matchAll(/['`]([a-z]+:[\w.${}]+)['`]/g)) add(k[1]!);
    }
    for (const m of src.matchAll(/labelKey: *'([a-z]+:[\w.]+)'/g)) add(m[1]!);
  }
  return keys;
}

function flatten(obj: unknown, prefix = ''): Array<[string, string]> {
  if (typeof obj === 'string') return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

const keys = buttonKeys();
const resources = readLocaleFiles();

describe('buttons fit a phone', () => {
  it('finds the buttons in the code (the check is not empty)', () => {
    expect(keys.size).toBeGreaterThan(60);
    for (const k of ['common:nav.back', 'relay:long.send', 'beneficiary:stop.yes', 'appointments:kind.${k}', 'relay:menu.write']) expect([...keys.keys()]).toContain(k);
  });

  it.each(Object.keys(resources))('%s: every button label is at most 30 characters', (lng) => {
    const all = Object.entries(resources[lng]!).flatMap(([ns, tree]) => flatten(tree).map(([k, v]) => [`${ns}:${k}`, v] as const));
    const long = all.filter(([k]) => [...keys.values()].some((re) => re.test(k))).filter(([, v]) => graphemes(v) > MAX_BUTTON_CHARS);
    expect(long.map(([k, v]) => `${k} (${graphemes(v)}): ${v}`).join('\n')).toBe('');
  });

  const content = loadContent();
  it.each([...CONTENT_LANGUAGES])('%s: every word of work and tip topic has a button label that fits', (lng) => {
    const items = [...Object.entries(content.glossary[lng]), ...Object.entries(content.tips[lng])];
    const bad = items.filter(([, e]) => {
      const label = shortLabel(e);
      return !label || graphemes(label) > MAX_BUTTON_CHARS;
    });
    expect(bad.map(([id, e]) => `${id}: ${'term' in e ? e.term : e.title}`).join('\n')).toBe('');
  });
});
