/**
 * Parses a tutor's one-line hour report ("3 ore tutoraggio Ahmed ieri", "2 hours tutoring Ahmed
 * yesterday") into hours, service area, beneficiary and date. Pure: "today" is a parameter.
 *
 * Decisions (the conversation and the help text rely on them):
 * - Note: everything after the first " - " (also en/em dash, spaces around it) or after
 *   "nota:" / "note:" / "commento:" / "comment:" is the note, kept as typed. "20-11-2026" has no
 *   spaces around its hyphens, so it is never mistaken for a note.
 * - Weekdays ("lunedì", "monday") mean the most recent such day not after today, so today's own
 *   weekday is today. With "scorso"/"last" ("lunedì scorso", "last monday") today's weekday means
 *   seven days ago.
 * - "dd/mm" and "d.m" without a year mean the most recent such date not after today (this year or
 *   last year; "29/02" when neither is a leap year is 'invalid_date'). Explicit future dates are
 *   'future_date'.
 * - "1.5" is ambiguous (hours or 1 May): with no other hours it is hours when the part after the
 *   dot has one digit; "20.11" is a date. Once another token gave the hours, a "d.m" token is a date.
 * - A number without a unit is hours only up to 24 (so a stray "2026" is not 2,026 hours).
 *   "½" works ("1½", "½ ora"), as do minutes ("90 min", "2 ore e 30 minuti"), "mezz'ora",
 *   "un'ora", "2 ore e mezza", "1h30".
 * - beneficiaryQuery: the words left after hours, area, date and filler words ("con", "per",
 *   "ho fatto", "beneficiario"...) are removed; name particles ("di", "da", "el", "la") are only
 *   dropped right before a recognised token. Words keep their case and accents; digits in any
 *   script become ASCII, the text is NFKC-normalised and invisible characters and emoji are gone.
 * - Length is measured in code points after removing invisible characters and emoji; the
 *   parser does linear work only (no backtracking-prone regexes), so long inputs return fast.
 * Never throws on any `line`; throws RangeError only when `today` itself is not an ISO date
 * (a programming error).
 */
import type { ServiceArea } from '../programme/programme';
import { daysToIso, isoOf, isoToDays } from '../time/calendar-date';

export const PARSE_ERROR_CODES = [
  'empty',
  'too_long',
  'missing_hours',
  'invalid_hours',
  'ambiguous_hours',
  'missing_area',
  'ambiguous_area',
  'missing_beneficiary',
  'invalid_date',
  'future_date',
  'ambiguous_date',
] as const;
/** Stable error codes: the conversation maps each to a question or a message. */
export type ParseErrorCode = (typeof PARSE_ERROR_CODES)[number];

/** A complete hour report. */
export interface HourReport {
  /** Positive; steps and caps are checked by `checkHourEntry`, not here. */
  hours: number;
  area: ServiceArea;
  /** Name words or a code such as "B-0042", as typed (see the file comment). */
  beneficiaryQuery: string;
  /** 'YYYY-MM-DD', never after today; today when the line has no date. */
  date: string;
  note?: string;
}

/** What was recognised in a line that did not parse, so the conversation asks only for the rest. */
export interface PartialHourReport {
  hours?: number;
  /** The text that looked like hours but was not valid ("abc", "0", "-2"). */
  rawHours?: string;
  area?: ServiceArea;
  /** With 'ambiguous_area': the areas the words could mean. */
  areaCandidates?: ServiceArea[];
  beneficiaryQuery?: string;
  /** The effective date (today when none was typed); absent when the typed date was wrong. */
  date?: string;
  /** With 'invalid_date' / 'future_date' / 'ambiguous_date': the date words as typed. */
  rawDate?: string;
  note?: string;
}

export type ParseResult = { ok: true; value: HourReport } | { ok: false; errors: ParseErrorCode[]; partial: PartialHourReport };

export interface ParseOptions {
  /** Longest accepted line, in code points; default 500. */
  maxLength?: number;
}

type Kind = 'area' | 'date' | 'hours' | 'unit';
interface DateHit {
  iso: string | null;
  raw: string;
}
interface Quantity {
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

/** Parses one report line; see the file comment for the accepted forms. */
export function parseHourReport(line: string, today: string, opts: ParseOptions = {}): ParseResult {
  const todayDays = isoToDays(today);
  if (todayDays === null) throw new RangeError(`today must be 'YYYY-MM-DD', got ${String(today)}`);
  const maxLength = opts.maxLength ?? 500;
  if (typeof line !== 'string') return { ok: false, errors: ['empty'], partial: {} };
  // Cheap guard before any work: even all-invisible padding cannot make this many units fit.
  if (line.length > maxLength * 8 + 64) return { ok: false, errors: ['too_long'], partial: {} };
  const cleaned = cleanText(line);
  if (cleaned === '') return { ok: false, errors: ['empty'], partial: {} };
  if (codePointLength(cleaned) > maxLength) return { ok: false, errors: ['too_long'], partial: {} };

  const { header, note } = splitNote(cleaned);
  const tokens = tokenize(header);
  const used: (Kind | undefined)[] = tokens.map(() => undefined);
  const keys = tokens.map((t) => t.key);

  const areaHits = findAreas(keys, used);
  const dateHits = findDates(tokens, used, todayDays);
  const { quantities, invalid, unitOnly } = findHours(tokens, used);
  resolveBareNumbers(tokens, used, quantities, invalid, dateHits, todayDays);

  const errors: ParseErrorCode[] = [];
  const partial: PartialHourReport = {};
  if (note !== undefined) partial.note = note;

  // Hours.
  const hourQs = quantities.filter((q) => !q.minutes);
  const minuteQs = quantities.filter((q) => q.minutes);
  if (invalid.length === 0 && quantities.length === 0) {
    const u = unitOnly.find((i) => i > 0 && used[i - 1] === undefined && !START_FILLERS.has(keys[i - 1] ?? ''));
    if (u !== undefined) {
      used[u - 1] = 'hours';
      invalid.push(tokens[u - 1]?.raw ?? '');
    }
  }
  if (invalid.length > 0) {
    errors.push('invalid_hours');
    partial.rawHours = invalid.join(' ');
  } else if (hourQs.length > 1 || minuteQs.length > 1) {
    errors.push('ambiguous_hours');
  } else if (quantities.length === 0) {
    errors.push('missing_hours');
  } else {
    const hours = Math.round(quantities.reduce((s, q) => s + q.hours, 0) * 1e6) / 1e6;
    if (hours > 0 && Number.isFinite(hours)) partial.hours = hours;
    else errors.push('invalid_hours');
  }

  // Area.
  const areas = [...new Set(areaHits.flatMap((h) => h))];
  const specific = new Set(areaHits.filter((h) => h.length === 1).flat());
  if (areaHits.length === 0) errors.push('missing_area');
  else if (areaHits.some((h) => h.length > 1) || specific.size > 1) {
    errors.push('ambiguous_area');
    partial.areaCandidates = areas;
  } else partial.area = areas[0];

  // Beneficiary.
  const beneficiary = leftoverText(tokens, used);
  if (beneficiary === '') errors.push('missing_beneficiary');
  else partial.beneficiaryQuery = beneficiary;

  // Date.
  const raws = dateHits.map((d) => d.raw).join(' ');
  if (dateHits.length === 0) partial.date = daysToIso(todayDays);
  else if (dateHits.some((d) => d.iso === null)) {
    errors.push('invalid_date');
    partial.rawDate = raws;
  } else if (new Set(dateHits.map((d) => d.iso)).size > 1) {
    errors.push('ambiguous_date');
    partial.rawDate = raws;
  } else {
    const iso = dateHits[0]?.iso as string;
    if (iso > today) {
      errors.push('future_date');
      partial.rawDate = raws;
    } else partial.date = iso;
  }

  if (errors.length > 0 || partial.hours === undefined || !partial.area || !partial.beneficiaryQuery || !partial.date) {
    return { ok: false, errors, partial };
  }
  const value: HourReport = { hours: partial.hours, area: partial.area, beneficiaryQuery: partial.beneficiaryQuery, date: partial.date };
  if (note !== undefined) value.note = note;
  return { ok: true, value };
}

const NOTE_RE = /\s[-–—]+\s|(?:^|\s)(?:nota|note|notes|commento|comment)\s?:/iu;

function splitNote(text: string): { header: string; note?: string } {
  const m = NOTE_RE.exec(text);
  if (!m) return { header: text };
  const note = text.slice(m.index + m[0].length).trim();
  return note === '' ? { header: text.slice(0, m.index) } : { header: text.slice(0, m.index), note };
}

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

/** Each hit lists the areas its words may mean: one, or several for a bare "orientamento". */
function findAreas(keys: string[], used: (Kind | undefined)[]): ServiceArea[][] {
  const hits: ServiceArea[][] = [];
  for (let i = 0; i < keys.length; i++) {
    const m = matchPhrase(keys, used, i, AREA_PHRASES);
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

/** Year for a day and month typed without one: the most recent such date not after today. */
function recentIso(day: number, month: number, todayDays: number): string | null {
  const year = Number(daysToIso(todayDays).slice(0, 4));
  for (const y of [year, year - 1]) {
    const d = isoToDays(isoOf(y, month, day));
    if (d !== null && d <= todayDays) return daysToIso(d);
  }
  return null;
}

function validIso(y: number, m: number, d: number): string | null {
  const iso = isoOf(y, m, d);
  return isoToDays(iso) === null ? null : iso;
}

function findDates(tokens: Token[], used: (Kind | undefined)[], todayDays: number): DateHit[] {
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
      const before = i > 0 && used[i - 1] === undefined && WEEKDAY_MODIFIERS.has(keys[i - 1] ?? '');
      const after = used[i + 1] === undefined && WEEKDAY_MODIFIERS.has(keys[i + 1] ?? '');
      const todayWd = (((todayDays + 4) % 7) + 7) % 7;
      let back = (todayWd - wd + 7) % 7;
      if (back === 0 && (before || after)) back = 7;
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
function findHours(tokens: Token[], used: (Kind | undefined)[]): { quantities: Quantity[]; invalid: string[]; unitOnly: number[] } {
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

const HALF_SUFFIXES: ReadonlyArray<readonly [string[], true]> = [
  [['and', 'a', 'half'], true],
  [['e', 'mezza'], true],
  [['e', 'mezzo'], true],
  [['and', 'half'], true],
];

/** Numbers without a unit: hours if none were found yet, "d.m" dates as the file comment says. */
function resolveBareNumbers(tokens: Token[], used: (Kind | undefined)[], quantities: Quantity[], invalid: string[], dates: DateHit[], todayDays: number): void {
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
function leftoverText(tokens: Token[], used: (Kind | undefined)[]): string {
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

// ---------------------------------------------------------------------------------------------
// Text clean-up and tokens.

/**
 * Format characters (zero-width, bidi marks, BOM, soft hyphen, tags), variation selectors, Hangul
 * fillers, and the two combining marks emoji use (grapheme joiner, keycap). Combining marks stay
 * out of character classes, where they would combine with the previous character.
 */
const INVISIBLE_RE = /\p{Cf}|\p{Variation_Selector}|[\u115F\u1160\u3164\uFFA0]|\u034F|\u20E3/gu;
const EMOJI_RE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}]/gu;
const CONTROL_RE = /\p{Cc}/gu;
/** Code points of the digit zero in the scripts tutors and beneficiaries write; NFKC covers the rest. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0xff10];

function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp < z + 10);
    return zero === undefined ? ch : String(cp - zero);
  });
}

function cleanText(s: string): string {
  let t = s.replace(INVISIBLE_RE, '').replace(EMOJI_RE, ' ').replace(CONTROL_RE, ' ');
  t = asciiDigits(t).replace(/\u066B/g, '.'); // ARABIC DECIMAL SEPARATOR
  t = t.replace(/(\d) ?½/g, '$1.5').replace(/½/g, '0.5'); // before NFKC, which would make "1⁄2"
  return t.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

interface Token {
  /** As typed, after clean-up and edge punctuation removed. */
  raw: string;
  /** For matching: lower case, no accents, one kind of apostrophe. */
  key: string;
}

const EDGE_PUNCT = new Set(',;:!?¡¿()[]{}"«»“”„‚*#_~<>|°º،؛؟۔…'.split(''));
const PUNCT_ONLY_RE = /^[\p{P}\p{S}]+$/u;
/** Italian elisions split off so "l'altro ieri" and "dell'11/11" match word by word. */
const ELISION_RE = /^(l|dell|all|nell|dall|sull|un)'(.+)$/;

function keyOf(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´ʼ]/g, "'");
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const word of text.split(' ')) {
    let a = 0;
    let b = word.length;
    while (a < b && EDGE_PUNCT.has(word[a] as string)) a++;
    while (b > a && (EDGE_PUNCT.has(word[b - 1] as string) || word[b - 1] === '.')) b--;
    const raw = word.slice(a, b);
    // A lone dash or symbol is not a word; "-2h" keeps its sign so it stays invalid hours.
    if (raw === '' || PUNCT_ONLY_RE.test(raw)) continue;
    const key = keyOf(raw);
    const elided = ELISION_RE.exec(key);
    const cut = elided ? raw.search(/['’‘`´ʼ]/) + 1 : 0;
    if (elided && cut > 0 && cut < raw.length) {
      out.push({ raw: raw.slice(0, cut), key: `${elided[1]}'` });
      out.push({ raw: raw.slice(cut), key: keyOf(raw.slice(cut)) });
    } else out.push({ raw, key });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01), no Date object needed.

// ---------------------------------------------------------------------------------------------
// Vocabulary, in key form (lower case, no accents). Phrases are tokenised like the input, and
// sorted longest first so "orientamento al lavoro" wins over "orientamento".

function phrases<T>(entries: ReadonlyArray<readonly [string, T]>): Array<[string[], T]> {
  return entries.map(([p, v]): [string[], T] => [tokenize(p).map((t) => t.key), v]).sort((a, b) => b[0].length - a[0].length);
}

const ORIENTATION_EITHER: ServiceArea[] = ['specialist_orientation', 'job_orientation'];
const AREA_PHRASES = phrases<ServiceArea[]>([
  ...['accoglienza', 'presa in carico', 'accoglienza e presa in carico', 'accoglienza integrata', 'reception', 'intake'].map((p): [string, ServiceArea[]] => [p, ['reception']]),
  ...['orientamento specialistico', 'orientamento di secondo livello', 'orientamento di ii livello', 'orientamento di 2 livello', 'orientamento secondo livello', 'orientamento ii livello', 'specialist orientation', 'specialistic orientation', 'second level orientation', 'second-level orientation'].map((p): [string, ServiceArea[]] => [p, ['specialist_orientation']]),
  ...['tutoraggio', 'tutoraggio didattico', 'tutor didattico', 'tutoring', 'educational tutoring'].map((p): [string, ServiceArea[]] => [p, ['tutoring']]),
  ...[
    'orientamento lavoro',
    'orientamento al lavoro',
    'orientamento opportunità occupazionali',
    'orientamento alle opportunità occupazionali',
    "orientamento per l'individuazione delle opportunità occupazionali",
    'ricerca lavoro',
    'ricerca di lavoro',
    'ricerca del lavoro',
    'job orientation',
    'job search',
    'job-search',
  ].map((p): [string, ServiceArea[]] => [p, ['job_orientation']]),
  ...['azione complementare', 'attività complementare', 'complementare', 'complementary', 'complementary action'].map((p): [string, ServiceArea[]] => [p, ['complementary']]),
  ['orientamento', ORIENTATION_EITHER],
  ['orientation', ORIENTATION_EITHER],
]);

const RELATIVE_DAYS = phrases<number>([
  ...['oggi', 'today', 'stamattina', 'stamani', 'stamane', 'stasera', 'oggi pomeriggio', 'this morning', 'this afternoon', 'tonight'].map((p) => [p, 0] as const),
  ...['ieri', 'yesterday', 'ieri mattina', 'ieri pomeriggio', 'ieri sera', 'yesterday morning', 'yesterday afternoon'].map((p) => [p, 1] as const),
  ...["l'altro ieri", "l'altroieri", 'altro ieri', 'altroieri', "ieri l'altro", 'avantieri', 'day before yesterday', 'the day before yesterday'].map((p) => [p, 2] as const),
]);

/** 0 = Sunday, as the day-number arithmetic gives. */
const WEEKDAYS = new Map<string, number>([
  ['domenica', 0], ['sunday', 0], ['lunedi', 1], ['monday', 1], ['martedi', 2], ['tuesday', 2], ['mercoledi', 3], ['wednesday', 3],
  ['giovedi', 4], ['thursday', 4], ['venerdi', 5], ['friday', 5], ['sabato', 6], ['saturday', 6],
]);
const WEEKDAY_MODIFIERS = new Set(['scorso', 'scorsa', 'passato', 'passata', 'last', 'past']);

const MONTHS = new Map<string, number>();
[
  ['gennaio', 'january', 'gen', 'jan'], ['febbraio', 'february', 'feb'], ['marzo', 'march', 'mar'], ['aprile', 'april', 'apr'],
  ['maggio', 'may', 'mag'], ['giugno', 'june', 'giu', 'jun'], ['luglio', 'july', 'lug', 'jul'], ['agosto', 'august', 'ago', 'aug'],
  ['settembre', 'september', 'set', 'sep', 'sept'], ['ottobre', 'october', 'ott', 'oct'], ['novembre', 'november', 'nov'], ['dicembre', 'december', 'dic', 'dec'],
].forEach((names, i) => names.forEach((n) => MONTHS.set(n, i + 1)));

const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hs', 'hour', 'hours', 'ora', 'ore']);
const MINUTE_UNITS = new Set(['min', 'mins', 'minuti', 'minuto', 'minute', 'minutes']);
const HOUR_PHRASES = phrases<number>([
  ["mezz'ora", 0.5], ['mezzora', 0.5], ['mezza ora', 0.5], ['half an hour', 0.5], ['half hour', 0.5],
  ["un'ora", 1], ['un ora', 1], ['una ora', 1], ['an hour', 1], ['one hour', 1],
]);

/** Words that are not the beneficiary, dropped at either edge of a run of leftover words. */
const FILLERS = [
  'con', 'per', 'e', 'ed', 'and', 'with', 'for', 'to', 'by', 'ho', 'abbiamo', 'fatto', 'fatta', 'fatte', 'fatti', 'svolto', 'svolta', 'svolte', 'svolti',
  'erogato', 'erogata', 'erogate', 'erogati', 'did', 'done', 'delivered', 'spent', 'il', 'i', 'gli', 'lo', 'the', 'on', 'of', 'at', 'in', 'nel', 'nella',
  'su', 'sul', 'sulla', 'giorno', 'day', 'data', 'date', 'un', 'una', 'uno', 'an', "un'", "l'", "dell'", "all'", "nell'", "dall'", "sull'",
  'beneficiario', 'beneficiaria', 'beneficiary', 'utente', 'tirocinante', 'trainee', 'intern',
];
/** Also names' particles ("Di Stefano", "El Amrani"): dropped only right before a recognised token. */
const NAME_PARTICLES = ['di', 'de', 'da', 'del', 'della', 'dello', 'dei', 'degli', 'delle', 'dal', 'dalla', 'al', 'alla', 'allo', 'ai', 'agli', 'alle', 'la', 'le', 'el'];
const START_FILLERS = new Set([...FILLERS, 'a', 'ad']);
const END_FILLERS = new Set([...FILLERS, ...NAME_PARTICLES]);
