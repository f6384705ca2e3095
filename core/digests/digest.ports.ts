/**
 * What the coordinator digests and the tutor reminders read. Everything is read at send time, so a
 * digest shows the situation of the morning it arrives, not of the moment it was planned. Lists are
 * read a page at a time (a national scope has hundreds of tutors and thousands of beneficiaries).
 */
import type { CoordinatorScope } from '../coordinator/coordinator-scope';

export interface PersonRef {
  code: string;
  fullName: string;
}

/** One item of each digest block. */
export interface DigestItems {
  /** Appointments the beneficiary declined, still scheduled. */
  declined: { beneficiary: PersonRef; tutor: PersonRef | null; startsAt: Date };
  /** Beneficiaries who blocked the bot or deleted their account. */
  unreachable: { beneficiary: PersonRef; channel: string; since: Date };
  /** Internships under way whose planned end is within `endingWithinDays` days. */
  endingSoon: { beneficiary: PersonRef; tutor: PersonRef | null; endDate: string; days: number };
  /** Clearance (Nulla Osta) requests waiting longer than 15 days. */
  clearances: { beneficiary: PersonRef; entity: string; requestedOn: string; days: number };
  /** Outcome follow-ups (3, 6, 12 months) past their due date and not answered, per tutor. */
  followUps: { tutor: PersonRef | null; count: number; oldestDue: string };
  /** Tutors whose beneficiaries (active path) had no hours reported in the last 7 days. */
  missingReports: { tutor: PersonRef; beneficiaries: number };
  /** Beneficiaries linked to the bot who have not written for 30 days or more. */
  inactive: { beneficiary: PersonRef; days: number };
}

export type DigestBlock = keyof DigestItems;

/** The blocks in the order a coordinator should act on them. */
export const DIGEST_BLOCKS: readonly DigestBlock[] = ['declined', 'unreachable', 'endingSoon', 'clearances', 'followUps', 'missingReports', 'inactive'];
/** The daily digest only has what happened since yesterday and what cannot wait. */
export const DAILY_BLOCKS: readonly DigestBlock[] = ['declined', 'unreachable', 'endingSoon'];

/** A page of a list and how many there are in all. */
export interface Slice<T> {
  total: number;
  items: T[];
  /** What the block's title counts when it is not the items (follow-ups, listed per tutor). */
  units?: number;
}

/** Each block's total and first items. */
export type DigestFacts = { [B in DigestBlock]: Slice<DigestItems[B]> };

export type DigestKind = 'weekly' | 'daily';

export interface DigestQuery {
  scope: CoordinatorScope;
  kind: DigestKind;
  now: Date;
  /** Local calendar date of `now` in the coordinator's timezone, YYYY-MM-DD. */
  today: string;
}

export interface PageRequest {
  offset: number;
  limit: number;
  /** Only people whose name or code contains this (case-insensitive). */
  search?: string;
}

export interface DigestSource {
  /** One page of a block, most urgent first; `limit: 0` only counts. */
  page<B extends DigestBlock>(q: DigestQuery, block: B, page: PageRequest): Promise<Slice<DigestItems[B]>>;
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

/** The blocks a digest of this kind has. */
export function blocksOf(kind: DigestKind): readonly DigestBlock[] {
  return kind === 'daily' ? DAILY_BLOCKS : DIGEST_BLOCKS;
}

/** Every block's total and first `top` items (blocks the kind does not have are empty). */
export async function digestFacts(source: DigestSource, q: DigestQuery, top: number): Promise<DigestFacts> {
  // Block by block: inside a turn ("Summary now") every query runs on the turn's one connection.
  const entries: Array<readonly [DigestBlock, Awaited<ReturnType<DigestSource['page']>>]> = [];
  for (const b of DIGEST_BLOCKS) entries.push([b, blocksOf(q.kind).includes(b) ? await source.page(q, b, { offset: 0, limit: top }) : { total: 0, items: [] }]);
  return Object.fromEntries(entries) as DigestFacts;
}

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
