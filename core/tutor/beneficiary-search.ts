/**
 * Finds beneficiaries by what a tutor types: a code ("B-0042", "b42", "0042") or name words in any
 * order, any case, with or without accents ("ahmed", "Hassan Ahmed", "traore" for Traoré). Every typed
 * word must start a word of the name; whole-word matches rank first. When nothing matches so, names
 * spelled another way match approximately ("Hasan" → Hassan, "Fatma" → Fatima, "Mohammed" → Mohamed):
 * those are `fuzzy`, and the conversation asks before taking one.
 */
import { normalizeText } from '../content/text-normalize';
import { nameSkeleton, typoOf } from './fuzzy-words';

export interface Searchable {
  code: string;
  fullName: string;
}

/** How a row matched: by code, by the name's words (or their starts), or approximately. */
export type MatchKind = 'code' | 'name' | 'fuzzy';

export interface Ranked<T> {
  row: T;
  kind: MatchKind;
  /** Higher is better, comparable within one query. */
  score: number;
}

/** A query, prepared once for many rows. */
export interface PreparedQuery {
  code?: { prefix: string; n: number };
  words: string[];
  skeletons: string[];
}

/** "B-0042", "b 42", "B0042" → "B-0042"-style digits for comparison; undefined if the text is not a code. */
function codeDigits(text: string): { prefix: string; n: number } | undefined {
  const m = /^([a-z])?\s*-?\s*(\d{1,6})$/.exec(normalizeText(text).replace(/ /g, ''));
  return m ? { prefix: m[1] ?? '', n: Number(m[2]) } : undefined;
}

const words = (s: string) => normalizeText(s).split(' ').filter(Boolean);
const latin = (w: string) => /^[a-z]+$/.test(w);

export function prepareQuery(query: string): PreparedQuery | undefined {
  const q = query.trim();
  if (q === '') return undefined;
  const ws = words(q);
  const code = codeDigits(q);
  if (ws.length === 0 && !code) return undefined;
  return { ...(code ? { code } : {}), words: ws, skeletons: ws.map((w) => (latin(w) ? nameSkeleton(w) : w)) };
}

/** How one row matches a prepared query, or null. */
export function rankRow<T extends Searchable>(row: T, q: PreparedQuery): Ranked<T> | null {
  if (q.code) {
    const rc = codeDigits(row.code);
    if (rc !== undefined && rc.n === q.code.n && (q.code.prefix === '' || q.code.prefix === rc.prefix)) return { row, kind: 'code', score: 1000 };
  }
  if (q.words.length === 0) return null;
  const nameWords = words(row.fullName);
  let score = 0;
  let fuzzy = false;
  for (let k = 0; k < q.words.length; k++) {
    const w = q.words[k]!;
    if (nameWords.includes(w)) score += 2;
    else if (nameWords.some((n) => n.startsWith(w))) score += 1;
    else if (w.length >= 3 && latin(w) && nameWords.some((n) => latin(n) && approx(q.skeletons[k]!, nameSkeleton(n)))) {
      score += 0.5;
      fuzzy = true;
    } else return null;
  }
  return { row, kind: fuzzy ? 'fuzzy' : 'name', score: fuzzy ? score : score + (score === q.words.length * 2 ? 100 : 0) };
}

/** Two name skeletons that are the same name spelled another way (one typo, two in long names). */
function approx(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 4 && typoOf(a, b));
}

/** Best first: codes, then whole-name matches, then starts of words, then approximate ones; then `first` rows, then by name. */
export function compareRanked<T extends Searchable>(a: Ranked<T>, b: Ranked<T>, first?: (row: T) => boolean): number {
  const preferred = first ? Number(first(b.row)) - Number(first(a.row)) : 0;
  return KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.score - a.score || preferred || a.row.fullName.localeCompare(b.row.fullName) || a.row.code.localeCompare(b.row.code);
}
const KIND_RANK: Record<MatchKind, number> = { code: 0, name: 1, fuzzy: 2 };

/** Which of `keepBest`'s groups a match belongs to, for counting matches without keeping them. */
export function bestGroup(r: Ranked<unknown>): 'code' | 'whole' | 'prefix' | 'fuzzy' {
  return r.kind === 'name' ? (r.score >= 100 ? 'whole' : 'prefix') : r.kind;
}

/**
 * Keeps what a tutor means from ranked matches: the code match; else the people matching every word
 * whole, if any; else the ones matching by word starts; approximate matches only when there is none.
 */
export function keepBest<T>(ranked: Ranked<T>[]): Ranked<T>[] {
  for (const kind of ['code', 'name'] as const) {
    const hits = ranked.filter((r) => r.kind === kind);
    if (hits.length === 0) continue;
    const top = hits[0]!.score;
    // Whole-word matches (score ≥ 100) hide the rows that only match by prefix.
    return top >= 100 ? hits.filter((h) => h.score >= 100) : hits;
  }
  return ranked;
}

/** Matches, best first; empty when nothing fits. */
export function searchBeneficiaries<T extends Searchable>(rows: readonly T[], query: string): T[] {
  return searchRanked(rows, query).map((r) => r.row);
}

/** Matches with how each one matched, best first (see `keepBest`). */
export function searchRanked<T extends Searchable>(rows: readonly T[], query: string): Ranked<T>[] {
  const q = prepareQuery(query);
  if (!q) return [];
  const ranked = rows.map((r) => rankRow(r, q)).filter((r): r is Ranked<T> => r !== null);
  return keepBest(ranked.sort(compareRanked));
}
