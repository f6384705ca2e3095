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
 * - "dd/mm" and "d.m" without a year mean this year's date when it is not after today. Up to six
 *   months ahead the date stays in the future and is 'future_date' ("15/12" typed on 1 December is
 *   never silently last year's); further ahead it is last year's ("28/12" typed in January).
 *   "29/02" when no such day is near is 'invalid_date'. Explicit future dates, "domani"/"tomorrow"
 *   and "lunedì prossimo"/"next monday" are 'future_date', so the tutor hears why, not "I did not
 *   understand".
 * - "1.5" is ambiguous (hours or 1 May): with no other hours it is hours when the part after the
 *   dot has one digit; "20.11" is a date. Once another token gave the hours, a "d.m" token is a date.
 * - Service words: the vocabulary's phrases, their abbreviations ("tut.", "orient. spec.", "acc.": a
 *   word with a final dot stands for a longer area word it starts) and typos of the longer words
 *   ("tutoraggo", "orientamento specialistco": 1 edit up to 8 letters, 2 beyond).
 * - Number words before a unit are hours: "due ore", "tre ore e mezza", "two hours". Verbs and
 *   politeness around a report ("segna", "registra", "aggiungi", "please log") are fillers.
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
import { daysToIso, isoToDays } from '../time/calendar-date';
import { findAreas, findDates, findHours, leftoverText, resolveBareNumbers, type Kind } from './hour-report.recognisers';
import { cleanText, codePointLength, splitNote, tokenize } from './hour-report.text';
import { REPORT_VERBS, START_FILLERS } from './hour-report.vocabulary';

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
  /** The line starts with or contains a report verb ("segna", "registra", "log"): a report, even if incomplete. */
  reportVerb?: true;
}

export type ParseResult = { ok: true; value: HourReport } | { ok: false; errors: ParseErrorCode[]; partial: PartialHourReport };

export interface ParseOptions {
  /** Longest accepted line, in code points; default 500. */
  maxLength?: number;
}

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

  const areaHits = findAreas(tokens, used);
  const dateHits = findDates(tokens, used, todayDays);
  const { quantities, invalid, unitOnly } = findHours(tokens, used);
  resolveBareNumbers(tokens, used, quantities, invalid, dateHits, todayDays);

  const errors: ParseErrorCode[] = [];
  const partial: PartialHourReport = {};
  if (note !== undefined) partial.note = note;
  if (keys.some((k) => REPORT_VERBS.has(k))) partial.reportVerb = true;

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
