/**
 * What the coordinator digests and the tutor reminders read. Everything is read at send time, so a
 * digest shows the situation of the morning it arrives, not of the moment it was planned.
 */
import type { CoordinatorScope } from '../coordinator/coordinator-scope';

export interface PersonRef {
  code: string;
  fullName: string;
}

/** The late and urgent things in one coordinator's scope. Lists are sorted most urgent first. */
export interface DigestFacts {
  /** Tutors whose beneficiaries (active path) had no hours reported in the last 7 days. */
  missingReports: Array<{ tutor: PersonRef; beneficiaries: number }>;
  /** Internships in progress whose planned end is within `endingWithinDays` days. */
  endingSoon: Array<{ beneficiary: PersonRef; tutor: PersonRef | null; endDate: string; days: number }>;
  /** Clearance (Nulla Osta) requests waiting longer than 15 days. */
  clearancesPending: Array<{ beneficiary: PersonRef; entity: string; requestedOn: string; days: number }>;
  /** Outcome follow-ups (3, 6, 12 months) past their due date and not answered, per tutor. */
  followUpsOverdue: Array<{ tutor: PersonRef | null; count: number; oldestDue: string }>;
  /** Beneficiaries who blocked the bot or deleted their account. */
  unreachable: Array<{ beneficiary: PersonRef; channel: string; since: Date }>;
  /** Beneficiaries linked to the bot who have not written for 30 days or more. */
  inactive: Array<{ beneficiary: PersonRef; days: number }>;
  /** Appointments the beneficiary declined, still scheduled. */
  declined: Array<{ beneficiary: PersonRef; tutor: PersonRef | null; startsAt: Date }>;
}

export type DigestKind = 'weekly' | 'daily';

export interface DigestQuery {
  scope: CoordinatorScope;
  kind: DigestKind;
  now: Date;
  /** Local calendar date of `now` in the coordinator's timezone, YYYY-MM-DD. */
  today: string;
}

export interface DigestSource {
  facts(q: DigestQuery): Promise<DigestFacts>;
}

/** Thresholds, as the programme's coordinators asked for them. */
export const DIGEST_RULES = {
  missingReportDays: 7,
  endingWithinDays: { weekly: 30, daily: 7 },
  clearancePendingDays: 15,
  inactiveDays: 30,
  /** The daily digest only shows what happened since yesterday. */
  dailyWindowHours: 24,
  weeklyWindowDays: 7,
} as const;

/** What tutor reminders read. */
export interface TutorReminderSource {
  /** Beneficiaries of `tutorId` with an active path and no hours dated from `weekStart` on. */
  missingHours(tutorId: string, weekStart: string): Promise<PersonRef[]>;
  /** Tutors with at least one such beneficiary. */
  tutorsWithMissingHours(weekStart: string): Promise<string[]>;
  /** Pending follow-ups whose due date is between `from` and `to` (inclusive). */
  followUpsDue(from: string, to: string): Promise<Array<{ followUpId: string; tutorId: string; dueDate: string }>>;
  followUp(followUpId: string): Promise<{ status: string; monthsAfter: number; dueDate: string; beneficiary: PersonRef; endDate: string | null } | null>;
}
