/**
 * Reads the date and time a tutor types for an appointment, on their own wall clock:
 * "28/11 10:30", "28/11/2026 9.00", "28-11-26 10:30", "2026-11-28 10:30", with any script's digits
 * (٢٨/١١ ١٠:٣٠) and stray invisible characters. Pure; the instant is resolved DST-safely.
 */
import { foldDigits } from '../content/text-normalize';
import { localParts, zonedToUtc } from '../time/zoned-time';

export type DateTimeParse =
  | { ok: true; startsAt: Date }
  | { ok: false; error: 'format' | 'invalid_date' | 'past' | 'too_far' };

/** Appointments more than this far ahead are almost surely a typo in the year. */
export const MAX_DAYS_AHEAD = 366;

const DMY = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?\s*(?:,|\s|alle|ore|at|à|h)\s*(\d{1,2})(?:[:.h](\d{2}))?$/i;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|T)(\d{1,2})[:.](\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parses `typed` as a local date-time in `tz`; it must be after `now` and within MAX_DAYS_AHEAD. */
export function parseAppointmentDateTime(typed: string, tz: string, now: Date): DateTimeParse {
  const text = foldDigits(typed.normalize('NFKC'))
    .replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  let y: number | undefined;
  let mo: number;
  let d: number;
  let h: number;
  let mi: number;
  const ymd = YMD.exec(text);
  const dmy = ymd ? null : DMY.exec(text);
  if (ymd) {
    [y, mo, d, h, mi] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), Number(ymd[4]), Number(ymd[5])];
  } else if (dmy) {
    d = Number(dmy[1]);
    mo = Number(dmy[2]);
    y = dmy[3] ? (dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3])) : undefined;
    h = Number(dmy[4]);
    mi = dmy[5] ? Number(dmy[5]) : 0;
  } else {
    return { ok: false, error: 'format' };
  }
  if (h > 23 || mi > 59) return { ok: false, error: 'invalid_date' };
  const today = localParts(now, tz);
  // Without a year: this year, or next year if that date has passed ("10/01" typed in December).
  let year = y ?? today.year;
  if (y === undefined && (mo < today.month || (mo === today.month && d < today.day))) year += 1;
  if (!validDate(year, mo, d)) return { ok: false, error: 'invalid_date' };
  const startsAt = zonedToUtc({ year, month: mo, day: d, hour: h, minute: mi }, tz);
  if (startsAt.getTime() <= now.getTime()) return { ok: false, error: 'past' };
  if (startsAt.getTime() - now.getTime() > MAX_DAYS_AHEAD * 86_400_000) return { ok: false, error: 'too_far' };
  return { ok: true, startsAt };
}
