import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addLocalDays,
  isValidTimeZone,
  localDate,
  localMinuteOfDay,
  localParts,
  parseIsoDate,
  resolveLocalTime,
  zonedToUtc,
  type LocalDateTime,
} from '../../../core/time/zoned-time';

const ROME = 'Europe/Rome';
const at = (iso: string) => new Date(iso);
const local = (year: number, month: number, day: number, hour: number, minute: number): LocalDateTime => ({
  year,
  month,
  day,
  hour,
  minute,
});

describe('localParts', () => {
  it.each([
    // instant (UTC)            zone                  y     m   d   h   min weekday
    ['2026-01-15T12:00:00Z', ROME, 2026, 1, 15, 13, 0, 4], // CET, +1
    ['2026-07-15T12:00:00Z', ROME, 2026, 7, 15, 14, 0, 3], // CEST, +2
    ['2026-03-29T00:59:59Z', ROME, 2026, 3, 29, 1, 59, 7], // last second of CET
    ['2026-03-29T01:00:00Z', ROME, 2026, 3, 29, 3, 0, 7], // 02:00 → 03:00
    ['2026-10-25T00:30:00Z', ROME, 2026, 10, 25, 2, 30, 7], // first 02:30 (CEST)
    ['2026-10-25T01:30:00Z', ROME, 2026, 10, 25, 2, 30, 7], // second 02:30 (CET)
    ['2026-12-31T23:30:00Z', ROME, 2027, 1, 1, 0, 30, 5], // new year locally first
    ['2026-06-01T20:00:00Z', 'Asia/Karachi', 2026, 6, 2, 1, 0, 2], // +5, no DST
    ['2026-03-08T07:30:00Z', 'America/New_York', 2026, 3, 8, 3, 30, 7], // EDT just began
    ['2026-01-05T00:00:00Z', 'Asia/Kolkata', 2026, 1, 5, 5, 30, 1], // half-hour offset, Monday
    ['2026-01-05T00:00:00Z', 'UTC', 2026, 1, 5, 0, 0, 1], // midnight is hour 0, not 24
  ])('%s in %s', (iso, tz, year, month, day, hour, minute, weekday) => {
    expect(localParts(at(iso), tz)).toEqual({ year, month, day, hour, minute, weekday });
  });

  it('drops seconds rather than rounding them', () => {
    expect(localMinuteOfDay(at('2026-05-10T06:59:59.999Z'), ROME)).toBe(8 * 60 + 59);
  });
});

describe('zonedToUtc', () => {
  it.each([
    ['ordinary winter time', local(2026, 1, 15, 9, 0), ROME, '2026-01-15T08:00:00.000Z'],
    ['ordinary summer time', local(2026, 7, 15, 9, 0), ROME, '2026-07-15T07:00:00.000Z'],
    ['just before the spring gap', local(2026, 3, 29, 1, 59), ROME, '2026-03-29T00:59:00.000Z'],
    ['in the spring gap: shifted forward by an hour', local(2026, 3, 29, 2, 30), ROME, '2026-03-29T01:30:00.000Z'],
    ['start of the spring gap', local(2026, 3, 29, 2, 0), ROME, '2026-03-29T01:00:00.000Z'],
    ['first time after the gap', local(2026, 3, 29, 3, 0), ROME, '2026-03-29T01:00:00.000Z'],
    ['ambiguous autumn time: earlier (CEST)', local(2026, 10, 25, 2, 30), ROME, '2026-10-25T00:30:00.000Z'],
    ['ambiguous autumn 02:00: earlier', local(2026, 10, 25, 2, 0), ROME, '2026-10-25T00:00:00.000Z'],
    ['after the autumn overlap', local(2026, 10, 25, 3, 0), ROME, '2026-10-25T02:00:00.000Z'],
    ['08:30 the morning after DST ends', local(2026, 10, 26, 8, 30), ROME, '2026-10-26T07:30:00.000Z'],
    ['Karachi has no DST', local(2026, 3, 29, 2, 30), 'Asia/Karachi', '2026-03-28T21:30:00.000Z'],
    ['New York spring gap', local(2026, 3, 8, 2, 30), 'America/New_York', '2026-03-08T07:30:00.000Z'],
    ['New York autumn overlap: earlier (EDT)', local(2026, 11, 1, 1, 30), 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['Samoa skipped 30 Dec 2011 entirely', local(2011, 12, 30, 9, 0), 'Pacific/Apia', '2011-12-30T19:00:00.000Z'],
  ])('%s', (_name, wall, tz, expected) => {
    expect(zonedToUtc(wall, tz).toISOString()).toBe(expected);
  });

  it('rejects dates that do not exist on any calendar', () => {
    expect(() => zonedToUtc(local(2026, 2, 29, 9, 0), ROME)).toThrow(RangeError);
    expect(() => zonedToUtc(local(2026, 13, 1, 9, 0), ROME)).toThrow(RangeError);
    expect(() => zonedToUtc(local(2026, 1, 1, 24, 0), ROME)).toThrow(RangeError);
    expect(() => zonedToUtc(local(2026, 1, 1, 9, 0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('round-trips every real wall time (unique ones exactly)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2040-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(ROME, 'Asia/Karachi', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'),
        (instant, tz) => {
          const p = localParts(instant, tz);
          const back = zonedToUtc(p, tz);
          // Same wall reading; and at most the earlier of two readings, never later than the original minute.
          expect(localParts(back, tz)).toEqual(p);
          expect(back.getTime()).toBeLessThanOrEqual(Math.floor(instant.getTime() / 60_000) * 60_000);
        },
      ),
    );
  });
});

describe('resolveLocalTime', () => {
  it('reports both instants of an ambiguous time', () => {
    expect(resolveLocalTime(local(2026, 10, 25, 2, 30), ROME)).toEqual({
      kind: 'ambiguous',
      earlier: at('2026-10-25T00:30:00Z'),
      later: at('2026-10-25T01:30:00Z'),
    });
  });

  it('reports the shifted time and the transition of a gap', () => {
    expect(resolveLocalTime(local(2026, 3, 29, 2, 30), ROME)).toEqual({
      kind: 'gap',
      shifted: at('2026-03-29T01:30:00Z'),
      transition: at('2026-03-29T01:00:00Z'),
    });
    // Lord Howe moves by only 30 minutes.
    expect(resolveLocalTime(local(2026, 10, 4, 2, 10), 'Australia/Lord_Howe')).toMatchObject({ kind: 'gap' });
  });
});

describe('localDate and addLocalDays', () => {
  it.each([
    ['2026-03-28T23:30:00Z', ROME, '2026-03-29'],
    ['2026-03-28T22:59:00Z', ROME, '2026-03-28'],
    ['2026-06-01T19:00:00Z', 'Asia/Karachi', '2026-06-02'],
    ['2026-06-01T03:00:00Z', 'America/New_York', '2026-05-31'],
  ])('localDate(%s, %s) = %s', (iso, tz, expected) => {
    expect(localDate(at(iso), tz)).toBe(expected);
  });

  it.each([
    ['2026-03-28', 1, '2026-03-29'],
    ['2026-03-29', 1, '2026-03-30'], // a 23-hour day is still one day
    ['2026-10-25', -1, '2026-10-24'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-31', 0, '2026-01-31'],
  ])('addLocalDays(%s, %d) = %s', (iso, n, expected) => {
    expect(addLocalDays(iso, n)).toBe(expected);
  });

  it('rejects malformed dates and fractional days', () => {
    expect(() => addLocalDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addLocalDays('26-1-1', 1)).toThrow(RangeError);
    expect(() => addLocalDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => parseIsoDate('2026-04-31')).toThrow(RangeError);
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Rome', true],
    ['Asia/Karachi', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Europe/Atlantis', false],
    ['', false],
    ['   ', false],
  ])('%s → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});
