/**
 * An internship's status as a pure state machine: clearance (Nulla Osta) request and decision,
 * activation at a host company, start, and the end (concluded or ceased), or cancellation after
 * the clearance. Events come from tutors' messages, so their payloads are validated with zod here.
 *
 * Decisions:
 * - "Granted" and "not activated" are two NAMES of one state: both allow exactly `activate` and
 *   `cancel`, and `reportingStatus()` reports both as 'not_activated' ("Non avviato"). `grant_clearance`
 *   produces 'clearance_granted'; 'not_activated' is accepted because stored rows use it (the demo
 *   seed, imported ministry data) and must never break the machine. Group by `reportingStatus()`,
 *   not by the raw status, when counting.
 * - `null` is "no internship yet": only `request_clearance` is allowed. A refused clearance may be
 *   requested again (the entity resubmits); the snapshot restarts from the new request.
 * - `conclude` and `cease` are also allowed from `activated`, because tutors often skip the
 *   "started" message; the start date is known from the activation.
 * - `start` may carry the actual start date when it differs from the activation's; the planned end
 *   moves with it.
 * - Dates are checked against each other (decision ≥ request, start ≥ decision, end ≥ start), not
 *   against today: `transition` has no clock, the conversation refuses future dates.
 * - `province` may be given by name or sigla ('Torino', 'TO') and is stored by name, like every other
 *   province in the data (so reports group one place once); `atecoSection` is the ATECO 2007 section
 *   letter A–U, stored upper case.
 */
import { z } from 'zod';
import type { ProgrammeRules } from '../programme/programme';
import { addMonthsIso, isoToDays } from '../time/calendar-date';
import { findProvince } from '../programme/provinces';

export const INTERNSHIP_STATUSES = [
  'clearance_requested',
  'clearance_granted',
  'clearance_refused',
  'not_activated',
  'activated',
  'in_progress',
  'concluded',
  'ceased',
  'cancelled',
] as const;
/** Stored status. `clearance_granted` and `not_activated` behave alike, see the file comment. */
export type InternshipStatus = (typeof INTERNSHIP_STATUSES)[number];

/** The statuses of the ministry's internship tables ("Non avviato", "Avviato", ...). */
export const REPORTING_STATUSES = ['not_activated', 'activated', 'in_progress', 'concluded', 'ceased'] as const;
export type InternshipReportingStatus = (typeof REPORTING_STATUSES)[number];

export const EVENT_TYPES = ['request_clearance', 'grant_clearance', 'refuse_clearance', 'activate', 'start', 'conclude', 'cease', 'cancel'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ATECO_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U'] as const;
export type AtecoSection = (typeof ATECO_SECTIONS)[number];

export const CEASE_REASONS = ['found_job', 'own_choice', 'company_choice', 'absences', 'other'] as const;
export type CeaseReason = (typeof CEASE_REASONS)[number];

const isoDate = z.string().refine((s) => isoToDays(s) !== null, { message: "expected a date 'YYYY-MM-DD'" });
const upper = (v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v);

/** Events and their payloads. Parse anything that comes from outside with this. */
export const internshipEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('request_clearance'), date: isoDate }),
  z.object({ type: z.literal('grant_clearance'), date: isoDate }),
  z.object({ type: z.literal('refuse_clearance'), date: isoDate, reason: z.string().trim().min(1).max(500).optional() }),
  z.object({
    type: z.literal('activate'),
    startDate: isoDate,
    hostCompany: z.string().trim().min(1).max(200),
    atecoSection: z.preprocess(upper, z.enum(ATECO_SECTIONS)),
    province: z.string().transform((s, ctx) => findProvince(s)?.name ?? (ctx.addIssue({ code: 'custom', message: 'expected an Italian province, by name or sigla (Torino, TO)' }), z.NEVER)),
  }),
  z.object({ type: z.literal('start'), date: isoDate.optional() }),
  z.object({ type: z.literal('conclude'), endDate: isoDate }),
  z
    .object({ type: z.literal('cease'), date: isoDate, reason: z.enum(CEASE_REASONS), note: z.string().trim().min(1).max(500).optional() })
    .refine((e) => e.reason !== 'other' || e.note !== undefined, { message: "a note is required when the reason is 'other'", path: ['note'] }),
  z.object({ type: z.literal('cancel'), date: isoDate, reason: z.string().trim().min(1).max(500).optional() }),
]);
export type InternshipEvent = z.infer<typeof internshipEventSchema>;

/** What is known of one internship. Dates are 'YYYY-MM-DD'. */
export interface InternshipSnapshot {
  status: InternshipStatus;
  clearanceRequestedOn?: string;
  /** Date of the grant or the refusal. */
  clearanceDecidedOn?: string;
  refusalReason?: string;
  startDate?: string;
  /** startDate + the programme's internship months, see `plannedEndDate`. */
  plannedEndDate?: string;
  /** Actual end: conclusion or cessation. */
  endDate?: string;
  hostCompany?: string;
  atecoSection?: AtecoSection;
  province?: string;
  ceaseReason?: CeaseReason;
  ceaseNote?: string;
  cancelledOn?: string;
  cancelReason?: string;
}

export type TransitionResult =
  | { ok: true; next: InternshipSnapshot }
  | { ok: false; code: 'invalid_transition' | 'invalid_payload'; allowed: EventType[]; reason: string };

const ALLOWED: Record<InternshipStatus | 'none', readonly EventType[]> = {
  none: ['request_clearance'],
  clearance_requested: ['grant_clearance', 'refuse_clearance'],
  clearance_granted: ['activate', 'cancel'],
  clearance_refused: ['request_clearance'],
  not_activated: ['activate', 'cancel'],
  activated: ['start', 'conclude', 'cease'],
  in_progress: ['conclude', 'cease'],
  concluded: [],
  ceased: [],
  cancelled: [],
};

/** Events allowed from a status; `null` means no internship yet. */
export function allowedEvents(status: InternshipStatus | null): EventType[] {
  // A status string from storage that is not in the table allows nothing rather than throwing.
  return [...(ALLOWED[status ?? 'none'] ?? [])];
}

/** The status as the ministry's internship tables count it; null for clearance-only statuses. */
export function reportingStatus(status: InternshipStatus): InternshipReportingStatus | null {
  switch (status) {
    case 'clearance_granted':
    case 'not_activated':
      return 'not_activated';
    case 'activated':
    case 'in_progress':
    case 'concluded':
    case 'ceased':
      return status;
    default:
      return null;
  }
}

/** Applies `event` to `current` (null: no internship yet). Never throws; the snapshot is not mutated. */
export function transition(current: InternshipSnapshot | null, event: InternshipEvent, rules: ProgrammeRules): TransitionResult {
  const status = current?.status ?? null;
  const allowed = allowedEvents(status);
  const type = (event as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type) && !allowed.includes(type as EventType)) {
    return { ok: false, code: 'invalid_transition', allowed, reason: `'${type}' is not allowed from '${status ?? 'none'}'` };
  }
  const parsed = internshipEventSchema.safeParse(event);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
    return { ok: false, code: 'invalid_payload', allowed, reason };
  }
  const e = parsed.data;
  const bad = (reason: string): TransitionResult => ({ ok: false, code: 'invalid_payload', allowed, reason });
  const prev: InternshipSnapshot = current ?? { status: 'clearance_requested' };

  switch (e.type) {
    case 'request_clearance':
      return { ok: true, next: { status: 'clearance_requested', clearanceRequestedOn: e.date } };
    case 'grant_clearance':
    case 'refuse_clearance': {
      if (prev.clearanceRequestedOn && e.date < prev.clearanceRequestedOn) return bad('the decision cannot precede the request');
      const next: InternshipSnapshot = { ...prev, status: e.type === 'grant_clearance' ? 'clearance_granted' : 'clearance_refused', clearanceDecidedOn: e.date };
      if (e.type === 'refuse_clearance' && e.reason) next.refusalReason = e.reason;
      return { ok: true, next };
    }
    case 'cancel': {
      if (prev.clearanceDecidedOn && e.date < prev.clearanceDecidedOn) return bad('the cancellation cannot precede the clearance');
      const next: InternshipSnapshot = { ...prev, status: 'cancelled', cancelledOn: e.date };
      if (e.reason) next.cancelReason = e.reason;
      return { ok: true, next };
    }
    case 'activate': {
      if (prev.clearanceDecidedOn && e.startDate < prev.clearanceDecidedOn) return bad('the start date cannot precede the clearance');
      const { startDate, hostCompany, atecoSection, province } = e;
      return { ok: true, next: { ...prev, status: 'activated', startDate, hostCompany, atecoSection, province, plannedEndDate: plannedEndDate(startDate, rules.internshipMonths) } };
    }
    case 'start': {
      if (e.date === undefined) return { ok: true, next: { ...prev, status: 'in_progress' } };
      if (prev.clearanceDecidedOn && e.date < prev.clearanceDecidedOn) return bad('the start date cannot precede the clearance');
      return { ok: true, next: { ...prev, status: 'in_progress', startDate: e.date, plannedEndDate: plannedEndDate(e.date, rules.internshipMonths) } };
    }
    case 'conclude':
      if (prev.startDate && e.endDate < prev.startDate) return bad('the end date cannot precede the start date');
      return { ok: true, next: { ...prev, status: 'concluded', endDate: e.endDate } };
    case 'cease': {
      if (prev.startDate && e.date < prev.startDate) return bad('the cessation cannot precede the start date');
      const next: InternshipSnapshot = { ...prev, status: 'ceased', endDate: e.date, ceaseReason: e.reason };
      if (e.note) next.ceaseNote = e.note;
      return { ok: true, next };
    }
  }
}

/**
 * `start` plus `months` calendar months, the day clamped to the month's length:
 * 2026-08-31 + 6 = 2027-02-28, 2027-08-31 + 6 = 2028-02-29. Returns '' for an invalid start.
 */
export function plannedEndDate(start: string, months: number): string {
  return addMonthsIso(start, months) ?? '';
}

/**
 * Whole calendar months from `start` to `today` (0 before the start): the largest n with
 * `plannedEndDate(start, n) <= today`. Returns 0 for invalid dates.
 */
export function monthsDone(start: string, today: string): number {
  if (isoToDays(start) === null || isoToDays(today) === null || today < start) return 0;
  let n = (Number(today.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + (Number(today.slice(5, 7)) - Number(start.slice(5, 7)));
  if ((addMonthsIso(start, n) ?? '') > today) n--;
  return Math.max(0, n);
}

