/**
 * Glossary and tips content in the reader's language: their own if it exists, else English, else
 * Italian (the source). The content files are loaded and validated in bot/content.
 */
import { MAX_BUTTON_CHARS, type GlossaryEntry, type GlossaryFile, type TipsFile, type TipsTopic } from '../content/content.types';

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

const chars = (s: string) => [...s].length;

/**
 * The button for a glossary entry or a tip topic: its `label` if the content gives one, else the
 * term itself when it fits (MAX_BUTTON_CHARS), else the term without its explanation in brackets
 * ("Permanent contract (tempo indeterminato)" → "Permanent contract"), else the part before a dash
 * ("DID – Declaration of immediate availability" → "DID"). The full term is in the message.
 * Undefined when none fits: the content must then give a `label` (a test checks every file).
 */
export function shortLabel(item: { label?: string; term?: string; title?: string }): string | undefined {
  if (item.label) return item.label;
  const full = (item.term ?? item.title ?? '').trim();
  if (chars(full) <= MAX_BUTTON_CHARS) return full;
  const unbracketed = full.replace(/\s*\([^()]*\)\s*$/, '');
  if (unbracketed !== full && chars(unbracketed) <= MAX_BUTTON_CHARS) return unbracketed;
  const head = unbracketed.split(/\s+[–—-]\s+/)[0]!;
  return chars(head) <= MAX_BUTTON_CHARS ? head : undefined;
}

/** Button label of a glossary entry in the reader's language (falls back like the entry itself). */
export function glossaryButton(c: BeneficiaryContent, lang: string, id: string): string {
  const e = glossaryEntry(c, lang, id);
  return (e && shortLabel(e)) ?? id;
}

/** Button label of a tip topic in the reader's language. */
export function tipButton(c: BeneficiaryContent, lang: string, id: string): string {
  const t = tipsTopic(c, lang, id);
  return (t && shortLabel(t)) ?? id;
}

