import { describe, expect, it } from 'vitest';
import { PUOI, programmeRulesSchema, type ServiceArea } from '../../../core/programme/programme';
import { checkHourEntry, remainingHours, type ExistingHourEntry, type HourEntryInput } from '../../../core/tutor/hour-rules';

const TODAY = '2026-11-25';
const PATH = { startDate: '2026-01-12' };

function input(patch: Partial<HourEntryInput> = {}): HourEntryInput {
  return { hours: 2, area: 'tutoring', date: '2026-11-20', beneficiaryPath: PATH, existing: [], today: TODAY, rules: PUOI, ...patch };
}

let seq = 0;
function entry(area: ServiceArea, date: string, hours: number, id = `e${++seq}`): ExistingHourEntry {
  return { id, area, date, hours };
}

function codes(r: ReturnType<typeof checkHourEntry>): string[] {
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('checkHourEntry: hours and steps', () => {
  it('accepts a plain entry and says what remains', () => {
    expect(checkHourEntry(input())).toEqual({ ok: true, remainingAfter: 14 });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d hours as not positive', (hours) => {
    expect(codes(checkHourEntry(input({ hours })))).toEqual(['not_positive']);
  });

  it.each([0.3, 1.25, 2.1, 0.1 + 0.2, 1.0001])('rejects %d as off the 0.5 step', (hours) => {
    expect(checkHourEntry(input({ hours }))).toEqual({ ok: false, errors: [{ code: 'bad_step', limit: 0.5 }] });
  });

  it.each([0.5, 1, 1.5, 7.5, 8])('accepts %d', (hours) => {
    expect(checkHourEntry(input({ hours })).ok).toBe(true);
  });

  it('uses the programme step, whatever it is', () => {
    const tenth = programmeRulesSchema.parse({ ...PUOI, hourStep: 0.1 });
    expect(checkHourEntry(input({ hours: 0.3, rules: tenth })).ok).toBe(true);
    expect(checkHourEntry(input({ hours: 0.1 + 0.2, rules: tenth })).ok).toBe(true);
  });
});

describe('checkHourEntry: daily maximum', () => {
  const day = '2026-11-20';

  it('sums every area on the day', () => {
    const existing = [entry('reception', day, 2), entry('specialist_orientation', day, 3.5)];
    expect(checkHourEntry(input({ hours: 2.5, existing })).ok).toBe(true);
    expect(checkHourEntry(input({ hours: 3, existing }))).toEqual({ ok: false, errors: [{ code: 'over_daily_max', remaining: 2.5, limit: 8 }] });
  });

  it('ignores other days', () => {
    expect(checkHourEntry(input({ hours: 8, existing: [entry('reception', '2026-11-19', 4)] })).ok).toBe(true);
  });

  it('rejects more than 8 in one entry', () => {
    expect(codes(checkHourEntry(input({ hours: 8.5 })))).toEqual(['over_daily_max']);
  });

  it('excludes the replaced entry', () => {
    const existing = [entry('tutoring', day, 6, 'x'), entry('reception', day, 2)];
    expect(codes(checkHourEntry(input({ hours: 6, existing })))).toEqual(['over_daily_max']);
    expect(checkHourEntry(input({ hours: 6, existing, replaceEntryId: 'x' })).ok).toBe(true);
  });

  it('adds decimals exactly: 0.1 × 80 is exactly 8', () => {
    const tenth = programmeRulesSchema.parse({ ...PUOI, hourStep: 0.1 });
    const existing = Array.from({ length: 79 }, () => entry('complementary', day, 0.1));
    expect(checkHourEntry(input({ hours: 0.1, area: 'reception', existing, rules: tenth })).ok).toBe(true);
  });
});

describe('checkHourEntry: dates', () => {
  it('refuses the future, accepts today', () => {
    expect(codes(checkHourEntry(input({ date: '2026-11-26' })))).toEqual(['future_date']);
    expect(checkHourEntry(input({ date: TODAY })).ok).toBe(true);
  });

  it('refuses dates outside the path, naming the boundary', () => {
    expect(checkHourEntry(input({ date: '2026-01-11' }))).toEqual({ ok: false, errors: [{ code: 'before_path', boundary: '2026-01-12' }] });
    expect(checkHourEntry(input({ date: '2026-01-12' })).ok).toBe(true);
    const ended = { startDate: '2026-01-12', endDate: '2026-10-31' };
    expect(checkHourEntry(input({ date: '2026-11-01', beneficiaryPath: ended }))).toEqual({ ok: false, errors: [{ code: 'after_path', boundary: '2026-10-31' }] });
    expect(checkHourEntry(input({ date: '2026-10-31', beneficiaryPath: ended })).ok).toBe(true);
  });

  it('refuses an impossible date', () => {
    expect(codes(checkHourEntry(input({ date: '2026-02-30' })))).toEqual(['invalid_date']);
  });
});

describe('checkHourEntry: caps', () => {
  it.each([
    ['reception', 4],
    ['specialist_orientation', 16],
    ['tutoring', 16],
    ['complementary', 24],
  ] as const)('%s: cap %i', (area, cap) => {
    const existing = Array.from({ length: cap - 1 }, (_, i) => entry(area, `2026-0${2 + Math.floor(i / 8)}-${String(10 + (i % 8)).padStart(2, '0')}`, 1));
    expect(checkHourEntry(input({ area, hours: 1, existing })).ok && checkHourEntry(input({ area, hours: 1, existing }))).toMatchObject({ remainingAfter: 0 });
    expect(checkHourEntry(input({ area, hours: 1.5, existing }))).toEqual({ ok: false, errors: [{ code: 'over_cap', remaining: 1, limit: cap }] });
  });

  it('counts only the same area', () => {
    const existing = [entry('reception', '2026-02-01', 4)];
    expect(checkHourEntry(input({ area: 'tutoring', hours: 2, existing }))).toEqual({ ok: true, remainingAfter: 14 });
  });

  it('a replacement frees the replaced hours', () => {
    const existing = [entry('reception', '2026-02-01', 3, 'r1'), entry('reception', '2026-02-02', 1)];
    expect(codes(checkHourEntry(input({ area: 'reception', hours: 2, existing })))).toEqual(['over_cap']);
    expect(checkHourEntry(input({ area: 'reception', hours: 2, existing, replaceEntryId: 'r1' }))).toEqual({ ok: true, remainingAfter: 1 });
  });

  it('an unknown replaceEntryId frees nothing', () => {
    const existing = [entry('reception', '2026-02-01', 4)];
    expect(codes(checkHourEntry(input({ area: 'reception', hours: 1, existing, replaceEntryId: 'nope' })))).toEqual(['over_cap']);
  });

  it('an area missing from the rules has no hours', () => {
    const percorsiLike = programmeRulesSchema.parse({ ...PUOI, serviceAreas: [{ area: 'reception', capHours: 6 }] });
    expect(checkHourEntry(input({ area: 'complementary', hours: 1, rules: percorsiLike }))).toEqual({ ok: false, errors: [{ code: 'over_cap', remaining: 0, limit: 0 }] });
  });

  it('reports every error at once', () => {
    const existing = [entry('reception', '2026-11-26', 4)];
    expect(codes(checkHourEntry(input({ area: 'reception', hours: 2, date: '2026-11-26', existing })))).toEqual(['future_date', 'over_cap']);
    expect(codes(checkHourEntry(input({ hours: 0.3, date: '2025-01-01' })))).toEqual(['bad_step', 'before_path']);
  });
});

describe('checkHourEntry: the 8 job-orientation hours reserved for after the internship', () => {
  const jo = (date: string, hours: number, id?: string) => entry('job_orientation', date, hours, id);
  const before24 = [jo('2026-03-10', 8), jo('2026-04-10', 8), jo('2026-05-10', 8)];
  const ended = { startDate: '2026-01-12', internshipEndDate: '2026-09-30' };

  it('without an internship end only 24 of 32 can be used', () => {
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 0.5, existing: before24 }))).toEqual({
      ok: false,
      errors: [{ code: 'reserved_after_internship', remaining: 0, limit: 24 }],
    });
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 4, existing: before24.slice(0, 2) }))).toEqual({ ok: true, remainingAfter: 12, remainingBeforeReserveAfter: 4 });
  });

  it('up to and including the end day, the reserve still applies', () => {
    expect(codes(checkHourEntry(input({ area: 'job_orientation', hours: 1, date: '2026-09-30', existing: before24, beneficiaryPath: ended })))).toEqual(['reserved_after_internship']);
  });

  it('after the end, the reserved hours can be used', () => {
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 8, date: '2026-10-01', existing: before24, beneficiaryPath: ended }))).toEqual({ ok: true, remainingAfter: 0 });
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 8.5, date: '2026-10-01', existing: before24, beneficiaryPath: ended }))).toMatchObject({
      ok: false,
      errors: [{ code: 'over_daily_max' }, { code: 'over_cap', remaining: 8 }],
    });
  });

  it('after the end, more than 8 may be used if the time before left room', () => {
    const existing = [jo('2026-03-10', 8), jo('2026-10-05', 8)];
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 8, date: '2026-10-20', existing, beneficiaryPath: ended }))).toEqual({ ok: true, remainingAfter: 8 });
  });

  it('hours dated after the end do not eat the pre-end budget', () => {
    const existing = [jo('2026-10-05', 8), jo('2026-03-10', 8), jo('2026-04-10', 8)];
    // 16 before + 8 after: 8 more before the end reach 24 before (allowed) and 32 in all (allowed).
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 8, date: '2026-05-20', existing, beneficiaryPath: ended }))).toEqual({
      ok: true,
      remainingAfter: 0,
      remainingBeforeReserveAfter: 0,
    });
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 4, date: '2026-05-20', existing: existing.slice(1), beneficiaryPath: ended }))).toEqual({
      ok: true,
      remainingAfter: 12,
      remainingBeforeReserveAfter: 4,
    });
  });

  it('a replacement before the end frees pre-end hours', () => {
    const existing = [jo('2026-03-10', 8, 'j1'), jo('2026-04-10', 8), jo('2026-05-10', 8)];
    expect(checkHourEntry(input({ area: 'job_orientation', hours: 6, date: '2026-03-10', existing, replaceEntryId: 'j1' }))).toEqual({
      ok: true,
      remainingAfter: 10,
      remainingBeforeReserveAfter: 2,
    });
  });
});

describe('checkHourEntry: same-day duplicates', () => {
  const day = '2026-11-20';

  it('reports an entry with the same area and day', () => {
    const existing = [entry('reception', day, 1), entry('tutoring', day, 2, 'dup'), entry('tutoring', '2026-11-19', 2)];
    expect(checkHourEntry(input({ hours: 1, existing }))).toEqual({ ok: true, remainingAfter: 11, sameDayDuplicate: { id: 'dup', hours: 2 } });
  });

  it('does not report the entry being replaced', () => {
    const existing = [entry('tutoring', day, 2, 'dup')];
    expect(checkHourEntry(input({ hours: 3, existing, replaceEntryId: 'dup' }))).toEqual({ ok: true, remainingAfter: 13 });
  });

  it('does not report other areas or days', () => {
    const existing = [entry('reception', day, 2), entry('tutoring', '2026-11-21', 2)];
    expect(checkHourEntry(input({ hours: 1, existing }))).not.toHaveProperty('sameDayDuplicate');
  });
});

describe('remainingHours', () => {
  it('is the cap minus the area sum, never negative', () => {
    const existing = [entry('tutoring', '2026-02-01', 0.5), entry('tutoring', '2026-02-02', 5), entry('reception', '2026-02-02', 4)];
    expect(remainingHours(PUOI, 'tutoring', existing)).toBe(10.5);
    expect(remainingHours(PUOI, 'reception', existing)).toBe(0);
    expect(remainingHours(PUOI, 'job_orientation', existing)).toBe(32);
    expect(remainingHours(PUOI, 'reception', [entry('reception', '2026-02-02', 6)])).toBe(0);
  });

  it('adds decimals exactly', () => {
    const existing = Array.from({ length: 10 }, () => entry('tutoring', '2026-02-01', 0.1));
    expect(remainingHours(PUOI, 'tutoring', existing)).toBe(15);
  });
});

describe('checkHourEntry: when hours may be dated (programme rules)', () => {
  const running = { status: 'in_progress' as const, startDate: '2026-10-01' };

  it('tutoring only for an internship that has started, from its start to its end', () => {
    expect(codes(checkHourEntry(input({ internship: null })))).toEqual(['no_internship']);
    for (const status of ['clearance_requested', 'clearance_granted', 'clearance_refused', 'cancelled'] as const) {
      expect(codes(checkHourEntry(input({ internship: { status } }))), status).toEqual(['no_internship']);
    }
    expect(checkHourEntry(input({ internship: running })).ok).toBe(true);
    expect(checkHourEntry(input({ internship: running, date: '2026-09-30' }))).toEqual({ ok: false, errors: [{ code: 'before_internship', boundary: '2026-10-01' }] });
    const ended = { status: 'ceased' as const, startDate: '2026-10-01', endDate: '2026-11-10' };
    expect(checkHourEntry(input({ internship: ended, date: '2026-11-10' })).ok).toBe(true);
    expect(checkHourEntry(input({ internship: ended, date: '2026-11-11' }))).toEqual({ ok: false, errors: [{ code: 'after_internship', boundary: '2026-11-10' }] });
    // An activation with a start still to come: no tutoring yet.
    expect(codes(checkHourEntry(input({ internship: { status: 'activated', startDate: '2026-12-01' } })))).toEqual(['before_internship']);
  });

  it('orientation up to its phase end; the complementary action anytime; other areas ignore the internship', () => {
    expect(checkHourEntry(input({ area: 'specialist_orientation', phase: { endDate: '2026-11-19' } }))).toEqual({ ok: false, errors: [{ code: 'after_phase', boundary: '2026-11-19' }] });
    expect(checkHourEntry(input({ area: 'specialist_orientation', phase: { endDate: '2026-11-20' } })).ok).toBe(true);
    expect(checkHourEntry(input({ area: 'specialist_orientation', phase: { endDate: null }, internship: null })).ok).toBe(true);
    expect(checkHourEntry(input({ area: 'complementary', phase: { endDate: '2026-01-20' }, internship: null })).ok).toBe(true);
  });

  it('the window is programme data: a programme may allow tutoring anytime', () => {
    const loose = programmeRulesSchema.parse({ ...PUOI, serviceAreas: PUOI.serviceAreas.map((a) => (a.area === 'tutoring' ? { ...a, window: 'path' } : a)) });
    expect(checkHourEntry(input({ rules: loose, internship: null })).ok).toBe(true);
  });

  it('rules stored before the window existed get the default (tutoring with the internship)', () => {
    const stored = programmeRulesSchema.parse(JSON.parse(JSON.stringify({ ...PUOI, serviceAreas: PUOI.serviceAreas.map(({ window: _w, ...a }) => a) })));
    expect(codes(checkHourEntry(input({ rules: stored, internship: null })))).toEqual(['no_internship']);
  });
});
