/**
 * Search of the glossary and of the job-search tips, across ALL languages at once: a user may type
 * "payslip", "busta paga", "fiche de paie" or "قسيمة الراتب" and land on the same entry. Pure:
 * the caller passes the loaded content. Matching works on normalized words (see text-normalize):
 * whole phrase, words, word prefixes, and for Latin words of 5+ letters one typo (edit distance 1,
 * a swap of two neighbours counts as one).
 */
import type { GlossaryFile, TipsFile } from './content.types';
import { isLatinWord, normalizeText } from './text-normalize';

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchOptions {
  /** At most this many hits (default: all). */
  limit?: number;
  /**
   * The query is a sentence, not a search term ("when is my next appointment?", "ho un problema con la
   * busta paga"): an indexed phrase found whole inside it also counts, the longer the phrase the more.
   */
  withinText?: boolean;
}

interface Phrase {
  text: string;
  words: string[];
  /** The phrase without spaces, so "bustapaga" or "codicefiscale" still match. */
  compact: string;
}

/** Phrases per id, normalised once. Build with `buildPhraseIndex`. */
export type PhraseIndex = Map<string, Phrase[]>;
type Index = PhraseIndex;

const MIN_PREFIX = 3;

/**
 * Function words that never identify an entry on their own ("di" in "patto di servizio", "de" in
 * "fiche de paie"). They are dropped from queries; indexed phrases keep them for exact matches.
 */
const STOPWORDS = new Set([
  // it
  'a', 'al', 'alla', 'che', 'con', 'da', 'del', 'della', 'di', 'e', 'i', 'il', 'in', 'la', 'le', 'lo', 'per', 'un', 'una',
  // en
  'an', 'and', 'for', 'is', 'my', 'of', 'on', 'the', 'to', 'what',
  // fr
  'au', 'de', 'des', 'du', 'en', 'est', 'et', 'l', 'les', 'ma', 'mon', 'une',
  // ar / fa / ur / ps (normalized forms)
  'في', 'من', 'ما', 'هو', 'هي', 'ك', 'كي', 'كا', 'كه', 'چي', 'دا', 'د', 'او', 'و', 'را', 'به', 'از',
]);
const MIN_TYPO_LENGTH = 5;

function toPhrase(raw: string): Phrase | undefined {
  const text = normalizeText(raw);
  if (text === '') return undefined;
  return { text, words: text.split(' '), compact: text.replace(/ /g, '') };
}

function buildIndex(sources: Iterable<[string, string[]]>): Index {
  const index: Index = new Map();
  for (const [id, raws] of sources) {
    const phrases = index.get(id) ?? [];
    const seen = new Set(phrases.map((p) => p.text));
    for (const raw of raws) {
      const phrase = toPhrase(raw);
      if (phrase && !seen.has(phrase.text)) {
        seen.add(phrase.text);
        phrases.push(phrase);
      }
    }
    index.set(id, phrases);
  }
  return index;
}

/** True when a and b are at most one edit apart (insert, delete, substitute, swap of neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    let i = 0;
    while (i < la && a[i] === b[i]) i++;
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** How well one query word matches one indexed word, 0..1. */
function wordScore(q: string, w: string): number {
  if (q === w) return 1;
  if (q.length >= MIN_PREFIX && w.startsWith(q)) return 0.8;
  // Plural or suffixed query of a known word ("payslips", "contratti" vs "contratto" is a typo below).
  if (w.length >= 4 && q.startsWith(w)) return 0.7;
  if (q.length >= MIN_TYPO_LENGTH && isLatinWord(q) && w.length >= MIN_TYPO_LENGTH - 1 && withinOneEdit(q, w)) return 0.6;
  // A typo inside a typed prefix: "somministr" is a prefix, "sommimistr" is one edit from that prefix.
  if (q.length >= MIN_TYPO_LENGTH && isLatinWord(q) && w.length > q.length && withinOneEdit(q, w.slice(0, q.length))) return 0.5;
  return 0;
}

function bestWordScore(q: string, phrase: Phrase): number {
  let best = 0;
  for (const w of phrase.words) best = Math.max(best, wordScore(q, w));
  if (phrase.words.length > 1) best = Math.max(best, wordScore(q, phrase.compact));
  return best;
}

/** Score of a query against one phrase, 0..100. */
function phraseScore(query: Phrase, phrase: Phrase): number {
  if (query.text === phrase.text || query.compact === phrase.compact) return 100;
  const words = query.words.filter((w) => !STOPWORDS.has(w) && (w.length >= 2 || /\p{N}/u.test(w)));
  if (words.length === 0) return 0;
  let sum = 0;
  let matched = 0;
  for (const q of words) {
    // Two-letter words ("cv", "cu", "cf") only count when they match a word exactly.
    const s = q.length < MIN_PREFIX ? (phrase.words.includes(q) ? 1 : 0) : bestWordScore(q, phrase);
    if (s > 0) matched++;
    sum += s;
  }
  if (matched === 0) return 0;
  const queryCoverage = sum / words.length;
  const phraseCoverage = Math.min(1, matched / phrase.words.length);
  const whole = query.text.length >= MIN_PREFIX && phrase.text.startsWith(query.text) ? 10 : 0;
  return Math.round((70 * queryCoverage + 15 * phraseCoverage + whole) * 10) / 10;
}

/**
 * Score of an indexed phrase found inside a longer text, 0..100: every (non-function) word of the phrase
 * must be there (with the same tolerance as above); a one-word phrase scores 70, four words or more 100.
 */
function withinScore(text: Phrase, phrase: Phrase): number {
  const words = phrase.words.filter((w) => !STOPWORDS.has(w));
  if (words.length === 0) return 0;
  if (text.words.includes(phrase.compact)) return 70; // "bustapaga" for "busta paga"
  let sum = 0;
  for (const w of words) {
    let best = 0;
    for (const q of text.words) best = Math.max(best, q.length < MIN_PREFIX || w.length < MIN_PREFIX ? (q === w ? 1 : 0) : wordScore(q, w));
    if (best === 0) return 0;
    sum += best;
  }
  return Math.round((sum / words.length) * (60 + 10 * Math.min(words.length, 4)) * 10) / 10;
}

function search(query: string, index: Index, options: SearchOptions = {}): SearchHit[] {
  const q = toPhrase(query);
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const [id, phrases] of index) {
    let best = 0;
    let matching = 0;
    for (const p of phrases) {
      const s = options.withinText ? Math.max(phraseScore(q, p), withinScore(q, p)) : phraseScore(q, p);
      if (s > 0) matching++;
      best = Math.max(best, s);
    }
    // Many languages agreeing on a match breaks ties between equally good phrases.
    if (best > 0) hits.push({ id, score: Math.round((best + Math.min(matching, 10) * 0.1) * 10) / 10 });
  }
  hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return options.limit === undefined ? hits : hits.slice(0, options.limit);
}

const glossaryIndexes = new WeakMap<object, Index>();
const tipsIndexes = new WeakMap<object, Index>();

function* glossarySources(glossaries: Record<string, GlossaryFile>): Iterable<[string, string[]]> {
  for (const file of Object.values(glossaries)) {
    for (const [id, entry] of Object.entries(file)) yield [id, [entry.term, ...entry.keywords, id.replace(/_/g, ' ')]];
  }
}

function* tipsSources(tips: Record<string, TipsFile>): Iterable<[string, string[]]> {
  for (const file of Object.values(tips)) {
    for (const [id, topic] of Object.entries(file)) yield [id, [topic.title, ...topic.keywords]];
  }
}

function cached<T extends object>(cache: WeakMap<object, Index>, key: T, build: () => Index): Index {
  let index = cache.get(key);
  if (!index) {
    index = build();
    cache.set(key, index);
  }
  return index;
}

/** An index over any phrases (id → its phrases in every language), searched like the glossary. */
export function buildPhraseIndex(sources: Iterable<[string, string[]]>): PhraseIndex {
  return buildIndex(sources);
}

/** Ids of `index` matching the query, best first. */
export function searchPhrases(query: string, index: PhraseIndex, options?: SearchOptions): SearchHit[] {
  return search(query, index, options);
}

/** Glossary entry ids matching the query in any language (terms and keywords), best first. */
export function searchGlossary(query: string, glossariesByLanguage: Record<string, GlossaryFile>, options?: SearchOptions): SearchHit[] {
  return search(query, cached(glossaryIndexes, glossariesByLanguage, () => buildIndex(glossarySources(glossariesByLanguage))), options);
}

/** Tip topic ids matching the query in any language (titles and keywords), best first. */
export function searchTips(query: string, tipsByLanguage: Record<string, TipsFile>, options?: SearchOptions): SearchHit[] {
  return search(query, cached(tipsIndexes, tipsByLanguage, () => buildIndex(tipsSources(tipsByLanguage))), options);
}
