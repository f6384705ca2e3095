/**
 * What a beneficiary's free text asks for: an intent (next appointment, my path, my tutor, help...),
 * a word of work, or a job-search tip, best first. No language model: the intents' keywords are
 * locale data (`beneficiary:intents.<intent>`, "|"-separated), searched in every language at once
 * with the glossary's normalisation and scoring, so "busta paga", "payslip", "مساعدة" or "ሰላም" land
 * whatever language the person chose. Pure.
 */
import type { Translator } from '../ports/translator';
import type { GlossaryFile, TipsFile } from '../content/content.types';
import { buildPhraseIndex, searchGlossary, searchPhrases, searchTips, type PhraseIndex } from '../content/glossary.search';

export const INTENTS = ['appointments', 'path', 'tutor', 'write', 'help', 'language', 'stopReminders', 'greeting', 'thanks'] as const;
export type Intent = (typeof INTENTS)[number];

/**
 * Small talk: answered only when nothing else matches ("ciao, when is my appointment?" is about the
 * appointment), and only when it is (nearly) the whole text: "Bonjour, j'ai perdu mon badge" is a
 * message for the tutor, not a greeting.
 */
const SOCIAL: readonly Intent[] = ['greeting', 'thanks'];
const SOCIAL_SCORE = 75;

export type FreeTextHit = { kind: 'intent'; id: Intent; score: number } | { kind: 'glossary'; id: string; score: number } | { kind: 'tip'; id: string; score: number };

/** Below this a hit is a guess, not an answer. */
export const ANSWER_SCORE = 60;
/** Other hits shown as buttons beside the answer. */
export const ALSO_SCORE = 50;
const MAX_QUERY_CHARS = 300;

export interface FreeTextSources {
  intents: PhraseIndex;
  glossary: Record<string, GlossaryFile>;
  tips: Record<string, TipsFile>;
}

/** The intents' keywords of every language the translator offers. */
export function intentIndex(translator: Pick<Translator, 't' | 'languages' | 'exists'>): PhraseIndex {
  const sources: Array<[string, string[]]> = [];
  for (const intent of INTENTS) {
    const words: string[] = [];
    for (const lng of translator.languages()) {
      const key = `beneficiary:intents.${intent}`;
      if (translator.exists(lng, key)) words.push(...translator.t(lng, key).split('|'));
    }
    sources.push([intent, words.map((w) => w.trim()).filter(Boolean)]);
  }
  return buildPhraseIndex(sources);
}

const order = (h: FreeTextHit) => (h.kind === 'intent' && SOCIAL.includes(h.id) ? 1 : 0);

/**
 * Hits for a free text, the answer first: the best non-social hit at or above ANSWER_SCORE (an intent
 * wins a tie with a word or a tip), else a greeting or thanks, then the others at or above ALSO_SCORE.
 * Empty when nothing is close enough.
 */
export function matchFreeText(text: string, sources: FreeTextSources, limit = 4): FreeTextHit[] {
  const query = text.slice(0, MAX_QUERY_CHARS);
  const opts = { withinText: true, limit: limit + 2 };
  const hits: FreeTextHit[] = [
    ...searchPhrases(query, sources.intents, opts).map((h) => ({ kind: 'intent' as const, id: h.id as Intent, score: h.score + 0.5 })),
    ...searchGlossary(query, sources.glossary, opts).map((h) => ({ kind: 'glossary' as const, id: h.id, score: h.score })),
    ...searchTips(query, sources.tips, opts).map((h) => ({ kind: 'tip' as const, id: h.id, score: h.score })),
  ].filter((h) => h.score >= (order(h) === 1 ? SOCIAL_SCORE : ALSO_SCORE));
  hits.sort((a, b) => b.score - a.score);
  const best = hits.find((h) => order(h) === 0 && h.score >= ANSWER_SCORE) ?? hits.find((h) => h.score >= ANSWER_SCORE);
  if (!best) return [];
  // Small talk is not offered as a button next to a real answer.
  const others = hits.filter((h) => h !== best && order(h) === 0);
  return [best, ...others].slice(0, limit);
}
