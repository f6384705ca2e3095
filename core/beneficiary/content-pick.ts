/**
 * Glossary and tips content in the reader's language: their own if it exists, else English, else
 * Italian (the source). The content files are loaded and validated in bot/content.
 */
import type { GlossaryEntry, GlossaryFile, TipsFile, TipsTopic } from '../content/content.types';

/** What the beneficiary module receives from bot/content/content.loader (`loadContent()`). */
export interface BeneficiaryContent {
  glossary: Partial<Record<string, GlossaryFile>>;
  tips: Partial<Record<string, TipsFile>>;
}

const ORDER = (lang: string) => [lang, 'en', 'it'];

export function glossaryEntry(c: BeneficiaryContent, lang: string, id: string): GlossaryEntry | undefined {
  for (const l of ORDER(lang)) {
    const e = c.glossary[l]?.[id];
    if (e) return e;
  }
  return undefined;
}

export function tipsTopic(c: BeneficiaryContent, lang: string, id: string): TipsTopic | undefined {
  for (const l of ORDER(lang)) {
    const e = c.tips[l]?.[id];
    if (e) return e;
  }
  return undefined;
}

/** Ids in the source's order (Italian), the order the content team chose. */
export const glossaryIds = (c: BeneficiaryContent) => Object.keys(c.glossary.it ?? c.glossary.en ?? {});
export const tipsIds = (c: BeneficiaryContent) => Object.keys(c.tips.it ?? c.tips.en ?? {});

/** The loaded files without holes, as the search functions want them. */
export function present<T>(files: Partial<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(files)) if (v) out[k] = v;
  return out;
}
