/**
 * Quiet hours: the part of the night in which Ponte sends nothing unprompted (reminders, digests), read
 * on the recipient's own wall clock, so a participant living in Karachi is not woken at 03:00 either.
 */
import { addLocalDays, localDate, localMinuteOfDay, localParts, parseIsoDate, resolveLocalTime, zonedToUtc } from './zoned-time';

/**
 * A daily quiet window on the local wall clock, `HH:MM` (24 h). `start` is inclusive, `end` exclusive.
 * `start > end` means the window crosses midnight (21:00–08:00); `start === end` means no quiet hours.
 */
export interface QuietHours {
  start: string;
  end: string;
}

/** 21:00–08:00: nothing unprompted in the evening or at night. */
export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = Object.freeze({ start: '21:00', end: '08:00' });

/**
 * How far before the quiet window a reminder goes when it has to be moved back (see `planReminderTime`):
 * one minute, so it is sent at 20:59 and still arrives before 21:00 after a short queueing delay.
 */
export const BACKWARD_MARGIN_MS = 60_000;

const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight for an `HH:MM` string. @throws RangeError when it is not a valid 24 h time. */
export function parseHhmm(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`not an HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function windowOf(qh: QuietHours): { start: number; end: number; crossing: boolean } {
  const start = parseHhmm(qh.start);
  const end = parseHhmm(qh.end);
  return { start, end, crossing: start > end };
}

function quietAtMinute(m: number, w: { start: number; end: number; crossing: boolean }): boolean {
  if (w.start === w.end) return false;
  return w.crossing ? m >= w.start || m < w.end : m >= w.start && m < w.end;
}

/**
 * The first instant at which the wall clock on `isoDate` reaches `minuteOfDay`. A time skipped by a DST
 * jump is reached at the jump itself; a repeated time is reached at its earlier occurrence unless that is
 * not after `notAfter`, in which case the later one (we are already between the two).
 */
function firstReach(isoDate: string, minuteOfDay: number, tz: string, notAfter?: Date): Date {
  const d = parseIsoDate(isoDate);
  const r = resolveLocalTime({ ...d, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }, tz);
  switch (r.kind) {
    case 'unique':
      return r.instant;
    case 'gap':
      return r.transition;
    case 'ambiguous':
      return notAfter && r.earlier.getTime() <= notAfter.getTime() ? r.later : r.earlier;
  }
}

/** Whether `instant` falls in the quiet window on the wall clock of `tz`. */
export function isQuiet(instant: Date, tz: string, qh: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return quietAtMinute(localMinuteOfDay(instant, tz), windowOf(qh));
}

/**
 * `instant` itself when it is not quiet, otherwise the end of the current quiet window (08:00 local by
 * default), found on the calendar so a 23- or 25-hour night around a DST change is handled.
 */
export function nextAllowedInstant(instant: Date, tz: string, qh: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const w = windowOf(qh);
  let t = instant;
  // Normally one step. A second is needed only when a DST jump skipped the whole allowed stretch (say
  // 02:00–02:01 on the spring-forward night), so the window runs on until the next day's end.
  for (let step = 0; step < 3; step++) {
    const m = localMinuteOfDay(t, tz);
    if (!quietAtMinute(m, w)) return t;
    const today = localDate(t, tz);
    // Past the evening start of a midnight-crossing window, the window ends tomorrow morning.
    const endDate = w.crossing && m >= w.start ? addLocalDays(today, 1) : today;
    t = firstReach(endDate, w.end, tz, t);
  }
  return t;
}

/** The instant at which the quiet window containing `instant` began (the caller knows it is quiet). */
function quietWindowStart(instant: Date, tz: string, w: { start: number; end: number; crossing: boolean }): Date {
  const today = localDate(instant, tz);
  // In the small hours of a midnight-crossing window, the window began yesterday evening.
  const startDate = w.crossing && localMinuteOfDay(instant, tz) < w.end ? addLocalDays(today, -1) : today;
  return firstReach(startDate, w.start, tz);
}

/**
 * When a reminder `offsetMinutes` before the appointment is nominally due, before quiet hours are applied.
 *
 * Offsets that are whole days use local-calendar semantics: "24 h before" a 09:00 appointment is 09:00 on
 * the previous calendar day, even when a DST change in between makes that 23 or 25 real hours; people
 * read "the day before at the same time", not a duration. Any other offset is absolute: "2 h before" is
 * always 120 real minutes, also across a DST change. If the day-based reading does not land strictly
 * before the appointment (only possible where a whole calendar day was skipped, as in Samoa in 2011), the
 * absolute reading is used instead.
 *
 * @throws RangeError when `offsetMinutes` is not a positive finite number.
 */
export function reminderTarget(appointmentAt: Date, offsetMinutes: number, tz: string): Date {
  if (!Number.isFinite(offsetMinutes) || offsetMinutes <= 0) {
    throw new RangeError(`reminder offset must be a positive number of minutes: ${offsetMinutes}`);
  }
  const at = appointmentAt.getTime();
  const absolute = new Date(at - offsetMinutes * MINUTE_MS);
  if (!Number.isInteger(offsetMinutes) || offsetMinutes % MINUTES_PER_DAY !== 0) return absolute;

  const p = localParts(appointmentAt, tz);
  const date = parseIsoDate(addLocalDays(localDate(appointmentAt, tz), -offsetMinutes / MINUTES_PER_DAY));
  // Keep the appointment's seconds, which localParts drops.
  const subMinute = at - Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const calendar = zonedToUtc({ ...date, hour: p.hour, minute: p.minute }, tz).getTime() + subMinute;
  return calendar < at ? new Date(calendar) : absolute;
}

/**
 * When to send a reminder `offsetMinutes` before `appointmentAt` to someone living in `tz`, or `null` to
 * skip it.
 *
 * 1. Start from `reminderTarget` (whole days: same local clock time; otherwise absolute minutes).
 * 2. If that is in quiet hours, move it forward to the end of the window (a 2 h reminder for a 09:00
 *    appointment: 07:00 → 08:00).
 * 3. If the moved time would not be strictly before the appointment (a 30 min reminder for a 22:00 or
 *    07:30 appointment), move it backward instead, to `BACKWARD_MARGIN_MS` before the window began:
 *    20:59 local by default. An early reminder is more useful than one after the appointment or at night.
 * 4. Skip (`null`) if no such time exists or it is already before `now`. The result does not otherwise
 *    depend on `now`: a reminder planned at 07:30 for a 09:00 appointment still goes at 08:00, as it
 *    would have if planned a week earlier.
 *
 * A non-null result is never in quiet hours, always strictly before `appointmentAt` and never before `now`.
 */
export function planReminderTime(
  appointmentAt: Date,
  offsetMinutes: number,
  tz: string,
  qh: QuietHours,
  now: Date,
): Date | null {
  const w = windowOf(qh);
  const at = appointmentAt.getTime();
  const target = reminderTarget(appointmentAt, offsetMinutes, tz);

  let planned = target;
  if (isQuiet(target, tz, qh)) {
    const forward = nextAllowedInstant(target, tz, qh);
    planned = forward.getTime() < at ? forward : new Date(quietWindowStart(target, tz, w).getTime() - BACKWARD_MARGIN_MS);
  }
  // These checks restate the guarantees rather than trust the steps above: DST edges in exotic zones and
  // odd windows can make a step land somewhere unexpected, and skipping a reminder beats sending one at 03:00.
  const ok = planned.getTime() < at && planned.getTime() >= now.getTime() && !isQuiet(planned, tz, qh);
  return ok ? planned : null;
}
