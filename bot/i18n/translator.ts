/**
 * The i18next translator behind the core's Translator port. Texts live in locales/<lng>/<ns>.json;
 * Italian is the source. A language is offered only if it has every namespace Italian has.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import type { Translator, TranslationParams } from '../../core/ports/translator';
import { LANGUAGES } from '../../core/languages';
import { projectPath } from '../project-paths';

export const LOCALES_DIR = projectPath('locales');
export const SOURCE_LANGUAGE = 'it';

/** Reads every locales/<lng>/<ns>.json into an i18next resource object. */
export function readLocaleFiles(dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    resources[lng] = {};
    for (const file of fs.readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      const full = path.join(dir, lng, file);
      try {
        resources[lng]![file.slice(0, -5)] = JSON.parse(fs.readFileSync(full, 'utf8'));
      } catch (err) {
        throw new Error(`Cannot read ${path.relative(process.cwd(), full)}: ${(err as Error).message}`);
      }
    }
  }
  return resources;
}

/** Enough for every parameterless text of every language (about 1,000 keys × 10 languages). */
const PLAIN_TEXTS_MAX = 50_000;

export class I18nextTranslator implements Translator {
  private readonly available: string[];
  private readonly plain = new Map<string, string>();

  private constructor(
    private readonly i18n: i18n,
    resources: Resource,
  ) {
    const source = Object.keys(resources[SOURCE_LANGUAGE] ?? {});
    this.available = LANGUAGES.map((l) => l.code).filter((code) => resources[code] && source.every((ns) => resources[code]![ns]));
  }

  static async create(dir = LOCALES_DIR): Promise<I18nextTranslator> {
    const resources = readLocaleFiles(dir);
    const instance = i18next.createInstance();
    await instance.init({
      resources,
      lng: SOURCE_LANGUAGE,
      fallbackLng: ['en', SOURCE_LANGUAGE],
      ns: Object.keys(resources[SOURCE_LANGUAGE] ?? {}),
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
    return new I18nextTranslator(instance, resources);
  }

  t(lng: string, key: string, params?: TranslationParams): string {
    if (params) return this.i18n.t(key, { lng, ...params }) as string;
    // Without parameters a text depends only on the language and the key (the resources are loaded
    // once): kept, since i18next resolves each call through its fallbacks and namespaces again, and a
    // screen renders dozens of labels (4 % of a turn's CPU in the channel benchmark).
    const id = `${lng}\u0000${key}`;
    let text = this.plain.get(id);
    if (text === undefined) {
      text = this.i18n.t(key, { lng }) as string;
      if (this.plain.size < PLAIN_TEXTS_MAX) this.plain.set(id, text);
    }
    return text;
  }

  languages(): readonly string[] {
    return this.available;
  }

  exists(lng: string, key: string): boolean {
    return this.i18n.exists(key, { lng });
  }
}
