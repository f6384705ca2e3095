/** The report figures on DOMAIN.md's own numbers: the status columns, the funnel, the outcome shares, empty denominators. */
import { describe, expect, it } from 'vitest';
import { clearanceFunnel, employmentOutcomes, hostCompaniesByAteco, hoursByArea, internshipStatusTable, percent } from '../../../core/reports/report.aggregate';
import type { InternshipCount } from '../../../core/reports/report.ports';
import { PUOI } from '../../../core/programme/programme';

const n = (count: number, f: Partial<InternshipCount>): InternshipCount => ({ province: 'Torino', status: 'in_progress', clearanceStatus: 'granted', count, ...f });

describe('internship status table', () => {
  it('reproduces Torino: 191 activated (23 + 106 + 62), with the not activated and the cancelled apart', () => {
    const { rows, total } = internshipStatusTable([n(50, { status: 'not_activated' }), n(21, { status: 'cancelled' }), n(23, { status: 'in_progress' }), n(106, { status: 'concluded' }), n(62, { status: 'ceased' })]);
    expect(rows).toEqual([{ province: 'Torino', notActivated: 50, cancelled: 21, activated: 191, inProgress: 23, concluded: 106, ceased: 62, total: 262 }]);
    expect(total.total).toBe(262);
  });

  it('counts only internships with a clearance granted; "activated" rows count as in progress; cancelled is never "not activated"', () => {
    const facts = [n(2, { status: 'activated' }), n(3, { status: 'clearance_requested', clearanceStatus: 'requested' }), n(1, { status: 'cancelled', province: 'Cuneo' }), n(4, { status: 'clearance_granted', province: 'Cuneo' })];
    const { rows, total } = internshipStatusTable(facts);
    expect(rows.map((r) => r.province)).toEqual(['Cuneo', 'Torino']);
    expect(rows[0]).toMatchObject({ notActivated: 4, cancelled: 1, total: 5 });
    expect(total).toMatchObject({ notActivated: 4, cancelled: 1, activated: 2, inProgress: 2, total: 7 });
    for (const r of rows) expect(r.total).toBe(r.notActivated + r.cancelled + r.inProgress + r.concluded + r.ceased);
  });

  it('groups provinces into larger places when asked (regions for a national coordinator)', () => {
    const region = (p: string) => (p === 'Milano' ? 'Lombardia' : 'Piemonte');
    const { rows } = internshipStatusTable([n(2, {}), n(3, { province: 'Cuneo', status: 'concluded' }), n(5, { province: 'Milano' })], region);
    expect(rows.map((r) => [r.province, r.total])).toEqual([['Lombardia', 5], ['Piemonte', 5]]);
  });
});

describe('clearance funnel', () => {
  it('requested → granted / refused / pending, and granted → started / cancelled / waiting', () => {
    const f = clearanceFunnel([
      n(5, { status: 'concluded' }),
      n(2, { status: 'cancelled' }),
      n(1, { status: 'clearance_granted' }),
      n(3, { status: 'clearance_refused', clearanceStatus: 'refused' }),
      n(4, { status: 'clearance_requested', clearanceStatus: 'requested' }),
      n(1, { status: 'not_activated', clearanceStatus: 'none' }),
    ]);
    expect(f).toEqual({ requested: 15, granted: 8, refused: 3, pending: 4, started: 5, cancelled: 2, waiting: 1 });
    expect(f.granted + f.refused + f.pending).toBe(f.requested);
    expect(f.started + f.cancelled + f.waiting).toBe(f.granted);
  });

  it('the national figures: 3,734 granted = 2,121 started + 1,613 cancelled', () => {
    const f = clearanceFunnel([n(2121, { status: 'concluded' }), n(1613, { status: 'cancelled' }), n(1365, { status: 'clearance_refused', clearanceStatus: 'refused' })]);
    expect(f).toMatchObject({ requested: 5099, granted: 3734, started: 2121, cancelled: 1613, waiting: 0 });
    expect(percent(f.granted, f.requested)).toBe(73.2);
  });
});

describe('employment outcomes', () => {
  it('shares of the follow-ups due, one decimal: 419 of 1,782 = 23.5%; nothing due is no share at all', () => {
    const facts = [
      { monthsAfter: 3, status: 'answered', employed: true, count: 419 },
      { monthsAfter: 3, status: 'answered', employed: false, count: 1300 },
      { monthsAfter: 3, status: 'pending', employed: null, count: 63 },
    ];
    const [three, six] = employmentOutcomes(facts, [3, 6]);
    expect(three).toEqual({ months: 3, due: 1782, answered: 1719, employed: 419, percent: 23.5 });
    expect(six).toEqual({ months: 6, due: 0, answered: 0, employed: 0, percent: null });
  });
});

describe('host companies and hours', () => {
  it('lists sections with the most companies first', () => {
    const rows = hostCompaniesByAteco([{ section: 'I', companies: 1, internships: 4 }, { section: 'F', companies: 2, internships: 3 }, { section: 'C', companies: 2, internships: 2 }]);
    expect(rows.map((r) => r.section)).toEqual(['C', 'F', 'I']);
  });

  it('averages hours per area against the PUOI caps; an area nobody received has no average', () => {
    const rows = hoursByArea([{ area: 'reception', delivered: 6, paths: 2, overCap: 0, planned: 8 }, { area: 'tutoring', delivered: 16.5, paths: 1, overCap: 1, planned: 16 }], PUOI);
    expect(rows.find((r) => r.area === 'reception')).toEqual({ area: 'reception', delivered: 6, beneficiaries: 2, average: 3, cap: 4, planned: 8, overCap: 0 });
    expect(rows.find((r) => r.area === 'tutoring')?.overCap).toBe(1);
    expect(rows.find((r) => r.area === 'complementary')).toMatchObject({ beneficiaries: 0, average: null });
    expect(rows.map((r) => r.area)).toEqual(PUOI.serviceAreas.map((a) => a.area));
  });
});
