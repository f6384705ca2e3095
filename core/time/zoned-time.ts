/**
 * Wall-clock arithmetic over IANA time zones, using only the built-in `Intl` API.
 *
 * Everything here is pure: instants come in as `Date`s, nothing reads the system clock. Formatting for
 * people is the i18n layer's job; these helpers only answer "what does the clock on the wall say" and
 * "which instant is this wall-clock time".
 */

/** A wall-clock time in some zone, to the minute. `month` is 1–12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A wall-clock time as read in a zone at one instant, with its ISO weekday. */
export interface LocalParts extends LocalDateTime {
  weekday: IsoWeekday;
}

/**
 * How a wall-clock time maps to instants in a zone:
 * - `unique`: the usual case;
 * - `ambiguous`: it happens twice (autumn fall-back); `earlier` is in summer time, `later` in winter time;
 * - `gap`: it never happens (spring-forward). `shifted` is the wall time moved forward by the length of the
 *   gap (02:30 → 03:30 in Europe/Rome), `transition` is the first instant after the gap (03:00).
 */
export type LocalTimeResolution =
  | { kind: 'unique'; instant: Date }
  | { kind: 'ambiguous'; earlier: Date; later: Date }
  | { kind: 'gap'; shifted: Date; transition: Date };

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building a DateTimeFormat is far slower than using one; zones are a small closed set, so cache them all.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // 'en-US' + h23 gives plain ASCII digits and 0–23 hours whatever the host's default locale.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Wall clock at `instant` in `tz`, as epoch-ms of the same reading taken as UTC (seconds kept, ms dropped). */
function wallMs(instant: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatterFor(tz).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  // Some ICU versions still print midnight as 24 even with h23; treat it as 0 of the same day.
  const hour = p.hour === 24 ? 0 : (p.hour ?? 0);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, hour, p.minute ?? 0, p.second ?? 0);
}

/** The zone's UTC offset at `instant`, in ms (Rome in summer: +7_200_000). */
function offsetMs(instant: number, tz: string): number {
  return wallMs(instant, tz) - Math.floor(instant / 1000) * 1000;
}

function assertValidLocal(local: LocalDateTime): void {
  const { year, month, day, hour, minute } = local;
  const ints = [year, month, day, hour, minute].every(Number.isInteger);
  if (!ints || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`invalid local date-time: ${JSON.stringify(local)}`);
  }
  // Date.UTC silently rolls 31 April over to 1 May; a wrong day is a bug upstream, so refuse it.
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) {
    throw new RangeError(`invalid local date-time: ${JSON.stringify(local)}`);
  }
}

/** Whether `tz` is a time zone `Intl` knows (e.g. `Europe/Rome`, `Asia/Karachi`, `UTC`). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** What the wall clock in `tz` reads at `instant`, to the minute (seconds are dropped, not rounded). */
export function localParts(instant: Date, tz: string): LocalParts {
  const w = new Date(wallMs(instant.getTime(), tz));
  const day = w.getUTCDay();
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    weekday: (day === 0 ? 7 : day) as IsoWeekday,
  };
}

/**
 * Every way the wall-clock time `local` can map to an instant in `tz`.
 *
 * Offsets are sampled a day either side of the wall time, so this assumes a zone does not change offset
 * twice within 48 hours (true of every zone in the tz database's recent history).
 */
export function resolveLocalTime(local: LocalDateTime, tz: string): LocalTimeResolution {
  assertValidLocal(local);
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const offsets = new Set([offsetMs(wall - DAY_MS, tz), offsetMs(wall, tz), offsetMs(wall + DAY_MS, tz)]);
  const candidates = [...offsets].map((o) => wall - o);
  const valid = [...new Set(candidates.filter((t) => wallMs(t, tz) === wall))].sort((a, b) => a - b);

  if (valid.length === 1) return { kind: 'unique', instant: new Date(valid[0]!) };
  if (valid.length > 1) {
    return { kind: 'ambiguous', earlier: new Date(valid[0]!), later: new Date(valid[valid.length - 1]!) };
  }

  // A gap: clocks jumped forward, so the offset before is the smaller one and reading the wall time with
  // it lands after the jump, shifted by the gap's length (what Temporal and java.time do).
  const shifted = Math.max(...candidates);
  // Just before the jump the wall clock reads earlier than `wall`, just after it reads later; that
  // predicate is monotonic between `shifted - gap length` and `shifted`, so bisect for the jump.
  let lo = shifted - (wallMs(shifted, tz) - wall);
  let hi = shifted;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, tz) >= wall) hi = mid;
    else lo = mid;
  }
  return { kind: 'gap', shifted: new Date(shifted), transition: new Date(hi) };
}

/**
 * The instant at which the wall clock in `tz` reads `local`.
 *
 * DST policy (the same as Temporal's `'compatible'` and RFC 5545):
 * - a time that does not exist (spring-forward gap, e.g. 02:30 on 2026-03-29 in Rome) moves forward by
 *   the length of the gap (→ 03:30 CEST), so a 02:30 appointment still happens "half past" the gap;
 * - a time that happens twice (autumn fall-back, e.g. 02:30 on 2026-10-25 in Rome) takes the earlier
 *   instant (02:30 CEST), so nothing planned for that time is ever late.
 *
 * @throws RangeError when `local` is not a real calendar date-time or `tz` is unknown.
 */
export function zonedToUtc(local: LocalDateTime, tz: string): Date {
  const r = resolveLocalTime(local, tz);
  switch (r.kind) {
    case 'unique':
      return r.instant;
    case 'ambiguous':
      return r.earlier;
    case 'gap':
      return r.shifted;
  }
}

/** The local calendar date at `instant` in `tz`, as `YYYY-MM-DD`. */
export function localDate(instant: Date, tz: string): string {
  const p = localParts(instant, tz);
  return formatIsoDate(p.year, p.month, p.day);
}

/** Parses `YYYY-MM-DD` into its numbers. @throws RangeError if it is not a real date. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assertValidLocal({ year, month, day, hour: 0, minute: 0 });
  return { year, month, day };
}

/**
 * The calendar date `n` days after `isoDate` (negative `n` goes back). Pure calendar arithmetic: no zone
 * is involved, so a DST change never makes a "day" 23 or 25 hours here.
 */
export function addLocalDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer: ${n}`);
  const { year, month, day } = parseIsoDate(isoDate);
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function formatIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Minutes since local midnight (0–1439) on the wall clock in `tz` at `instant`. */
export function localMinuteOfDay(instant: Date, tz: string): number {
  const p = localParts(instant, tz);
  return p.hour * 60 + p.minute;
}
