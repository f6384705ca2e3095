import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentLoadError, DEFAULT_CONTENT_DIR, loadContent } from '../../bot/content/content.loader';
import { CONTENT_LANGUAGES, MAX_SCREEN_CHARS } from '../../core/content/content.types';
import { LANGUAGES } from '../../core/languages';

const content = loadContent();
const sourceGlossaryIds = Object.keys(content.glossary.it);
const sourceTopicIds = Object.keys(content.tips.it);

const REQUIRED_GLOSSARY = [
  'did', 'patto_servizio', 'pfi', 'pai', 'nulla_osta', 'cpi', 'tirocinio', 'indennita_tirocinio', 'permesso_soggiorno',
  'codice_fiscale', 'spid', 'tessera_sanitaria', 'busta_paga', 'contratto_tempo_determinato', 'contratto_tempo_indeterminato',
  'apprendistato', 'somministrazione', 'ccnl', 'inps', 'inail', 'isee', 'certificazione_unica', 'curriculum', 'europass',
  'ente_promotore', 'soggetto_ospitante', 'tutor', 'questura', 'protezione_internazionale', 'protezione_speciale',
];
const REQUIRED_TOPICS = [
  'cv_italian_europass', 'interview', 'where_offers', 'register_cpi', 'contract_types_rights', 'payslip', 'safety_at_work',
  'help_exploitation', 'language_courses', 'certify_skills', 'after_internship',
];

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
const HEBREW = /[\u0590-\u05FF]/;
const ETHIOPIC = /[\u1200-\u137F]/;
const BENGALI = /[\u0980-\u09FF]/;

function allText(lng: (typeof CONTENT_LANGUAGES)[number]): string {
  return JSON.stringify([content.glossary[lng], content.tips[lng]]);
}

describe('content files', () => {
  it('cover exactly the languages Ponte speaks', () => {
    expect([...CONTENT_LANGUAGES].sort()).toEqual(LANGUAGES.map((l) => l.code).sort());
  });

  it('Italian has every required glossary entry and tip topic', () => {
    expect(sourceGlossaryIds).toEqual(expect.arrayContaining(REQUIRED_GLOSSARY));
    expect(sourceTopicIds).toEqual(expect.arrayContaining(REQUIRED_TOPICS));
  });

  describe.each([...CONTENT_LANGUAGES])('%s', (lng) => {
    it('has every glossary entry of Italian and no other', () => {
      expect(Object.keys(content.glossary[lng]).sort()).toEqual([...sourceGlossaryIds].sort());
    });

    it('has every tip topic of Italian and no other', () => {
      expect(Object.keys(content.tips[lng]).sort()).toEqual([...sourceTopicIds].sort());
    });

    it('has non-empty fields', () => {
      for (const [id, e] of Object.entries(content.glossary[lng])) {
        expect(e.term.trim(), `${id}.term`).not.toBe('');
        expect(e.text.trim().length, `${id}.text`).toBeGreaterThan(20);
        expect(e.keywords.length, `${id}.keywords`).toBeGreaterThan(0);
        for (const k of e.keywords) expect(k.trim(), `${id}.keywords`).not.toBe('');
      }
      for (const [id, t] of Object.entries(content.tips[lng])) {
        expect(t.title.trim(), `${id}.title`).not.toBe('');
        expect(t.keywords.length, `${id}.keywords`).toBeGreaterThan(0);
        expect(t.screens.length, `${id}.screens`).toBeGreaterThanOrEqual(2);
        expect(t.screens.length, `${id}.screens`).toBeLessThanOrEqual(4);
        for (const s of t.screens) {
          expect(s.trim(), `${id}.screens`).not.toBe('');
          expect(s.length, `${id}.screens`).toBeLessThanOrEqual(MAX_SCREEN_CHARS);
        }
      }
    });

    it('writes in its own script', () => {
      const text = allText(lng);
      const info = LANGUAGES.find((l) => l.code === lng);
      if (info?.dir === 'rtl') {
        expect(ARABIC_SCRIPT.test(text)).toBe(true);
        expect(HEBREW.test(text)).toBe(false);
        // Every entry and topic, not just the file, carries right-to-left script.
        for (const e of Object.values(content.glossary[lng])) expect(ARABIC_SCRIPT.test(e.text)).toBe(true);
        for (const t of Object.values(content.tips[lng])) expect(t.screens.every((s) => ARABIC_SCRIPT.test(s))).toBe(true);
      }
      if (lng === 'ti') {
        expect(ETHIOPIC.test(text)).toBe(true);
        for (const e of Object.values(content.glossary.ti)) expect(ETHIOPIC.test(e.text)).toBe(true);
      }
      if (lng === 'bn') {
        expect(BENGALI.test(text)).toBe(true);
        for (const e of Object.values(content.glossary.bn)) expect(BENGALI.test(e.text)).toBe(true);
      }
      if (lng !== 'it') {
        // A translated text is not a copy of the Italian one.
        for (const id of sourceGlossaryIds) expect(content.glossary[lng][id]?.text).not.toBe(content.glossary.it[id]?.text);
      }
    });
  });

  it('help_exploitation gives the anti-trafficking number in every language', () => {
    for (const lng of CONTENT_LANGUAGES) expect(content.tips[lng].help_exploitation?.screens.join(' ')).toContain('800 290 290');
  });

  it('status marks every language except it and en as awaiting native review', () => {
    for (const lng of CONTENT_LANGUAGES) {
      const s = content.status[lng];
      expect(s, lng).toBeDefined();
      if (lng !== 'it' && lng !== 'en') {
        expect(s.reviewed, lng).toBe(false);
        expect(s.reviewer, lng).toBeNull();
        expect(s.notes.toLowerCase(), lng).toContain('native');
      }
    }
  });
});

describe('loadContent errors', () => {
  function copyContent(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-content-'));
    cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
    return dir;
  }

  it('names the file and the path of a bad field', () => {
    const dir = copyContent();
    const file = join(dir, 'glossary', 'ps.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.busta_paga.keywords[1] = '';
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadContent(dir)).toThrow(ContentLoadError);
    expect(() => loadContent(dir)).toThrow(/content\/glossary\/ps\.json[\s\S]*busta_paga\.keywords\[1\]/);
  });

  it('names a file with broken JSON', () => {
    const dir = copyContent();
    writeFileSync(join(dir, 'tips', 'so.json'), '{ "payslip": ');
    expect(() => loadContent(dir)).toThrow(/content\/tips\/so\.json[\s\S]*not valid JSON/);
  });

  it('names a missing entry id', () => {
    const dir = copyContent();
    const file = join(dir, 'glossary', 'ti.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    delete data.inail;
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadContent(dir)).toThrow(/content\/glossary\/ti\.json[\s\S]*inail: missing/);
  });

  it('names a screen that is too long', () => {
    const dir = copyContent();
    const file = join(dir, 'tips', 'en.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.interview.screens[2] = 'x'.repeat(MAX_SCREEN_CHARS + 1);
    writeFileSync(file, JSON.stringify(data));
    expect(() => loadContent(dir)).toThrow(/content\/tips\/en\.json[\s\S]*interview\.screens\[2\]/);
  });
});
