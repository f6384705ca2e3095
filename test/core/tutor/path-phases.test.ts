import { describe, expect, it } from 'vitest';
import { allPhases, changedPhases, phaseAfterHours, phasesForInternship, type PhaseRow } from '../../../core/tutor/path-phases';
import type { InternshipSnapshot } from '../../../core/tutor/internship.state-machine';

const opened: PhaseRow[] = [
  { phase: 'reception', status: 'done', startDate: '2026-06-01', endDate: '2026-06-08' },
  { phase: 'specialist_orientation', status: 'in_progress', startDate: '2026-06-09', endDate: null },
  { phase: 'internship', status: 'not_started', startDate: null, endDate: null },
  { phase: 'job_orientation', status: 'not_started', startDate: null, endDate: null },
];
const byPhase = (rows: PhaseRow[]) => Object.fromEntries(rows.map((r) => [r.phase, [r.status, r.startDate, r.endDate]]));
const running: InternshipSnapshot = { status: 'in_progress', startDate: '2026-07-01', plannedEndDate: '2027-01-01' };

describe('path phases follow the internship', () => {
  it('an internship under way: orientation closed at its start, internship and job orientation in progress', () => {
    expect(byPhase(phasesForInternship(opened, running))).toEqual({
      reception: ['done', '2026-06-01', '2026-06-08'],
      specialist_orientation: ['done', '2026-06-09', '2026-07-01'],
      internship: ['in_progress', '2026-07-01', null],
      job_orientation: ['in_progress', '2026-07-01', null],
    });
  });

  it.each(['concluded', 'ceased'] as const)('%s: the internship is done on its end date, job orientation goes on', (status) => {
    const p = byPhase(phasesForInternship(phasesForInternship(opened, running), { ...running, status, endDate: '2026-10-15' }));
    expect(p.internship).toEqual(['done', '2026-07-01', '2026-10-15']);
    expect(p.job_orientation).toEqual(['in_progress', '2026-07-01', null]);
  });

  it.each(['clearance_requested', 'clearance_granted', 'clearance_refused', 'cancelled'] as const)('%s: the internship has not started', (status) => {
    const p = byPhase(phasesForInternship(phasesForInternship(opened, running), { status }));
    expect(p.internship).toEqual(['not_started', null, null]);
  });

  it('no internship any more (a correction): the internship phase is reset, the rest kept', () => {
    const after = phasesForInternship(phasesForInternship(opened, running), null);
    expect(byPhase(after).internship).toEqual(['not_started', null, null]);
    expect(byPhase(after).specialist_orientation?.[0]).toBe('done');
  });

  it('missing phase rows are supplied, and only changed rows are written', () => {
    expect(allPhases([]).map((p) => p.phase)).toEqual(['reception', 'specialist_orientation', 'internship', 'job_orientation']);
    const changed = changedPhases(opened, phasesForInternship(opened, running)).map((p) => p.phase);
    expect(changed).toEqual(['specialist_orientation', 'internship', 'job_orientation']);
    expect(changedPhases(opened, phasesForInternship(opened, null))).toEqual([]);
  });
});

describe('hours start a phase', () => {
  it('a phase not started starts on the day of its first hours; earlier hours move the start back', () => {
    expect(phaseAfterHours(opened, 'job_orientation', '2026-06-20')).toEqual({ phase: 'job_orientation', status: 'in_progress', startDate: '2026-06-20', endDate: null });
    expect(phaseAfterHours(opened, 'specialist_orientation', '2026-06-05')).toMatchObject({ startDate: '2026-06-05', status: 'in_progress' });
    expect(phaseAfterHours(opened, 'specialist_orientation', '2026-06-20')).toBeUndefined();
  });

  it('never the internship phase (only the internship moves it), never for the complementary action', () => {
    expect(phaseAfterHours(opened, 'tutoring', '2026-06-20')).toBeUndefined();
    expect(phaseAfterHours(opened, 'complementary', '2026-06-20')).toBeUndefined();
  });
});
