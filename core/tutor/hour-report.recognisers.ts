/**
 * The recognisers of the hour-report parser (see hour-report.parser.ts for the accepted forms):
 * each marks the tokens it takes as area, date or hours, so later recognisers and the beneficiary
 * leftover skip them. Linear work only, no backtracking-prone regexes.
 */
import type { ServiceArea } from '../programme/programme';
import { daysToIso, isoOf, isoToDays } from '../time/calendar-date';
import type { Token } from './hour-report.text';
import { typoOf } from './fuzzy-words';
import {
  AREA_PHRASES,
  AREA_WORDS_FOR_TYPOS,
  END_FILLERS,
  HALF_SUFFIXES,
  HOUR_PHRASES,
  HOUR_UNITS,
  MINUTE_UNITS,
  MONTHS,
  NEXT_MODIFIERS,
  NUMBER_WORDS,
  RELATIVE_DAYS,
  START_FILLERS,
  WEEKDAY_MODIFIERS,
  WEEKDAYS,
} from './hour-report.vocabulary';

/** What a recogniser took a token as; undefined while the token is free. */
export type Kind = 'area' | 'date' | 'hours' | 'unit';
export interface DateHit {
  iso: string | null;
  raw: string;
}
export interface Quantity {
  hours: number;
  minutes: boolean;
}

const NUM_RE = /^(?:\d{1,3}(?:[.,]\d{1,3})?|[.,]\d{1,3})$/;
const NUMBERISH_RE = /^[-+]?[\d.,]*\d[\d.,]*$/;
const ATTACHED_RE = /^(\d{1,3}(?:[.,]\d{1,3})?|[.,]\d{1,3})([a-z]+)$/;
const H_MIN_RE = /^(\d{1,2})h(\d{1,2})(?:m|min)?$/;
const BAD_ATTACHED_RE = /^[-+]?[\d.,]*\d[\d.,]*([a-z]+)$/;
const YMD_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DMY_RE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/;
const DM_RE = /^(\d{1,2})[-/](\d{1,2})$/;
const DOTTED_RE = /^(\d{1,2})\.(\d{1,2})$/;
const DAY_RE = /^(\d{1,2})$/;
const YEAR_RE = /^\d{4}$/;
const BARE_HOURS_MAX = 24;

/** Longest phrase from `phrases` starting at token i, over unused tokens only. */
function matchPhrase<T>(keys: string[], used: (Kind | undefined)[], i: number, phrases: ReadonlyArray<readonly [string[], T]>): [number, T] | null {
  for (const [words, value] of phrases) {
    if (i + words.length > keys.length) continue;
    let ok = true;
    for (let k = 0; k < words.length && ok; k++) ok = used[i + k] === undefined && keys[i + k] === words[k];
    if (ok) return [words.length, value];
  }
  return null;
}

function mark(used: (Kind | undefined)[], from: number, len: number, kind: Kind): void {
  for (let k = from; k < from + len; k++) used[k] = kind;
}

/** 2: the very word; 1: an abbreviation ("tut.") or a typo ("tutoraggo") of a long area word; 0: no. */
function areaWordFit(t: Token, word: string): number {
  if (t.key === word) return 2;
  if (!AREA_WORDS_FOR_TYPOS.has(word) || !/^[a-z]+$/.test(t.key)) return 0;
  if (t.abbrev && t.key.length >= 3 && word.startsWith(t.key)) return 1;
  return t.key.length >= 5 && typoOf(t.key, word) ? 1 : 0;
}

/**
 * The area phrase at token i that covers the most words (then the most exact words): a typo in
 * "orientamento specialistco" still beats the bare, ambiguous "orientamento".
 */
function bestAreaPhrase(tokens: Token[], used: (Kind | undefined)[], i: number): [number, ServiceArea[]] | null {
  let best: [number, ServiceArea[]] | null = null;
  let bestScore = 0;
  for (const [words, areas] of AREA_PHRASES) {
    if (i + words.length > tokens.length) continue;
    let exact = 0;
    let ok = true;
    for (let k = 0; k < words.length && ok; k++) {
      const fit = used[i + k] === undefined ? areaWordFit(tokens[i + k]!, words[k]!) : 0;
      ok = fit > 0;
      if (fit === 2) exact++;
    }
    const score = words.length * 100 + exact;
    if (ok && score > bestScore) [best, bestScore] = [[words.length, areas], score];
  }
  return best;
}

/** Each hit lists the areas its words may mean: one, or several for a bare "orientamento". */
export function findAreas(tokens: Token[], used: (Kind | undefined)[]): ServiceArea[][] {
  const hits: ServiceArea[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const m = bestAreaPhrase(tokens, used, i);
    if (!m) continue;
    mark(used, i, m[0], 'area');
    hits.push(m[1]);
    i += m[0] - 1;
  }
  return hits;
}

function rawOf(tokens: Token[], from: number, len: number): string {
  return tokens
    .slice(from, from + len)
    .map((t) => t.raw)
    .join(' ');
}

/** A day and month up to this many days ahead are "in the future", not last year's (see the parser). */
export const FUTURE_WINDOW_DAYS = 183;

/**
 * Year for a day and month typed without one: this year's date when it is not after today; a date
 * up to FUTURE_WINDOW_DAYS ahead stays in the future (refused as such, never silently last year's:
 * "15/12" typed on 1 December); further ahead it is last year's ("28/12" typed in January).
 * "29/02" takes the latest leap year within a year back; null when there is none.
 */
function recentIso(day: number, month: number, todayDays: number): string | null {
  const year = Number(daysToIso(todayDays).slice(0, 4));
  const thisYear = isoToDays(isoOf(year, month, day));
  if (thisYear !== null && (thisYear <= todayDays || thisYear - todayDays <= FUTURE_WINDOW_DAYS)) return daysToIso(thisYear);
  const lastYear = isoToDays(isoOf(year - 1, month, day));
  if (lastYear !== null) return daysToIso(lastYear);
  // 29/02 when this year has none: the one of the next year within the window (future), else invalid.
  const nextYear = isoToDays(isoOf(year + 1, month, day));
  return nextYear !== null && nextYear - todayDays <= FUTURE_WINDOW_DAYS ? daysToIso(nextYear) : null;
}

function validIso(y: number, m: number, d: number): string | null {
  const iso = isoOf(y, m, d);
  return isoToDays(iso) === null ? null : iso;
}

export function findDates(tokens: Token[], used: (Kind | undefined)[], todayDays: number): DateHit[] {
  const keys = tokens.map((t) => t.key);
  const hits: DateHit[] = [];
  const hit = (i: number, len: number, iso: string | null) => {
    mark(used, i, len, 'date');
    hits.push({ iso, raw: rawOf(tokens, i, len) });
  };
  for (let i = 0; i < keys.length; i++) {
    if (used[i] !== undefined) continue;
    const key = keys[i] as string;
    const rel = matchPhrase(keys, used, i, RELATIVE_DAYS);
    if (rel) {
      hit(i, rel[0], daysToIso(todayDays - rel[1]));
      i += rel[0] - 1;
      continue;
    }
    const wd = WEEKDAYS.get(key);
    if (wd !== undefined) {
      const isModifier = (k: string) => WEEKDAY_MODIFIERS.has(k) || NEXT_MODIFIERS.has(k);
      const before = i > 0 && used[i - 1] === undefined && isModifier(keys[i - 1] ?? '');
      const after = used[i + 1] === undefined && isModifier(keys[i + 1] ?? '');
      const next = (before && NEXT_MODIFIERS.has(keys[i - 1] ?? '')) || (after && NEXT_MODIFIERS.has(keys[i + 1] ?? ''));
      const todayWd = (((todayDays + 4) % 7) + 7) % 7;
      let back = (todayWd - wd + 7) % 7;
      if (back === 0 && (before || after)) back = 7;
      // "lunedì prossimo": the coming one, a date in the future.
      if (next) back = -((wd - todayWd + 7) % 7 || 7);
      const from = before ? i - 1 : i;
      const len = 1 + (before ? 1 : 0) + (after ? 1 : 0);
      mark(used, from, len, 'date');
      hits.push({ iso: daysToIso(todayDays - back), raw: rawOf(tokens, from, len) });
      i = from + len - 1;
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = YMD_RE.exec(key))) hit(i, 1, validIso(Number(m[1]), Number(m[2]), Number(m[3])));
    else if ((m = DMY_RE.exec(key))) {
      const y = (m[3] as string).length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      hit(i, 1, validIso(y, Number(m[2]), Number(m[1])));
    } else if ((m = DM_RE.exec(key))) hit(i, 1, recentIso(Number(m[1]), Number(m[2]), todayDays));
    else if ((m = DAY_RE.exec(key)) && used[i + 1] === undefined && MONTHS.has(keys[i + 1] ?? '')) {
      const month = MONTHS.get(keys[i + 1] as string) as number;
      if (used[i + 2] === undefined && YEAR_RE.test(keys[i + 2] ?? '')) hit(i, 3, validIso(Number(keys[i + 2]), month, Number(m[1])));
      else hit(i, 2, recentIso(Number(m[1]), month, todayDays));
      i += 1;
    }
  }
  return hits;
}

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

/** Quantities with a unit ("3 ore", "2h", "mezz'ora"), hour-like garbage, and units typed alone. */
export function findHours(tokens: Token[], used: (Kind | undefined)[]): { quantities: Quantity[]; invalid: string[]; unitOnly: number[] } {
  const keys = tokens.map((t) => t.key);
  const quantities: Quantity[] = [];
  const invalid: string[] = [];
  const unitOnly: number[] = [];
  const isUnit = (k: string | undefined) => k !== undefined && (HOUR_UNITS.has(k) || MINUTE_UNITS.has(k));
  const add = (i: number, len: number, value: number, minutes: boolean, raw: string) => {
    let n = len;
    // "2 ore e mezza", "1 hour and a half": the half hour joins the quantity.
    if (!minutes) {
      const half = matchPhrase(keys, used, i + len, HALF_SUFFIXES);
      if (half) {
        value += 0.5;
        n += half[0];
      }
    }
    mark(used, i, n, 'hours');
    if (value > 0) quantities.push({ hours: minutes ? value / 60 : value, minutes });
    else invalid.push(raw);
    return n;
  };
  for (let i = 0; i < keys.length; i++) {
    if (used[i] !== undefined) continue;
    const key = keys[i] as string;
    const raw = tokens[i]?.raw ?? '';
    const phrase = matchPhrase(keys, used, i, HOUR_PHRASES);
    let m: RegExpExecArray | null;
    if (phrase) i += add(i, phrase[0], phrase[1], false, raw) - 1;
    else if (NUMBER_WORDS.has(key) && used[i + 1] === undefined && isUnit(keys[i + 1])) i += add(i, 2, NUMBER_WORDS.get(key)!, MINUTE_UNITS.has(keys[i + 1] as string), raw) - 1;
    else if ((m = H_MIN_RE.exec(key))) i += add(i, 1, Number(m[1]) + Number(m[2]) / 60, false, raw) - 1;
    else if ((m = ATTACHED_RE.exec(key)) && isUnit(m[2])) i += add(i, 1, num(m[1] as string), MINUTE_UNITS.has(m[2] as string), raw) - 1;
    else if ((m = BAD_ATTACHED_RE.exec(key)) && isUnit(m[1])) {
      used[i] = 'hours';
      invalid.push(raw);
    } else if (NUM_RE.test(key) && used[i + 1] === undefined && isUnit(keys[i + 1])) {
      i += add(i, 2, num(key), MINUTE_UNITS.has(keys[i + 1] as string), raw) - 1;
    } else if (NUMBERISH_RE.test(key) && used[i + 1] === undefined && isUnit(keys[i + 1])) {
      mark(used, i, 2, 'hours');
      invalid.push(raw);
      i += 1;
    } else if (isUnit(key) && (key !== 'h' || NUM_RE.test(keys[i + 1] ?? ''))) {
      // A lone "h" is more likely an initial ("Ahmed H.") unless a number follows ("h 3").
      used[i] = 'unit';
      unitOnly.push(i);
    }
  }
  return { quantities, invalid, unitOnly };
}

/** Numbers without a unit: hours if none were found yet, "d.m" dates as hour-report.parser.ts says. */
export function resolveBareNumbers(tokens: Token[], used: (Kind | undefined)[], quantities: Quantity[], invalid: string[], dates: DateHit[], todayDays: number): void {
  for (let i = 0; i < tokens.length; i++) {
    const key = tokens[i]?.key ?? '';
    if (used[i] !== undefined || !NUM_RE.test(key)) continue;
    const dotted = DOTTED_RE.exec(key);
    const canBeDate = dotted !== null && Number(dotted[1]) <= 31 && Number(dotted[2]) <= 12 && Number(dotted[1]) > 0 && Number(dotted[2]) > 0;
    const hoursPreferred = !dotted || (dotted[2] as string).length === 1;
    const haveHours = quantities.length > 0 || invalid.length > 0;
    if (dotted && canBeDate && (haveHours || (!hoursPreferred && dates.length === 0))) {
      used[i] = 'date';
      dates.push({ iso: recentIso(Number(dotted[1]), Number(dotted[2]), todayDays), raw: tokens[i]?.raw ?? key });
    } else if (!haveHours && num(key) <= BARE_HOURS_MAX) {
      used[i] = 'hours';
      if (num(key) > 0) quantities.push({ hours: num(key), minutes: false });
      else invalid.push(tokens[i]?.raw ?? key);
    }
  }
}

/** The words no recogniser took, minus fillers at the edges of each run of words. */
export function leftoverText(tokens: Token[], used: (Kind | undefined)[]): string {
  const out: string[] = [];
  let run: Token[] = [];
  const flush = () => {
    let a = 0;
    let b = run.length;
    while (a < b && START_FILLERS.has(run[a]?.key ?? '')) a++;
    while (b > a && END_FILLERS.has(run[b - 1]?.key ?? '')) b--;
    for (let k = a; k < b; k++) out.push(run[k]?.raw ?? '');
    run = [];
  };
  tokens.forEach((t, i) => {
    if (used[i] === undefined) run.push(t);
    else flush();
  });
  flush();
  return out.join(' ').trim();
}
