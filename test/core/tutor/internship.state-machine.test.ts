import { describe, expect, it } from 'vitest';
import { PUOI } from '../../../core/programme/programme';
import {
  allowedEvents,
  EVENT_TYPES,
  INTERNSHIP_STATUSES,
  monthsDone,
  plannedEndDate,
  reportingStatus,
  transition,
  type EventType,
  type InternshipEvent,
  type InternshipSnapshot,
  type InternshipStatus,
} from '../../../core/tutor/internship.state-machine';

/** A valid example of every event, dated so it fits every snapshot below. */
const EVENTS: Record<EventType, InternshipEvent> = {
  request_clearance: { type: 'request_clearance', date: '2026-01-10' },
  grant_clearance: { type: 'grant_clearance', date: '2026-02-01' },
  refuse_clearance: { type: 'refuse_clearance', date: '2026-02-01', reason: 'documenti incompleti' },
  activate: { type: 'activate', startDate: '2026-03-02', hostCompany: 'Edilizia Rossi srl', atecoSection: 'F', province: 'TO' },
  start: { type: 'start' },
  conclude: { type: 'conclude', endDate: '2026-09-01' },
  cease: { type: 'cease', date: '2026-05-15', reason: 'found_job' },
  cancel: { type: 'cancel', date: '2026-02-20' },
};

const BASE: InternshipSnapshot = { status: 'clearance_requested', clearanceRequestedOn: '2026-01-10' };
const SNAPSHOTS: Record<InternshipStatus | 'none', InternshipSnapshot | null> = {
  none: null,
  clearance_requested: BASE,
  clearance_granted: { ...BASE, status: 'clearance_granted', clearanceDecidedOn: '2026-02-01' },
  clearance_refused: { ...BASE, status: 'clearance_refused', clearanceDecidedOn: '2026-02-01' },
  not_activated: { ...BASE, status: 'not_activated', clearanceDecidedOn: '2026-02-01' },
  activated: { ...BASE, status: 'activated', clearanceDecidedOn: '2026-02-01', startDate: '2026-03-02', plannedEndDate: '2026-09-02', hostCompany: 'X', atecoSection: 'F', province: 'Torino' },
  in_progress: { ...BASE, status: 'in_progress', clearanceDecidedOn: '2026-02-01', startDate: '2026-03-02', plannedEndDate: '2026-09-02', hostCompany: 'X', atecoSection: 'F', province: 'Torino' },
  concluded: { ...BASE, status: 'concluded', startDate: '2026-03-02', endDate: '2026-09-02' },
  ceased: { ...BASE, status: 'ceased', startDate: '2026-03-02', endDate: '2026-05-15', ceaseReason: 'found_job' },
  cancelled: { ...BASE, status: 'cancelled', clearanceDecidedOn: '2026-02-01', cancelledOn: '2026-02-20' },
};

/** The expected machine, written out by hand: status → event → next status, or '-' when refused. */
type Row = Record<EventType, InternshipStatus | '-'>;
const EXPECTED: Record<InternshipStatus | 'none', Row> = {
  none: { request_clearance: 'clearance_requested', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
  clearance_requested: { request_clearance: '-', grant_clearance: 'clearance_granted', refuse_clearance: 'clearance_refused', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
  clearance_granted: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: 'activated', start: '-', conclude: '-', cease: '-', cancel: 'cancelled' },
  clearance_refused: { request_clearance: 'clearance_requested', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
  not_activated: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: 'activated', start: '-', conclude: '-', cease: '-', cancel: 'cancelled' },
  activated: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: 'in_progress', conclude: 'concluded', cease: 'ceased', cancel: '-' },
  in_progress: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: 'concluded', cease: 'ceased', cancel: '-' },
  concluded: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
  ceased: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
  cancelled: { request_clearance: '-', grant_clearance: '-', refuse_clearance: '-', activate: '-', start: '-', conclude: '-', cease: '-', cancel: '-' },
};

const FROM = ['none', ...INTERNSHIP_STATUSES] as const;
const matrix = FROM.flatMap((from) => EVENT_TYPES.map((event) => [from, event, EXPECTED[from][event]] as const));

describe('internship state machine: full matrix', () => {
  it('covers every status × event', () => {
    expect(matrix).toHaveLength((INTERNSHIP_STATUSES.length + 1) * EVENT_TYPES.length);
  });

  it.each(matrix)('%s + %s → %s', (from, event, expected) => {
    const r = transition(SNAPSHOTS[from], EVENTS[event], PUOI);
    if (expected === '-') {
      expect(r).toMatchObject({ ok: false, code: 'invalid_transition' });
      if (!r.ok) expect(r.allowed).toEqual(allowedEvents(from === 'none' ? null : from));
    } else {
      expect(r).toMatchObject({ ok: true, next: { status: expected } });
    }
  });

  it.each(FROM)('allowedEvents(%s) agrees with the table', (from) => {
    const expected = EVENT_TYPES.filter((e) => EXPECTED[from][e] !== '-');
    expect(allowedEvents(from === 'none' ? null : from)).toEqual(expected);
  });
});

describe('internship state machine: payloads and dates', () => {
  const granted = SNAPSHOTS.clearance_granted;
  const inProgress = SNAPSHOTS.in_progress;

  it('activation sets the company, sector, province and planned end', () => {
    const r = transition(granted, { type: 'activate', startDate: '2026-08-31', hostCompany: '  Agricola Bianchi  ', atecoSection: 'a' as 'A', province: 'cn' }, PUOI);
    expect(r).toEqual({
      ok: true,
      next: { ...granted, status: 'activated', startDate: '2026-08-31', plannedEndDate: '2027-02-28', hostCompany: 'Agricola Bianchi', atecoSection: 'A', province: 'Cuneo' },
    });
  });

  it.each([
    ['ATECO letter outside A..U', { atecoSection: 'Z' }],
    ['empty company', { hostCompany: '   ' }],
    ['a province that does not exist', { province: 'XX' }],
    ['impossible date', { startDate: '2026-02-30' }],
    ['start before the clearance', { startDate: '2026-01-15' }],
  ])('activation rejects %s', (_label, patch) => {
    const r = transition(granted, { ...EVENTS.activate, ...patch } as InternshipEvent, PUOI);
    expect(r).toMatchObject({ ok: false, code: 'invalid_payload', allowed: ['activate', 'cancel'] });
  });

  it('conclude needs endDate ≥ startDate', () => {
    expect(transition(inProgress, { type: 'conclude', endDate: '2026-03-01' }, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(transition(inProgress, { type: 'conclude', endDate: '2026-03-02' }, PUOI)).toMatchObject({ ok: true, next: { status: 'concluded', endDate: '2026-03-02' } });
  });

  it('cease records reason and date; "other" needs a note', () => {
    expect(transition(inProgress, { type: 'cease', date: '2026-04-01', reason: 'other' }, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(transition(inProgress, { type: 'cease', date: '2026-04-01', reason: 'other', note: 'trasferito' }, PUOI)).toMatchObject({
      ok: true,
      next: { status: 'ceased', endDate: '2026-04-01', ceaseReason: 'other', ceaseNote: 'trasferito' },
    });
    expect(transition(inProgress, { type: 'cease', date: '2026-04-01', reason: 'bored' } as unknown as InternshipEvent, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(transition(inProgress, { type: 'cease', date: '2026-02-01', reason: 'absences' }, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('start may move the start date and the planned end', () => {
    expect(transition(SNAPSHOTS.activated, { type: 'start', date: '2026-03-09' }, PUOI)).toMatchObject({ ok: true, next: { status: 'in_progress', startDate: '2026-03-09', plannedEndDate: '2026-09-09' } });
  });

  it('a decision cannot precede the request, a cancellation the clearance', () => {
    expect(transition(SNAPSHOTS.clearance_requested, { type: 'grant_clearance', date: '2026-01-01' }, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(transition(granted, { type: 'cancel', date: '2026-01-20' }, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('a new request after a refusal starts a fresh snapshot', () => {
    expect(transition(SNAPSHOTS.clearance_refused, { type: 'request_clearance', date: '2026-03-01' }, PUOI)).toEqual({ ok: true, next: { status: 'clearance_requested', clearanceRequestedOn: '2026-03-01' } });
  });

  it('rejects unknown events and garbage without throwing', () => {
    expect(transition(granted, { type: 'explode' } as unknown as InternshipEvent, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload', allowed: ['activate', 'cancel'] });
    expect(transition(granted, null as unknown as InternshipEvent, PUOI)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('a status string unknown to the table allows nothing and does not throw', () => {
    expect(allowedEvents('archived' as InternshipStatus)).toEqual([]);
    expect(transition({ status: 'archived' as InternshipStatus }, EVENTS.conclude, PUOI)).toMatchObject({ ok: false, code: 'invalid_transition', allowed: [] });
  });

  it('does not mutate the snapshot', () => {
    const before = structuredClone(inProgress);
    transition(inProgress, EVENTS.conclude, PUOI);
    expect(inProgress).toEqual(before);
  });

  it('reports "granted" as "not activated"', () => {
    expect(INTERNSHIP_STATUSES.map((s) => [s, reportingStatus(s)])).toEqual([
      ['clearance_requested', null],
      ['clearance_granted', 'not_activated'],
      ['clearance_refused', null],
      ['not_activated', 'not_activated'],
      ['activated', 'activated'],
      ['in_progress', 'in_progress'],
      ['concluded', 'concluded'],
      ['ceased', 'ceased'],
      ['cancelled', null],
    ]);
  });
});

describe('plannedEndDate and monthsDone', () => {
  it.each([
    ['2026-03-02', 6, '2026-09-02'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-07-31', 6, '2027-01-31'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-05-31', 6, '2026-11-30'],
    ['2026-01-10', 0, '2026-01-10'],
    ['2026-02-30', 6, ''],
  ])('%s + %i months = %s', (start, months, end) => {
    expect(plannedEndDate(start, months)).toBe(end);
  });

  it.each([
    ['2026-03-02', '2026-03-01', 0],
    ['2026-03-02', '2026-03-02', 0],
    ['2026-03-02', '2026-04-01', 0],
    ['2026-03-02', '2026-04-02', 1],
    ['2026-03-02', '2026-09-02', 6],
    ['2026-08-31', '2027-02-27', 5],
    ['2026-08-31', '2027-02-28', 6],
    ['2026-01-31', '2026-02-28', 1],
    ['2025-11-25', '2026-11-25', 12],
    ['bad', '2026-11-25', 0],
  ])('monthsDone(%s, %s) = %i', (start, today, n) => {
    expect(monthsDone(start, today)).toBe(n);
  });
});
