import { describe, expect, it } from 'vitest';
import { transitionDateProblem, transitionWarnings } from '../../../core/tutor/internship.rules';

const PATH = { startDate: '2026-06-01', endDate: null };
const TODAY = '2026-11-25';

describe('internship dates for this path', () => {
  it('Nulla Osta requests and decisions inside the path, not in the future', () => {
    expect(transitionDateProblem('request_clearance', '2026-05-31', PATH, TODAY)).toEqual({ code: 'before_path', boundary: '2026-06-01' });
    expect(transitionDateProblem('grant_clearance', '2026-06-01', PATH, TODAY)).toBeNull();
    expect(transitionDateProblem('refuse_clearance', '2026-11-26', PATH, TODAY)).toEqual({ code: 'future' });
    expect(transitionDateProblem('conclude', '2026-11-20', { startDate: '2026-06-01', endDate: '2026-11-10' }, TODAY)).toEqual({ code: 'after_path', boundary: '2026-11-10' });
  });

  it('an activation may start in the future, up to about three months ahead', () => {
    expect(transitionDateProblem('activate', '2027-02-20', PATH, TODAY)).toBeNull();
    expect(transitionDateProblem('activate', '2027-02-26', PATH, TODAY)).toEqual({ code: 'too_far_ahead', boundary: '2027-02-25' });
  });

  it('concluding more than 30 days before the planned end is a warning; ceasing early is not; ending very late is', () => {
    const s = { status: 'in_progress' as const, startDate: '2026-06-15', plannedEndDate: '2026-12-15' };
    expect(transitionWarnings('conclude', '2026-11-10', s)).toEqual([{ code: 'ends_early', planned: '2026-12-15', days: 35 }]);
    expect(transitionWarnings('conclude', '2026-11-20', s)).toEqual([]);
    expect(transitionWarnings('cease', '2026-08-01', s)).toEqual([]);
    expect(transitionWarnings('conclude', '2027-01-20', s)).toEqual([{ code: 'ends_late', planned: '2026-12-15', days: 36 }]);
    expect(transitionWarnings('start', '2026-11-10', s)).toEqual([]);
  });
});
