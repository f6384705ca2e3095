/**
 * The path phases a beneficiary sees in "My path", derived from what the tutor records, so the path
 * never contradicts the internship. Pure: the internship store writes the result in the same
 * transaction as the internship (and the hour store the start of a phase with its first hours).
 *
 * Decisions:
 * - The internship phase follows the internship: in progress from activation, done (with the end
 *   date) once concluded or ceased, not started otherwise (clearance pending or refused, cancelled).
 * - An internship that has started closes reception and specialist orientation if still open: the
 *   PFI and the company agreement come before it. Their end becomes the internship's start (an end
 *   already recorded stays).
 * - Job orientation (PUOI: partly during the internship, 8 hours after it) is in progress from the
 *   internship's start, and stays so after the end until its hours are done.
 * - A phase's first hours start it (in progress, from that day), and hours dated before its start
 *   move the start back: a phase starts on the first day reported. The internship phase is never
 *   moved by hours, only by the internship.
 */
import { AREA_PHASE, PATH_PHASES, type PathPhase, type ServiceArea } from '../programme/programme';
import type { InternshipSnapshot } from './internship.state-machine';

export type PhaseStatus = 'not_started' | 'in_progress' | 'done';

export interface PhaseRow {
  phase: PathPhase;
  status: PhaseStatus;
  startDate: string | null;
  endDate: string | null;
}

const RUNNING = new Set(['activated', 'in_progress']);
const ENDED = new Set(['concluded', 'ceased']);

/** Every phase, in order, with a row (not started) for any the path lacks. */
export function allPhases(rows: readonly PhaseRow[]): PhaseRow[] {
  return PATH_PHASES.map((phase) => rows.find((r) => r.phase === phase) ?? { phase, status: 'not_started', startDate: null, endDate: null });
}

/** The phases once the internship is `internship` (null: none). */
export function phasesForInternship(rows: readonly PhaseRow[], internship: InternshipSnapshot | null): PhaseRow[] {
  const status = internship?.status ?? null;
  const started = status !== null && (RUNNING.has(status) || ENDED.has(status)) && !!internship?.startDate;
  const start = internship?.startDate ?? null;
  return allPhases(rows).map((row): PhaseRow => {
    switch (row.phase) {
      case 'internship':
        if (!started) return { phase: row.phase, status: 'not_started', startDate: null, endDate: null };
        return ENDED.has(status!) ? { phase: row.phase, status: 'done', startDate: start, endDate: internship!.endDate ?? null } : { phase: row.phase, status: 'in_progress', startDate: start, endDate: null };
      case 'reception':
      case 'specialist_orientation':
        if (!started || row.status === 'done') return row;
        return { ...row, status: 'done', startDate: row.startDate, endDate: row.endDate ?? start };
      case 'job_orientation':
        if (!started || row.status !== 'not_started') return row;
        return { ...row, status: 'in_progress', startDate: row.startDate ?? start, endDate: null };
    }
  });
}

/**
 * The phase of `area` once hours dated `date` are recorded, when that changes it: a phase not started
 * starts that day; one that started later starts earlier. Undefined when nothing changes (and for the
 * internship phase, which only the internship moves).
 */
export function phaseAfterHours(rows: readonly PhaseRow[], area: ServiceArea, date: string): PhaseRow | undefined {
  const phase = AREA_PHASE[area];
  if (!phase || phase === 'internship') return undefined;
  const row = allPhases(rows).find((r) => r.phase === phase)!;
  if (row.status === 'not_started') return { phase, status: 'in_progress', startDate: date, endDate: null };
  return row.startDate !== null && date < row.startDate ? { ...row, startDate: date } : undefined;
}

/** Rows that differ between two lists of phases (what to write). */
export function changedPhases(before: readonly PhaseRow[], after: readonly PhaseRow[]): PhaseRow[] {
  const old = allPhases(before);
  return after.filter((a) => {
    const b = old.find((x) => x.phase === a.phase)!;
    return b.status !== a.status || b.startDate !== a.startDate || b.endDate !== a.endDate || !before.some((x) => x.phase === a.phase);
  });
}
