/** The report figures on DOMAIN.md's own numbers: the status overlap, the funnel, the outcome shares. */
import { describe, expect, it } from 'vitest';
import { clearanceFunnel, employmentOutcomes, hostCompaniesByAteco, hoursByArea, internshipStatusTable } from '../../../core/reports/report.aggregate';
import type { InternshipFact } from '../../../core/reports/report.ports';
import { PUOI } from '../../../core/programme/programme';

const many = (n: number, f: Partial<InternshipFact>): InternshipFact[] =>
  Array.from({ length: n }, () => ({ province: 'Torino', status: 'in_progress', clearanceStatus: 'granted', atecoSection: null, hostCompany: null, ...f }));

describe('internship status table', () => {
  it('reproduces Torino: 71 not activated, 191 activated (23 + 106 + 62), 262 total', () => {
    const facts = [...many(71, { status: 'not_activated' }), ...many(23, { status: 'in_progress' }), ...many(106, { status: 'concluded' }), ...many(62, { status: 'ceased' })];
    const { rows, total } = internshipStatusTable(facts);
    expect(rows).toEqual([{ province: 'Torino', notActivated: 71, activated: 191, inProgress: 23, concluded: 106, ceased: 62, total: 262 }]);
    expect(total.total).toBe(262);
  });

  it('counts only internships with a clearance granted, and "activated" rows as in progress', () => {
    const facts = [...many(2, { status: 'activated' }), ...many(3, { status: 'clearance_requested', clearanceStatus: 'requested' }), ...many(1, { status: 'cancelled', province: 'Cuneo' })];
    const { rows, total } = internshipStatusTable(facts);
    expect(rows.map((r) => r.province)).toEqual(['Cuneo', 'Torino']);
    expect(total).toMatchObject({ notActivated: 1, activated: 2, inProgress: 2, total: 3 });
    for (const r of rows) expect(r.activated).toBe(r.inProgress + r.concluded + r.ceased);
  });
});

describe('clearance funnel', () => {
  it('requested → granted → started → cancelled, with the refused and the waiting apart', () => {
    const f = clearanceFunnel([
      ...many(5, { status: 'concluded' }),
      ...many(2, { status: 'cancelled' }),
      ...many(1, { status: 'clearance_granted' }),
      ...many(3, { status: 'clearance_refused', clearanceStatus: 'refused' }),
      ...many(4, { status: 'clearance_requested', clearanceStatus: 'requested' }),
      ...many(1, { status: 'not_activated', clearanceStatus: 'none' }),
    ]);
    expect(f).toEqual({ requested: 15, granted: 8, started: 5, cancelled: 2, waiting: 1 });
  });

  it('a granted internship stored as not_activated is waiting to start, not cancelled', () => {
    const f = clearanceFunnel([...many(3, { status: 'not_activated' }), ...many(1, { status: 'cancelled' }), ...many(2, { status: 'in_progress' })]);
    expect(f).toEqual({ requested: 6, granted: 6, started: 2, cancelled: 1, waiting: 3 });
  });
});

describe('employment outcomes', () => {
  it('shares of the follow-ups due, one decimal: 419 of 1,782 = 23.5%', () => {
    const facts = [
      ...Array.from({ length: 419 }, () => ({ monthsAfter: 3, status: 'answered', employed: true })),
      ...Array.from({ length: 1300 }, () => ({ monthsAfter: 3, status: 'answered', employed: false })),
      ...Array.from({ length: 63 }, () => ({ monthsAfter: 3, status: 'pending', employed: null })),
    ];
    const [three, six] = employmentOutcomes(facts, [3, 6]);
    expect(three).toEqual({ months: 3, due: 1782, answered: 1719, employed: 419, percent: 23.5 });
    expect(six).toEqual({ months: 6, due: 0, answered: 0, employed: 0, percent: 0 });
  });
});

describe('host companies and hours', () => {
  it('counts distinct companies per ATECO section, among started internships', () => {
    const rows = hostCompaniesByAteco([
      ...many(1, { atecoSection: 'f', hostCompany: 'Edilizia Srl' }),
      ...many(1, { atecoSection: 'F', hostCompany: 'edilizia srl ', status: 'concluded' }),
      ...many(1, { atecoSection: 'F', hostCompany: 'Cantieri Po' }),
      ...many(1, { atecoSection: 'I', hostCompany: 'Bar Sport', status: 'not_activated' }),
    ]);
    expect(rows).toEqual([{ section: 'F', companies: 2, internships: 3 }]);
  });

  it('sums hours per area against the PUOI caps and flags paths above them', () => {
    const rows = hoursByArea(
      { delivered: [{ pathId: 'p1', area: 'reception', hours: 4 }, { pathId: 'p2', area: 'reception', hours: 2 }, { pathId: 'p1', area: 'tutoring', hours: 16.5 }], planned: [{ pathId: 'p1', area: 'reception', plannedHours: 4 }, { pathId: 'p2', area: 'reception', plannedHours: 4 }] },
      PUOI,
    );
    expect(rows.find((r) => r.area === 'reception')).toEqual({ area: 'reception', delivered: 6, beneficiaries: 2, average: 3, cap: 4, planned: 8, overCap: 0 });
    expect(rows.find((r) => r.area === 'tutoring')?.overCap).toBe(1);
    expect(rows.map((r) => r.area)).toEqual(PUOI.serviceAreas.map((a) => a.area));
  });
});
