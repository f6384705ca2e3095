/**
 * Checks a proposed hour entry against the programme's rules and the beneficiary's existing
 * entries: positive hours in steps, the daily maximum, dates inside the path and not in the
 * future, the area's cap, and the job-orientation hours reserved for after the internship.
 *
 * Arithmetic is done in integer thousandths of an hour, so 0.1 + 0.2 style errors cannot turn
 * a legal 16-hour total into 16.000000000000004 > 16.
 *
 * Decisions:
 * - All errors are reported at once (the conversation can say everything that is wrong).
 * - `replaceEntryId` removes that entry from every sum (cap, day, reserve) and from duplicate
 *   detection; an id not in `existing` removes nothing.
 * - `sameDayDuplicate` is the first existing entry with the same area and date; the conversation
 *   asks "add or replace?" and calls again with `replaceEntryId` if the tutor says replace.
 * - Reserved hours (PUOI: 8 of the 32 of job orientation): an entry dated on or before
 *   `internshipEndDate`, or any entry when there is no internship end, may bring the hours dated
 *   up to that end to at most cap − reserved. Entries dated after the end only face the whole cap.
 *   Pass the ACTUAL end (concluded or ceased): a planned end has not happened yet.
 * - An area with no rule in `rules` has a cap of 0 (Percorsi has no complementary action).
 * - When hours may be dated (`hoursWindow`): tutoring only for an internship that has started, from
 *   its start to its end (or today); orientation up to its phase's end (the internship's start closes
 *   specialist orientation; a phase starts on its first day reported, see path-phases.ts); the
 *   complementary action anytime in the path. Checked only when the caller passes `internship` / `phase`.
 */
import { areaRule, hoursWindow, type ProgrammeRules, type ServiceArea } from '../programme/programme';
import { isIsoDate } from '../time/calendar-date';
import type { InternshipStatus } from './internship.state-machine';

/** An hour entry already recorded for the same beneficiary. */
export interface ExistingHourEntry {
  id: string;
  area: ServiceArea;
  /** 'YYYY-MM-DD' */
  date: string;
  hours: number;
}

/** The beneficiary's path dates, 'YYYY-MM-DD'. */
export interface BeneficiaryPathDates {
  startDate: string;
  /** The path's end, when it has ended (or is planned to). */
  endDate?: string;
  /** The internship's actual end (concluded or ceased). */
  internshipEndDate?: string;
}

export interface HourEntryInput {
  hours: number;
  area: ServiceArea;
  date: string;
  beneficiaryPath: BeneficiaryPathDates;
  existing: ReadonlyArray<ExistingHourEntry>;
  /** 'YYYY-MM-DD' in the tutor's timezone. */
  today: string;
  rules: ProgrammeRules;
  /** The entry this one replaces, when the tutor corrects or answers "replace". */
  replaceEntryId?: string;
  /**
   * For an area whose hours go with the internship (tutoring, see `hoursWindow`): the internship, or
   * null when there is none. Omitted: not checked.
   */
  internship?: { status: InternshipStatus; startDate?: string; endDate?: string } | null;
  /** For an area whose hours go within its phase: the phase's end (null = still open). Omitted: not checked. */
  phase?: { endDate: string | null };
}

export const HOUR_RULE_CODES = [
  'not_positive',
  'bad_step',
  'over_daily_max',
  'invalid_date',
  'future_date',
  'before_path',
  'after_path',
  'over_cap',
  'reserved_after_internship',
  'no_internship',
  'before_internship',
  'after_internship',
  'after_phase',
] as const;
export type HourRuleCode = (typeof HOUR_RULE_CODES)[number];

export interface HourRuleError {
  code: HourRuleCode;
  /** Hours still available: in the day (over_daily_max), the area (over_cap) or before the internship end (reserved_after_internship). */
  remaining?: number;
  /** The limit broken: hourStep, maxHoursPerDay, the cap, or cap − reserved. */
  limit?: number;
  /** For 'before_path' / 'after_path' (and the internship's and phase's): the date crossed. */
  boundary?: string;
}

/** Internship statuses during or after which tutoring hours can have happened (up to the end). */
const INTERNSHIP_RAN: ReadonlySet<InternshipStatus> = new Set(['activated', 'in_progress', 'concluded', 'ceased']);

export type HourCheckResult =
  | {
      ok: true;
      /** Hours left in the area's whole cap once this entry is recorded. */
      remainingAfter: number;
      /** Job orientation dated up to the internship end: hours left before the reserve once recorded. */
      remainingBeforeReserveAfter?: number;
      sameDayDuplicate?: { id: string; hours: number };
    }
  | { ok: false; errors: HourRuleError[] };

/** Thousandths of an hour: every realistic step (0.5, 0.25, 0.1) is a whole number of them. */
const SCALE = 1000;
const toUnits = (hours: number) => Math.round(hours * SCALE);
const toHours = (units: number) => units / SCALE;

/** Validates one proposed entry; see the file comment for the rules and decisions. */
export function checkHourEntry(input: HourEntryInput): HourCheckResult {
  const { hours, area, date, beneficiaryPath: path, today, rules, replaceEntryId } = input;
  const others = input.existing.filter((e) => replaceEntryId === undefined || e.id !== replaceEntryId);
  const errors: HourRuleError[] = [];

  const units = toUnits(hours);
  const stepUnits = toUnits(rules.hourStep);
  if (!Number.isFinite(hours) || hours <= 0) errors.push({ code: 'not_positive' });
  // A value off the thousandths grid (1.2345) is off any step too.
  else if (Math.abs(hours * SCALE - units) > 1e-6 || stepUnits <= 0 || units % stepUnits !== 0) errors.push({ code: 'bad_step', limit: rules.hourStep });
  const hoursOk = errors.length === 0;

  if (!isIsoDate(date)) errors.push({ code: 'invalid_date' });
  else {
    if (date > today) errors.push({ code: 'future_date' });
    if (date < path.startDate) errors.push({ code: 'before_path', boundary: path.startDate });
    if (path.endDate !== undefined && date > path.endDate) errors.push({ code: 'after_path', boundary: path.endDate });
  }

  const window = hoursWindow(rules, area);
  if (isIsoDate(date) && window === 'internship' && input.internship !== undefined) {
    const i = input.internship;
    if (!i || !INTERNSHIP_RAN.has(i.status) || !i.startDate) errors.push({ code: 'no_internship' });
    else if (date < i.startDate) errors.push({ code: 'before_internship', boundary: i.startDate });
    else if (i.endDate && date > i.endDate) errors.push({ code: 'after_internship', boundary: i.endDate });
  }
  // A phase starts on its first day reported (earlier hours move its start): only its end bounds them.
  if (isIsoDate(date) && window === 'phase' && input.phase?.endDate && date > input.phase.endDate) errors.push({ code: 'after_phase', boundary: input.phase.endDate });

  if (hoursOk) {
    const dayUsed = sumUnits(others.filter((e) => e.date === date));
    const dayMax = toUnits(rules.maxHoursPerDay);
    if (dayUsed + units > dayMax) errors.push({ code: 'over_daily_max', remaining: toHours(Math.max(0, dayMax - dayUsed)), limit: rules.maxHoursPerDay });
  }

  const rule = areaRule(rules, area);
  const cap = toUnits(rule?.capHours ?? 0);
  const areaEntries = others.filter((e) => e.area === area);
  const used = sumUnits(areaEntries);
  if (hoursOk && used + units > cap) errors.push({ code: 'over_cap', remaining: toHours(Math.max(0, cap - used)), limit: toHours(cap) });

  let remainingBeforeReserveAfter: number | undefined;
  const reserved = toUnits(rule?.reservedAfterInternshipHours ?? 0);
  const end = path.internshipEndDate;
  if (hoursOk && reserved > 0 && (end === undefined || date <= end)) {
    const usable = cap - reserved;
    const usedBefore = sumUnits(areaEntries.filter((e) => end === undefined || e.date <= end));
    if (usedBefore + units > usable) errors.push({ code: 'reserved_after_internship', remaining: toHours(Math.max(0, usable - usedBefore)), limit: toHours(usable) });
    else remainingBeforeReserveAfter = toHours(usable - usedBefore - units);
  }

  if (errors.length > 0) return { ok: false, errors };
  const result: HourCheckResult = { ok: true, remainingAfter: toHours(cap - used - units) };
  if (remainingBeforeReserveAfter !== undefined) result.remainingBeforeReserveAfter = remainingBeforeReserveAfter;
  const dup = others.find((e) => e.area === area && e.date === date);
  if (dup) result.sameDayDuplicate = { id: dup.id, hours: dup.hours };
  return result;
}

/** Hours left in the area's whole cap given `existing` (never negative; 0 for an area with no rule). */
export function remainingHours(rules: ProgrammeRules, area: ServiceArea, existing: ReadonlyArray<Pick<ExistingHourEntry, 'area' | 'hours'>>): number {
  const cap = toUnits(areaRule(rules, area)?.capHours ?? 0);
  return toHours(Math.max(0, cap - sumUnits(existing.filter((e) => e.area === area))));
}

function sumUnits(entries: ReadonlyArray<{ hours: number }>): number {
  return entries.reduce((s, e) => s + toUnits(e.hours), 0);
}

