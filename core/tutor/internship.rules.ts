/**
 * Whether an internship change's date is plausible for this beneficiary, beyond the order the state
 * machine checks: inside the path (Nulla Osta requests and decisions included), not in the future
 * (an activation may start up to MAX_START_AHEAD_DAYS ahead), and — as a warning the tutor may
 * confirm — an end far from the planned one. Pure.
 */
import { isoToDays } from '../time/calendar-date';
import { addLocalDays } from '../time/zoned-time';
import type { EventType, InternshipSnapshot } from './internship.state-machine';

/** How far ahead an activation's start date may be. */
export const MAX_START_AHEAD_DAYS = 92;
/** Ending this many days before (or after) the planned end asks for a confirmation. */
export const END_WARNING_DAYS = 30;

export type TransitionDateProblem =
  | { code: 'before_path'; boundary: string }
  | { code: 'after_path'; boundary: string }
  | { code: 'future' }
  | { code: 'too_far_ahead'; boundary: string };

export type TransitionWarning = { code: 'ends_early' | 'ends_late'; planned: string; days: number };

export interface PathWindow {
  startDate: string;
  endDate: string | null;
}

const days = (iso: string) => isoToDays(iso) ?? 0;

/** The first thing wrong with `date` for event `ev` on this path, or null. */
export function transitionDateProblem(ev: EventType, date: string, path: PathWindow, today: string): TransitionDateProblem | null {
  if (date < path.startDate) return { code: 'before_path', boundary: path.startDate };
  if (path.endDate && date > path.endDate) return { code: 'after_path', boundary: path.endDate };
  if (ev === 'activate') {
    const limit = addLocalDays(today, MAX_START_AHEAD_DAYS);
    return date > limit ? { code: 'too_far_ahead', boundary: limit } : null;
  }
  return date > today ? { code: 'future' } : null;
}

/** What deserves a second look before saving: an end far before (or after) the planned one. */
export function transitionWarnings(ev: EventType, date: string, current: InternshipSnapshot | null): TransitionWarning[] {
  const planned = current?.plannedEndDate;
  if ((ev !== 'conclude' && ev !== 'cease') || !planned) return [];
  const diff = days(planned) - days(date);
  // Ceasing early is what "ceased" means; concluding early (or either, very late) is worth a question.
  if (ev === 'conclude' && diff > END_WARNING_DAYS) return [{ code: 'ends_early', planned, days: diff }];
  if (-diff > END_WARNING_DAYS) return [{ code: 'ends_late', planned, days: -diff }];
  return [];
}
