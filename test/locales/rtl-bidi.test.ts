/**
 * Right-to-left that reads right, checked with an implementation of the Unicode Bidirectional
 * Algorithm (bidi-js, UBA conformance-tested) rather than by eye: in Arabic, Urdu, Pashto and Dari
 * every line of what Ponte sends is laid out right to left (a chat app picks each paragraph's direction
 * from its first strong character, as the UBA's rules P2/P3 do), a label stays to the right of its
 * value, and only inserted values are isolated. Both every locale text rendered as the engine renders
 * it, and the messages of a real conversation through the engine.
 */
import bidiFactory from 'bidi-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { I18nextTranslator, readLocaleFiles } from '../../bot/i18n/translator';
import { isolate, orientMessage, RLM } from '../../core/conversation/bidi';
import { LANGUAGES } from '../../core/languages';
import type { OutgoingMessage } from '../../core/messages';
import { DEMO_BENEFICIARIES } from '../../bot/seed/demo.people';
import { createHarness, type Harness } from '../support/ponte-harness';

const bidi = bidiFactory();
const RTL = LANGUAGES.filter((l) => l.dir === 'rtl').map((l) => l.code);
const resources = readLocaleFiles();

/** Values as they reach sentences: Latin names, codes, phone numbers, dates with digits. */
const SAMPLE: Record<string, string> = { name: 'Ahmed Hassan', tutor: 'Giulia Ferrero', code: 'B-0042', phone: '+39 011 555 0101', email: 'giulia@ponte.example', company: 'Edilizia Sabauda srl', when: '30 Mar 09:00', date: '30/03/2026' };
const sampleFor = (p: string) => SAMPLE[p] ?? 'Ponte 12';

function flatten(obj: unknown, prefix = ''): Array<[string, string]> {
  if (typeof obj === 'string') return [[prefix, obj]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** A locale text as the engine sends it: every value isolated, then the message oriented. */
function render(template: string, orient = true): string {
  const text = template.replace(/{{\s*(\w+)[^}]*}}/g, (_m, p: string) => isolate(sampleFor(p)));
  return orient ? orientMessage({ text, dir: 'rtl' }).text : text;
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
/** The paragraph direction the UBA gives the line on its own (1 = right to left). */
const paragraphLevel = (line: string) => bidi.getEmbeddingLevels(line, 'auto').paragraphs[0]!.level;
const STRONG_RTL_START = /^[\u200F\u061C\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;

/** Visual position (0 = leftmost) of each logical character of a one-line text. */
function visualPositions(line: string): number[] {
  const levels = bidi.getEmbeddingLevels(line, 'auto');
  const order = bidi.getReorderedIndices(line, levels);
  const pos: number[] = [];
  order.forEach((logical, visual) => (pos[logical] = visual));
  return pos;
}

const texts = (lng: string) => Object.entries(resources[lng]!).flatMap(([ns, tree]) => flatten(tree).map(([k, v]) => [`${ns}:${k}`, v] as const));

describe.each(RTL)('%s locale texts, rendered', (lng) => {
  it('every line starts with a strong right-to-left character or mark, and is laid out right to left', () => {
    const wrong: string[] = [];
    for (const [key, template] of texts(lng)) {
      for (const line of lines(render(template))) {
        if (!STRONG_RTL_START.test(line) || paragraphLevel(line) !== 1) wrong.push(`${key}: ${JSON.stringify(line)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the check is not empty: without the anchors some lines would be laid out left to right', () => {
    const ltr = texts(lng).flatMap(([key, t]) => lines(render(t, false)).filter((l) => paragraphLevel(l) === 0).map(() => key));
    expect(ltr.length).toBeGreaterThan(0);
  });

  it('a label stays to the right of its value ("📞 Phone: +39…", "🆔 Code: B-0042")', () => {
    const labelled = texts(lng).filter(([, t]) => /^[^{}\n]*[\u0600-\u06FF][^{}\n]*[:：][ \t]*{{\s*\w+\s*}}$/.test(t));
    expect(labelled.length).toBeGreaterThan(5);
    for (const [key, template] of labelled) {
      const line = render(template);
      const pos = visualPositions(line);
      const label = line.search(/[\u0600-\u06FF]/);
      const value = line.indexOf('\u2068') + 1;
      expect(pos[label]!, `${key}: ${line}`).toBeGreaterThan(pos[value]!);
    }
  });

  it('only inserted values are isolated: the translations themselves carry no isolates', () => {
    expect(texts(lng).filter(([, t]) => /[\u2066-\u2069]/.test(t)).map(([k]) => k)).toEqual([]);
  });
});

it('texts that begin with a Latin word ("Ponte", "PUOI", "PAI") exist in Urdu, Pashto and Dari, and read right to left once anchored', () => {
  const latinStart = RTL.flatMap((lng) => texts(lng).filter(([, t]) => /^(Ponte|PUOI|PAI|PFI|CPI|DID)\b/.test(t)).map(([k, t]) => [lng, k, t] as const));
  expect(latinStart.length).toBeGreaterThan(0);
  for (const [lng, key, t] of latinStart) {
    const first = lines(render(t))[0]!;
    expect(paragraphLevel(lines(render(t, false))[0]!), `${lng} ${key} without anchor`).toBe(0);
    expect(first.startsWith(RLM), `${lng} ${key}`).toBe(true);
    expect(paragraphLevel(first), `${lng} ${key}`).toBe(1);
  }
});

it('a line made only of isolated values (the inbox line) reads right to left, the name right of the code', () => {
  const line = render('{{name}} ({{code}}) · {{when}}: {{preview}}');
  expect(paragraphLevel(render('{{name}} ({{code}}) · {{when}}: {{preview}}', false))).toBe(0);
  expect(paragraphLevel(line)).toBe(1);
  const pos = visualPositions(line);
  expect(pos[line.indexOf('Ahmed')]!).toBeGreaterThan(pos[line.indexOf('B-0042')]!);
});

describe('a conversation in each right-to-left language, through the engine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
  });
  afterAll(async () => h.close());

  const PEOPLE: Record<string, string> = { ar: 'B-0001', fa: 'B-0006', ur: 'B-0007', ps: 'B-0008' };

  it.each(RTL)('%s: every message and every button line is laid out right to left', async (lng) => {
    const translator = await I18nextTranslator.create();
    const t = (key: string) => translator.t(lng, key);
    const user = h.chat(`rtl-${lng}`);
    const seen: OutgoingMessage[] = [];
    const say = async (text: string) => seen.push(...(await user.say(text)));
    const press = async (label: string) => seen.push(...(await user.press(label)));
    await user.say('/start');
    await user.press(LANGUAGES.find((l) => l.code === lng)!.nativeName);
    await press(t('onboarding:consent.accept'));
    await say(h.demo!.beneficiary[DEMO_BENEFICIARIES.findIndex((b) => b.code === PEOPLE[lng])]!);
    for (const item of ['beneficiary:menu.path', 'beneficiary:buttons.tutor']) await press(t(item));
    await say('/menu');
    await press(t('appointments:menu.mine'));
    await say('/menu');
    await press(t('beneficiary:menu.data'));
    await say('PAI');
    await say('Ponte');
    await say('/menu');
    await say('the boss does not pay me on time');
    expect(seen.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const m of seen) {
      expect(m.dir).toBe('rtl');
      for (const line of [...lines(m.text), ...(m.choices ?? []).flat().map((c) => c.label)]) {
        if (!STRONG_RTL_START.test(line) || paragraphLevel(line) !== 1) wrong.push(JSON.stringify(line));
      }
    }
    expect(wrong).toEqual([]);
  });
});
