import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_QUIET_HOURS,
  isQuiet,
  nextAllowedInstant,
  parseHhmm,
  planReminderTime,
  reminderTarget,
  type QuietHours,
} from '../../../core/time/quiet-hours';

const ROME = 'Europe/Rome';
const KARACHI = 'Asia/Karachi';
const NEW_YORK = 'America/New_York';
const LATE: QuietHours = { start: '22:00', end: '07:00' };
const LUNCH: QuietHours = { start: '13:00', end: '14:00' };
const LONG_AGO = new Date('2000-01-01T00:00:00Z');
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe('isQuiet', () => {
  it.each([
    // instant (UTC)              zone     window                expected   local time
    ['2026-06-10T18:59:59Z', ROME, DEFAULT_QUIET_HOURS, false], // 20:59:59
    ['2026-06-10T19:00:00Z', ROME, DEFAULT_QUIET_HOURS, true], // 21:00, start is inclusive
    ['2026-06-10T22:00:00Z', ROME, DEFAULT_QUIET_HOURS, true], // 00:00
    ['2026-06-11T05:59:59Z', ROME, DEFAULT_QUIET_HOURS, true], // 07:59:59
    ['2026-06-11T06:00:00Z', ROME, DEFAULT_QUIET_HOURS, false], // 08:00, end is exclusive
    ['2026-01-10T07:00:00Z', ROME, DEFAULT_QUIET_HOURS, false], // 08:00 CET
    ['2026-06-10T03:00:00Z', KARACHI, DEFAULT_QUIET_HOURS, false], // 08:00 PKT
    ['2026-06-10T03:00:00Z', NEW_YORK, DEFAULT_QUIET_HOURS, true], // 23:00 EDT
    ['2026-06-10T19:30:00Z', ROME, LATE, false], // 21:30
    ['2026-06-10T05:00:00Z', ROME, LATE, false], // 07:00
    ['2026-06-10T11:00:00Z', ROME, LUNCH, true], // 13:00
    ['2026-06-10T12:00:00Z', ROME, LUNCH, false], // 14:00
    ['2026-06-10T01:00:00Z', ROME, LUNCH, false], // 03:00: a non-crossing window is only its hours
    ['2026-06-10T01:00:00Z', ROME, { start: '08:00', end: '08:00' }, false], // empty window
  ])('%s in %s, %o → %s', (instant, tz, qh, expected) => {
    expect(isQuiet(at(instant), tz, qh)).toBe(expected);
  });

  it('rejects malformed windows', () => {
    expect(() => isQuiet(LONG_AGO, ROME, { start: '9:00', end: '08:00' })).toThrow(RangeError);
    expect(() => isQuiet(LONG_AGO, ROME, { start: '24:00', end: '08:00' })).toThrow(RangeError);
    expect(() => parseHhmm('21:60')).toThrow(RangeError);
    expect(parseHhmm('21:00')).toBe(1260);
  });
});

describe('nextAllowedInstant', () => {
  it.each([
    ['not quiet: itself', '2026-06-10T10:00:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-06-10T10:00:00.000Z'],
    ['23:00 → 08:00 next day', '2026-06-10T21:00:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-06-11T06:00:00.000Z'],
    ['02:00 → 08:00 same day', '2026-06-11T00:00:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-06-11T06:00:00.000Z'],
    ['spring night is an hour shorter', '2026-03-28T21:00:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-03-29T06:00:00.000Z'],
    ['autumn night is an hour longer', '2026-10-24T20:00:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['inside the repeated hour', '2026-10-25T01:30:00Z', ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['Karachi 23:00 → 08:00 PKT', '2026-06-10T18:00:00Z', KARACHI, DEFAULT_QUIET_HOURS, '2026-06-11T03:00:00.000Z'],
    ['New York across its spring change', '2026-03-08T03:00:00Z', NEW_YORK, DEFAULT_QUIET_HOURS, '2026-03-08T12:00:00.000Z'],
    ['custom 22:00–07:00', '2026-06-10T21:00:00Z', ROME, LATE, '2026-06-11T05:00:00.000Z'],
    ['lunch window ends at 14:00', '2026-06-10T11:20:00Z', ROME, LUNCH, '2026-06-10T12:00:00.000Z'],
    // Window ends inside the spring gap (02:30 never happens): quiet ends when the clock jumps to 03:00.
    ['end in the gap → the jump', '2026-03-29T00:30:00Z', ROME, { start: '21:00', end: '02:30' }, '2026-03-29T01:00:00.000Z'],
    // Window ends at a repeated time: the first 02:30 (CEST) ends it…
    ['end repeated, first pass', '2026-10-24T23:00:00Z', ROME, { start: '21:00', end: '02:30' }, '2026-10-25T00:30:00.000Z'],
    // …but at 02:10 CET, after the first 02:30 has gone by, the second 02:30 (CET) does.
    ['end repeated, second pass', '2026-10-25T01:10:00Z', ROME, { start: '21:00', end: '02:30' }, '2026-10-25T01:30:00.000Z'],
    // The only allowed minute (02:00) is skipped on the spring-forward night: quiet runs on a whole day.
    ['allowed stretch skipped by DST', '2026-03-28T01:01:00Z', ROME, { start: '02:01', end: '02:00' }, '2026-03-30T00:00:00.000Z'],
  ])('%s', (_name, instant, tz, qh, expected) => {
    expect(nextAllowedInstant(at(instant), tz, qh).toISOString()).toBe(expected);
  });
});

describe('reminderTarget: whole days follow the calendar, other offsets are absolute', () => {
  it.each([
    // appointment (UTC)        offset  zone    target (UTC)              why
    ['2026-03-29T07:00:00Z', 1440, ROME, '2026-03-28T08:00:00.000Z'], // 09:00 CEST ← 09:00 CET, 23 h
    ['2026-10-25T08:00:00Z', 1440, ROME, '2026-10-24T07:00:00.000Z'], // 09:00 CET ← 09:00 CEST, 25 h
    ['2026-10-25T08:00:00Z', 2880, ROME, '2026-10-23T07:00:00.000Z'], // two days: 49 h
    ['2026-03-29T18:00:00Z', 1380, ROME, '2026-03-28T19:00:00.000Z'], // 23 h is 23 real hours: 20:00 CET
    ['2026-03-29T02:00:00Z', 120, ROME, '2026-03-29T00:00:00.000Z'], // 04:00 CEST - 2 h = 01:00 CET
    ['2026-03-09T13:00:00Z', 1440, NEW_YORK, '2026-03-08T13:00:00.000Z'], // 09:00 EDT ← 09:00 EDT
    ['2026-03-08T13:00:00Z', 1440, NEW_YORK, '2026-03-07T14:00:00.000Z'], // 09:00 EDT ← 09:00 EST
    ['2026-06-10T07:00:30Z', 1440, ROME, '2026-06-09T07:00:30.000Z'], // seconds are kept
  ])('%s − %d min in %s → %s', (appt, offset, tz, expected) => {
    expect(reminderTarget(at(appt), offset, tz).toISOString()).toBe(expected);
  });

  it('falls back to absolute minutes where the calendar day never happened (Samoa, 30 Dec 2011)', () => {
    // 09:00 on 31 Dec (+14); "the day before at 09:00" did not exist, so it is 24 real hours instead.
    expect(reminderTarget(at('2011-12-30T19:00:00Z'), 1440, 'Pacific/Apia').toISOString()).toBe('2011-12-29T19:00:00.000Z');
  });

  it('rejects offsets that are not positive', () => {
    expect(() => reminderTarget(LONG_AGO, 0, ROME)).toThrow(RangeError);
    expect(() => reminderTarget(LONG_AGO, -60, ROME)).toThrow(RangeError);
    expect(() => reminderTarget(LONG_AGO, Number.NaN, ROME)).toThrow(RangeError);
  });
});

describe('planReminderTime', () => {
  it.each([
    // name, appointment (UTC), offset, zone, window, expected (UTC) — local times in the name
    ['09:00, 2 h → 07:00 is quiet → 08:00', '2026-06-10T07:00:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T06:00:00.000Z'],
    ['09:00, 24 h → 09:00 the day before', '2026-06-10T07:00:00Z', 1440, ROME, DEFAULT_QUIET_HOURS, '2026-06-09T07:00:00.000Z'],
    ['11:00, 2 h → 09:00 unchanged', '2026-06-10T09:00:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T07:00:00.000Z'],
    ['22:00, 2 h → 20:00 unchanged', '2026-06-10T20:00:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T18:00:00.000Z'],
    ['22:00, 30 min → 21:30 quiet, 08:00 too late → back to 20:59', '2026-06-10T20:00:00Z', 30, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T18:59:00.000Z'],
    ['23:30, 1 h → 22:30 quiet → back to 20:59', '2026-06-10T21:30:00Z', 60, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T18:59:00.000Z'],
    ['07:30, 2 h → 05:30 quiet, 08:00 too late → 20:59 the evening before', '2026-06-10T05:30:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-06-09T18:59:00.000Z'],
    ['08:00, 1 h → 07:00 quiet, 08:00 not strictly before → 20:59', '2026-06-10T06:00:00Z', 60, ROME, DEFAULT_QUIET_HOURS, '2026-06-09T18:59:00.000Z'],
    // Spring forward, Sunday 29 March 2026.
    ['DST starts: 09:00 CEST, 2 h → 08:00 CEST', '2026-03-29T07:00:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-03-29T06:00:00.000Z'],
    ['DST starts: 09:00 CEST, 24 h → 09:00 CET (23 h)', '2026-03-29T07:00:00Z', 1440, ROME, DEFAULT_QUIET_HOURS, '2026-03-28T08:00:00.000Z'],
    ['DST starts: 03:30 CEST, 2 h → 00:30 CET quiet → 20:59 CET', '2026-03-29T01:30:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-03-28T19:59:00.000Z'],
    ['DST starts: 20:00 CEST, 23 h → 20:00 CET', '2026-03-29T18:00:00Z', 1380, ROME, DEFAULT_QUIET_HOURS, '2026-03-28T19:00:00.000Z'],
    // Fall back, Sunday 25 October 2026; 08:30 that morning is CET (07:30 UTC).
    ['DST ends: 08:30, 2 h → 06:30 quiet → 08:00 CET', '2026-10-25T07:30:00Z', 120, ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['DST ends: 08:30, 1 h → 07:30 quiet → 08:00 CET', '2026-10-25T07:30:00Z', 60, ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['DST ends: 08:30, 30 min → 08:00 exactly, allowed', '2026-10-25T07:30:00Z', 30, ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['DST ends: 08:30, 24 h → 08:30 CEST the day before (25 h)', '2026-10-25T07:30:00Z', 1440, ROME, DEFAULT_QUIET_HOURS, '2026-10-24T06:30:00.000Z'],
    ['DST ends: 08:30, 5 h → 03:30 CET quiet → 08:00 CET', '2026-10-25T07:30:00Z', 300, ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:00:00.000Z'],
    ['Monday after: 08:30, 24 h → 08:30 Sunday (CET both)', '2026-10-26T07:30:00Z', 1440, ROME, DEFAULT_QUIET_HOURS, '2026-10-25T07:30:00.000Z'],
    // Someone living elsewhere: quiet hours on their own clock.
    ['Karachi: 09:00 PKT, 2 h → 08:00 PKT', '2026-06-10T04:00:00Z', 120, KARACHI, DEFAULT_QUIET_HOURS, '2026-06-10T03:00:00.000Z'],
    ['New York: 11:00 EDT, 12 h → 23:00 quiet → 08:00 EDT', '2026-06-10T15:00:00Z', 720, NEW_YORK, DEFAULT_QUIET_HOURS, '2026-06-10T12:00:00.000Z'],
    ['same instant in Rome: 17:00, 12 h → 05:00 → 08:00', '2026-06-10T15:00:00Z', 720, ROME, DEFAULT_QUIET_HOURS, '2026-06-10T06:00:00.000Z'],
    ['New York DST starts: 09:00 EDT, 24 h → 09:00 EST', '2026-03-08T13:00:00Z', 1440, NEW_YORK, DEFAULT_QUIET_HOURS, '2026-03-07T14:00:00.000Z'],
    // Custom windows.
    ['22–07: 09:00, 2 h → 07:00 allowed', '2026-06-10T07:00:00Z', 120, ROME, LATE, '2026-06-10T05:00:00.000Z'],
    ['22–07: 23:00, 30 min → 22:30 quiet → 21:59', '2026-06-10T21:00:00Z', 30, ROME, LATE, '2026-06-10T19:59:00.000Z'],
    ['13–14: 14:30, 1 h → 13:30 quiet → 14:00', '2026-06-10T12:30:00Z', 60, ROME, LUNCH, '2026-06-10T12:00:00.000Z'],
    ['13–14: 14:00, 30 min → 13:30 quiet → back to 12:59', '2026-06-10T12:00:00Z', 30, ROME, LUNCH, '2026-06-10T10:59:00.000Z'],
    ['13–14: 20:00, 7 h → 13:00 quiet → 14:00', '2026-06-10T18:00:00Z', 420, ROME, LUNCH, '2026-06-10T12:00:00.000Z'],
    ['empty window: 03:00 stays 03:00', '2026-06-10T03:00:00Z', 120, ROME, { start: '00:00', end: '00:00' }, '2026-06-10T01:00:00.000Z'],
  ])('%s', (_name, appt, offset, tz, qh, expected) => {
    expect(iso(planReminderTime(at(appt), offset, tz, qh, LONG_AGO))).toBe(expected);
  });

  it('skips reminders whose planned time has already passed', () => {
    const appt = at('2026-06-10T07:00:00Z'); // 09:00 Rome; the 2 h reminder is planned for 08:00
    expect(iso(planReminderTime(appt, 120, ROME, DEFAULT_QUIET_HOURS, at('2026-06-10T06:30:00Z')))).toBeNull();
    // Planned at 07:30 local: the nominal 07:00 has passed but 08:00 is ahead, so it is kept, exactly as
    // if it had been planned a week earlier.
    expect(iso(planReminderTime(appt, 120, ROME, DEFAULT_QUIET_HOURS, at('2026-06-10T05:30:00Z')))).toBe('2026-06-10T06:00:00.000Z');
    expect(iso(planReminderTime(appt, 120, ROME, DEFAULT_QUIET_HOURS, at('2026-06-10T06:00:00Z')))).toBe('2026-06-10T06:00:00.000Z');
    // A 24 h reminder booked the evening before is simply too late.
    expect(planReminderTime(appt, 1440, ROME, DEFAULT_QUIET_HOURS, at('2026-06-09T17:00:00Z'))).toBeNull();
  });

  it('skips a reminder whose backward move lands in the past', () => {
    // 07:30 appointment, 2 h → moved back to 20:59 the evening before; booked at 23:00 that evening.
    expect(planReminderTime(at('2026-06-10T05:30:00Z'), 120, ROME, DEFAULT_QUIET_HOURS, at('2026-06-09T21:00:00Z'))).toBeNull();
  });

  it('skips when the window leaves no allowed time before the appointment', () => {
    // Quiet all day except 00:00–00:59: a 12:00 reminder can only go back to 00:59, which is past at 06:00.
    const allDay: QuietHours = { start: '01:00', end: '00:00' };
    expect(iso(planReminderTime(at('2026-06-10T11:00:00Z'), 60, ROME, allDay, LONG_AGO))).toBe('2026-06-09T22:59:00.000Z');
    expect(planReminderTime(at('2026-06-10T11:00:00Z'), 60, ROME, allDay, at('2026-06-10T04:00:00Z'))).toBeNull();
  });
});

describe('properties', () => {
  const zones = fc.constantFrom(ROME, KARACHI, NEW_YORK, 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata');
  const hhmm = fc.integer({ min: 0, max: 1439 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  const windows = fc.oneof(
    fc.constantFrom<QuietHours>(DEFAULT_QUIET_HOURS, LATE, LUNCH, { start: '00:00', end: '06:00' }),
    fc.record({ start: hhmm, end: hhmm }),
  );
  // 2026 with extra weight on the two Rome DST weekends.
  const instants = fc.oneof(
    fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T23:59:00Z'), noInvalidDate: true }),
    fc.date({ min: at('2026-03-27T00:00:00Z'), max: at('2026-03-31T00:00:00Z'), noInvalidDate: true }),
    fc.date({ min: at('2026-10-23T00:00:00Z'), max: at('2026-10-27T00:00:00Z'), noInvalidDate: true }),
  );
  const offsets = fc.oneof(fc.constantFrom(5, 15, 30, 60, 120, 180, 720, 1440, 2880, 10080), fc.integer({ min: 1, max: 5000 }));

  it('a planned reminder is never in quiet hours, never at or after the appointment, never before now', () => {
    fc.assert(
      fc.property(instants, offsets, zones, windows, fc.integer({ min: 0, max: 10 * 86_400_000 }), (appt, offset, tz, qh, lead) => {
        const now = new Date(appt.getTime() - lead);
        const planned = planReminderTime(appt, offset, tz, qh, now);
        if (planned === null) return;
        expect(isQuiet(planned, tz, qh)).toBe(false);
        expect(planned.getTime()).toBeLessThan(appt.getTime());
        expect(planned.getTime()).toBeGreaterThanOrEqual(now.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('a reminder already outside quiet hours and still ahead is never moved', () => {
    fc.assert(
      fc.property(instants, offsets, zones, windows, (appt, offset, tz, qh) => {
        const target = reminderTarget(appt, offset, tz);
        fc.pre(!isQuiet(target, tz, qh));
        expect(planReminderTime(appt, offset, tz, qh, LONG_AGO)).toEqual(target);
      }),
    );
  });

  it('the default window always yields a reminder when planned well ahead', () => {
    fc.assert(
      fc.property(instants, offsets, zones, (appt, offset, tz) => {
        expect(planReminderTime(appt, offset, tz, DEFAULT_QUIET_HOURS, LONG_AGO)).not.toBeNull();
      }),
    );
  });

  it('nextAllowedInstant is the first allowed instant: not before, not quiet, quiet in between', () => {
    fc.assert(
      fc.property(instants, zones, windows, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 8 }), (instant, tz, qh, fractions) => {
        const next = nextAllowedInstant(instant, tz, qh);
        expect(next.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(isQuiet(next, tz, qh)).toBe(false);
        const span = next.getTime() - instant.getTime();
        for (const f of fractions) {
          const between = new Date(instant.getTime() + Math.floor(f * span));
          if (between.getTime() < next.getTime()) expect(isQuiet(between, tz, qh)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
