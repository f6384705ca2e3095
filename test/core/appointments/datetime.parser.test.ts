/** The date and time a tutor types, read on their wall clock (Europe/Rome here). */
import { describe, expect, it } from 'vitest';
import { parseAppointmentDateTime } from '../../../core/appointments/datetime.parser';

const NOW = new Date('2026-11-23T09:00:00Z'); // Monday 23 November 2026, 10:00 in Rome
const TZ = 'Europe/Rome';

describe('parseAppointmentDateTime', () => {
  it.each([
    ['28/11 10:30', '2026-11-28T09:30:00.000Z'],
    ['28/11/2026 10.30', '2026-11-28T09:30:00.000Z'],
    ['28-11-26 9:05', '2026-11-28T08:05:00.000Z'],
    ['2026-11-28 10:30', '2026-11-28T09:30:00.000Z'],
    ['28/11 alle 15', '2026-11-28T14:00:00.000Z'],
    ['٢٨/١١ ١٠:٣٠', '2026-11-28T09:30:00.000Z'], // Arabic-Indic digits
    ['۲۸/۱۱ ۱۰:۳۰', '2026-11-28T09:30:00.000Z'], // Persian digits
    ['\u200F28/11\u200B 10:30 ', '2026-11-28T09:30:00.000Z'], // invisible marks
    ['10/01 09:00', '2027-01-10T08:00:00.000Z'], // no year, date passed this year → next year
    ['30/03/2027 09:00', '2027-03-30T07:00:00.000Z'], // summer time (UTC+2)
  ])('%s → %s', (typed, iso) => {
    const r = parseAppointmentDateTime(typed, TZ, NOW);
    expect(r).toEqual({ ok: true, startsAt: new Date(iso) });
  });

  it.each([
    ['tomorrow', 'format'],
    ['🙂', 'format'],
    ['x'.repeat(5000), 'format'],
    ['31/02 10:00', 'invalid_date'],
    ['28/11 25:00', 'invalid_date'],
    ['23/11/2026 09:00', 'past'],
    ['28/11/2028 10:00', 'too_far'],
  ])('%s → %s', (typed, error) => {
    expect(parseAppointmentDateTime(typed, TZ, NOW)).toEqual({ ok: false, error });
  });
});
