/** Typed text against the current screen's buttons, and parameters isolated for right-to-left texts. */
import type { TranslationParams } from '../ports/translator';
import { isolate, needsIsolation } from './bidi';

/** Matches typed text to a button of the current screen: its label, or (for screens without free text) its number. */
export function matchChoice(choices: ReadonlyArray<readonly [string, string]>, text: string, allowNumber: boolean): string | undefined {
  const norm = (s: string) => s.normalize('NFKC').replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '').trim().toLowerCase();
  const typed = norm(text);
  const byLabel = choices.find(([label]) => norm(label) === typed);
  if (byLabel) return byLabel[1];
  if (allowNumber && /^\d{1,2}$/.test(typed)) return choices[Number(typed) - 1]?.[1];
  return undefined;
}

export function isolateParams(params: TranslationParams | undefined, rtl: boolean): TranslationParams | undefined {
  if (!params) return params;
  const out: TranslationParams = {};
  for (const [k, v] of Object.entries(params)) {
    // `count` must stay a number: i18next picks the plural form from it (a digit run needs no isolation).
    if (k === 'count') out[k] = v;
    else out[k] = (typeof v === 'string' || typeof v === 'number') && needsIsolation(rtl, String(v)) ? isolate(String(v)) : v;
  }
  return out;
}
