/**
 * Reminder planning on the beneficiary's wall clock: 24 h and 2 h before (PUOI), never in quiet
 * hours (21:00–08:00), and right across the changes to and from summer time in Europe/Rome.
 */
import { describe, expect, it } from 'vitest';
import { planReminders, reminderKey, planNotice, planDeclined } from '../../../core/appointments/reminder-plan';
import type { AppointmentView } from '../../../core/appointments/appointment.types';
import { PUOI } from '../../../core/programme/programme';
import { DEFAULT_QUIET_HOURS } from '../../../core/time/quiet-hours';

const policy = { offsetsMinutes: PUOI.appointmentReminderOffsetsMinutes, quietHours: DEFAULT_QUIET_HOURS };

function appointment(startsAt: string, over: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id: 'a1',
    kind: 'cpi',
    startsAt: new Date(startsAt),
    durationMin: 60,
    place: 'CPI',
    address: null,
    withWhom: null,
    bring: null,
    note: null,
    status: 'scheduled',
    response: 'none',
    declineReason: null,
    respondedAt: null,
    beneficiary: { id: 'b1', code: 'B-0001', fullName: 'Ahmed Hassan', timezone: 'Europe/Rome', remindersEnabled: true },
    tutor: { id: 't1', fullName: 'Giulia Ferrero' },
    createdById: 't1',
    ...over,
  };
}

const due = (items: ReturnType<typeof planReminders>) => Object.fromEntries(items.map((i) => [i.key, i.dueAt.toISOString()]));

describe('planReminders', () => {
  it('plans 24 h and 2 h before with deterministic keys; the 2 h one for 09:00 waits for 08:00', () => {
    // Wednesday 25 November 2026, 09:00 in Rome (CET, UTC+1).
    const items = planReminders(appointment('2026-11-25T08:00:00Z'), policy, new Date('2026-11-20T10:00:00Z'));
    expect(due(items)).toEqual({
      'appointment:a1:-1440m': '2026-11-24T08:00:00.000Z', // 09:00 the day before
      'appointment:a1:-120m': '2026-11-25T07:00:00.000Z', // 07:00 is quiet → 08:00 local
    });
    expect(items.every((i) => i.kind === 'appointment_reminder' && i.personId === 'b1')).toBe(true);
    expect(reminderKey('a1', 120)).toBe('appointment:a1:-120m');
  });

  it('after the change to summer time (29 March 2026) the day-before reminder is still at 09:00 local', () => {
    // Monday 30 March 2026, 09:00 CEST (UTC+2) = 07:00Z. The night before was 23 hours long.
    const items = planReminders(appointment('2026-03-30T07:00:00Z'), policy, new Date('2026-03-20T09:00:00Z'));
    expect(due(items)).toEqual({
      'appointment:a1:-1440m': '2026-03-29T07:00:00.000Z', // Sunday 29 March 09:00 CEST (23 real hours before)
      'appointment:a1:-120m': '2026-03-30T06:00:00.000Z', // 08:00 CEST
    });
  });

  it('after the change back to winter time (25 October 2026) the day-before reminder is still at 09:00 local', () => {
    // Monday 26 October 2026, 09:00 CET (UTC+1) = 08:00Z. The night before was 25 hours long.
    const items = planReminders(appointment('2026-10-26T08:00:00Z'), policy, new Date('2026-10-20T09:00:00Z'));
    expect(due(items)).toEqual({
      'appointment:a1:-1440m': '2026-10-25T08:00:00.000Z', // Sunday 25 October 09:00 CET (25 real hours before)
      'appointment:a1:-120m': '2026-10-26T07:00:00.000Z', // 08:00 CET
    });
  });

  it('moves a day-before reminder out of the night: 22:30 appointment → 08:00 the same day', () => {
    // 24 November 2026, 22:30 CET: 24 h before is 22:30 the day before (quiet) → 08:00 on the 24th; 2 h before is 20:30.
    const items = planReminders(appointment('2026-11-24T21:30:00Z'), policy, new Date('2026-11-20T10:00:00Z'));
    expect(due(items)).toEqual({ 'appointment:a1:-1440m': '2026-11-24T07:00:00.000Z', 'appointment:a1:-120m': '2026-11-24T19:30:00.000Z' });
  });

  it('uses the beneficiary time zone, not the server one', () => {
    const karachi = appointment('2026-11-25T04:00:00Z', { beneficiary: { id: 'b1', code: 'B-1', fullName: 'X', timezone: 'Asia/Karachi', remindersEnabled: true } });
    // 09:00 in Karachi (UTC+5): 2 h before is 07:00 local (quiet) → 08:00 local = 03:00Z.
    expect(due(planReminders(karachi, policy, new Date('2026-11-20T00:00:00Z')))['appointment:a1:-120m']).toBe('2026-11-25T03:00:00.000Z');
  });

  it('skips reminders whose time has passed, and plans none when declined, cancelled or stopped', () => {
    const a = appointment('2026-11-25T08:00:00Z');
    expect(Object.keys(due(planReminders(a, policy, new Date('2026-11-24T12:00:00Z'))))).toEqual(['appointment:a1:-120m']);
    expect(planReminders({ ...a, response: 'declined' }, policy, new Date('2026-11-20T00:00:00Z'))).toEqual([]);
    expect(planReminders({ ...a, status: 'cancelled' }, policy, new Date('2026-11-20T00:00:00Z'))).toEqual([]);
    expect(planReminders({ ...a, beneficiary: { ...a.beneficiary, remindersEnabled: false } }, policy, new Date('2026-11-20T00:00:00Z'))).toEqual([]);
  });

  it('sends notices at once in the day, at 08:00 when made at night; the tutor notice is urgent', () => {
    const a = appointment('2026-11-25T08:00:00Z');
    expect(planNotice(a, 'new', policy, new Date('2026-11-20T10:00:00Z')).dueAt.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(planNotice(a, 'new', policy, new Date('2026-11-20T21:30:00Z')).dueAt.toISOString()).toBe('2026-11-21T07:00:00.000Z');
    const declined = planDeclined(a, new Date('2026-11-20T10:00:00Z'), new Date('2026-11-20T10:00:00Z'), 0)!;
    expect(declined).toMatchObject({ personId: 't1', kind: 'appointment_declined', priority: 0, key: `appointment-declined:a1:${Date.parse('2026-11-20T10:00:00Z')}` });
  });
});
