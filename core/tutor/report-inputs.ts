/**
 * Small answers typed at one step of a guided report ("1,5", "٢", "90 min", "ieri", "20/11"). They go
 * through the one-line parser, so a guided step accepts exactly what a one-line report accepts: the
 * answer is framed in a line with a fixed area and a marker beneficiary, and is taken only if the
 * parser recognised it as that one thing (nothing left over next to the marker).
 */
import { parseHourReport, type ParseErrorCode } from './hour-report.parser';
import { cleanText, tokenize } from './hour-report.text';
import { END_FILLERS, START_FILLERS } from './hour-report.vocabulary';

const MARKER = 'Qzxq';

/** Hours typed alone: a positive number, with or without unit, in any digits. */
export function parseHoursAnswer(text: string, today: string): number | undefined {
  if (text.length > 60) return undefined;
  const r = parseHourReport(`${text} accoglienza ${MARKER}`, today);
  if (!r.ok || r.value.beneficiaryQuery !== MARKER || r.value.date !== today) return undefined;
  return r.value.hours;
}

export type DateAnswer = { ok: true; date: string } | { ok: false; code: Extract<ParseErrorCode, 'invalid_date' | 'future_date' | 'ambiguous_date'> | 'not_a_date' };

/**
 * A date typed alone: "oggi", "ieri", "lunedì", "20/11", "20/11/2026", "2026-11-20". With
 * `allowFuture` (an internship that starts next week) future dates are accepted.
 */
export function parseDateAnswer(text: string, today: string, opts: { allowFuture?: boolean } = {}): DateAnswer {
  if (text.length > 60) return { ok: false, code: 'not_a_date' };
  const r = parseHourReport(`1 ore accoglienza ${MARKER} ${text}`, today);
  const partial = r.ok ? r.value : r.partial;
  const errors = r.ok ? [] : r.errors;
  if (partial.beneficiaryQuery !== MARKER) return { ok: false, code: 'not_a_date' };
  if (errors.includes('invalid_date')) return { ok: false, code: 'invalid_date' };
  if (errors.includes('ambiguous_date')) return { ok: false, code: 'ambiguous_date' };
  if (errors.includes('future_date')) {
    const iso = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text) ?? /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
    if (!opts.allowFuture || !iso) return { ok: false, code: 'future_date' };
    // The parser refuses the future by design; an explicit full date is accepted here when allowed.
    const [y, m, d] = iso[1]!.length === 4 ? [iso[1]!, iso[2]!, iso[3]!] : [iso[3]!, iso[2]!, iso[1]!];
    const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    return /^\d{4}-\d{2}-\d{2}$/.test(date) ? { ok: true, date } : { ok: false, code: 'invalid_date' };
  }
  if (errors.length > 0 || !partial.date) return { ok: false, code: 'not_a_date' };
  // Filler words only ("il", "ciao") would fall back to today: they are not a date.
  const words = tokenize(cleanText(text));
  if (words.every((w) => END_FILLERS.has(w.key) || START_FILLERS.has(w.key))) return { ok: false, code: 'not_a_date' };
  return { ok: true, date: partial.date };
}

/** Free note: trimmed, invisible characters removed, at most `max` code points; undefined when empty. */
export function cleanNote(text: string, max = 300): string | undefined {
  const t = text.replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '').replace(/\s+/g, ' ').trim();
  if (t === '') return undefined;
  return [...t].slice(0, max).join('');
}
