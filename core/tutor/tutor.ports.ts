/**
 * What the tutor features need from storage. Implemented with Prisma in bot/storage/tutor.repository.ts
 * (people, invites), hour-entry.repository.ts and internship.repository.ts. Every write that changes
 * a report takes the audit entry to store in the SAME transaction: a report is never saved without
 * its trail, nor the trail without the report.
 */
import type { Actor } from '../access/access.policy';
import type { AuditEntry } from '../ports/audit';
import type { ProgrammeRules, ServiceArea } from '../programme/programme';
import type { ExistingHourEntry } from './hour-rules';
import type { EventType, InternshipSnapshot, InternshipStatus } from './internship.state-machine';
import type { PhaseRow } from './path-phases';

/** One line of a caseload list: enough for "status at a glance" and for searching. */
export interface BeneficiaryRow {
  personId: string;
  code: string;
  fullName: string;
  entityId: string;
  region: string | null;
  province: string;
  tutorId: string | null;
  /** Whether a chat account is linked (the person has redeemed an invite). */
  linked: boolean;
  internshipStatus: InternshipStatus | null;
  /** Hours counted (not voided) over all areas. */
  hoursTotal: number;
  /** 'YYYY-MM-DD' of the latest counted hour entry. */
  lastReportDate: string | null;
}

/** What a search compares: the code, the name, and who follows the person. */
export interface BeneficiaryName {
  personId: string;
  code: string;
  fullName: string;
  tutorId: string | null;
}

/** Everything needed to check and save a report or a status change for one beneficiary. */
export interface BeneficiaryFile extends BeneficiaryRow {
  language: string;
  /** The active path (the latest one if none is active); null when the person has no path yet. */
  path: { id: string; startDate: string; endDate: string | null; rules: ProgrammeRules } | null;
  internshipId: string | null;
  internship: InternshipSnapshot | null;
  /** Counted entries of the path. */
  entries: ExistingHourEntry[];
  /** The path's phases as the beneficiary sees them ("My path"), every phase present. */
  phases: PhaseRow[];
}

export interface TutorStore {
  /** The person as an access-policy actor (roles, entity, region), or null if unknown/erased. */
  actor(personId: string): Promise<Actor | null>;
  /**
   * One page of an entity's beneficiaries: the ones `followedBy` follows first, then the others,
   * each in name order; `total` counts them all. Paged in the database, never loaded whole.
   */
  pageBeneficiaries(q: { entityId: string; followedBy: string; offset: number; limit: number }): Promise<{ rows: BeneficiaryRow[]; total: number }>;
  /** Up to `limit` of an entity's beneficiaries after `after` (person id order, keyset): for searching in chunks. */
  scanBeneficiaryNames(entityId: string, after: string | null, limit: number): Promise<BeneficiaryName[]>;
  /** The at-a-glance rows of these people, in the order given (unknown or erased ones left out). */
  beneficiaryRows(personIds: readonly string[]): Promise<BeneficiaryRow[]>;
  /** One beneficiary by person id (no access check here: the caller checks with the policy). */
  beneficiaryFile(personId: string): Promise<BeneficiaryFile | null>;
  /**
   * Creates a single-use invite for a beneficiary and expires their older unused ones, with the
   * audit entry, in one transaction.
   */
  createInvite(input: { personId: string; code: string; createdById: string; expiresAt: Date; now: Date; audit: AuditEntry }): Promise<void>;
}

export interface NewHourEntry {
  pathId: string;
  area: ServiceArea;
  date: string;
  hours: number;
  note?: string;
  reportedById: string;
  now: Date;
  /** Entries this one replaces (voided in the same transaction). */
  voidIds: string[];
  /** Ids of the path's counted entries when the rules were checked: if they changed meanwhile, nothing is saved. */
  expectedActiveIds: string[];
  /** The path phase these hours start (or start earlier), written in the same transaction. */
  phase?: PhaseRow;
  /** Stored with subjectId = the new entry's id. */
  audit: Omit<AuditEntry, 'subjectId'>;
}

/** A saved entry, as undo needs it. */
export interface HourEntryRecord {
  id: string;
  pathId: string;
  beneficiaryId: string;
  area: ServiceArea;
  date: string;
  hours: number;
  reportedById: string | null;
  createdAt: Date;
  voidedAt: Date | null;
  /** Entries this one voided when it was saved ("replace"), restored by undo. */
  replacedIds: string[];
}

export interface HourStore {
  /** Saves atomically; `conflict` when the path's entries changed since the check (nothing saved). */
  save(entry: NewHourEntry): Promise<{ ok: true; id: string } | { ok: false; reason: 'conflict' }>;
  /** The reporter's last report made through Ponte (voided or not); null if none. */
  lastBy(reporterId: string): Promise<HourEntryRecord | null>;
  get(entryId: string): Promise<HourEntryRecord | null>;
  /** Voids the entry and restores the ones it replaced, atomically; false if it was already voided. */
  undo(input: { entryId: string; restoreIds: string[]; now: Date; audit: AuditEntry }): Promise<boolean>;
  /** One page of a path's counted entries dated on or after `since`, newest day first; paged in the database. */
  recentEntries(pathId: string, since: string, offset: number, limit: number): Promise<{ rows: HourEntryRecord[]; total: number }>;
  /**
   * A correction: the entry is voided and, unless `replacement` is null (a deletion), a new entry with
   * the corrected values (and the old note) takes its place; the phase and the audit entry are written;
   * one transaction. `conflict` when the path's entries changed since the check, `gone` when the entry
   * no longer counts.
   */
  correct(input: {
    entryId: string;
    replacement: { area: ServiceArea; date: string; hours: number } | null;
    reportedById: string;
    now: Date;
    expectedActiveIds: string[];
    phase?: PhaseRow;
    audit: AuditEntry;
  }): Promise<{ ok: true; id: string | null } | { ok: false; reason: 'conflict' | 'gone' }>;
}

/** An internship's latest change, as a correction needs it. */
export interface LastTransition {
  event: EventType;
  before: InternshipSnapshot | null;
  at: Date;
}

export const CONTRACT_TYPES = ['fixed_term', 'permanent', 'apprenticeship', 'agency', 'other'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** An outcome question: does the person work N months after the internship ended? */
export interface FollowUpRecord {
  id: string;
  internshipId: string;
  monthsAfter: number;
  dueDate: string;
  status: 'pending' | 'answered' | 'unknown';
  employed: boolean | null;
  contractType: ContractType | 'none' | null;
  beneficiary: Pick<BeneficiaryRow, 'personId' | 'code' | 'fullName' | 'entityId' | 'region' | 'province'>;
  internshipEndDate: string | null;
}

export type FollowUpAnswer = { employed: true; contractType: ContractType } | { employed: false; contractType: 'none' } | { unknown: true };

export interface InternshipStore {
  /**
   * Stores the new snapshot if the stored status is still `expectedStatus` (null = no internship row),
   * creates the follow-ups (idempotent per months), writes the audit entry; one transaction.
   */
  saveTransition(input: {
    pathId: string;
    expectedStatus: InternshipStatus | null;
    next: InternshipSnapshot;
    followUps: Array<{ monthsAfter: number; dueDate: string }>;
    /** The path phases that change with it ("My path", digests and reports read them): same transaction. */
    phases: PhaseRow[];
    audit: AuditEntry;
  }): Promise<{ ok: true; internshipId: string } | { ok: false; reason: 'conflict' }>;
  /**
   * The latest change of this internship and the internship before it, when it can still be corrected:
   * only the latest change, and only once (none after a correction). The snapshot before comes from
   * the change's audit entry, its free texts (host company, notes) from the internship itself.
   */
  lastTransition(internshipId: string): Promise<LastTransition | null>;
  /**
   * A correction of the latest change: the internship becomes `next` (null: no internship any more)
   * if its status is still `expectedStatus`; pending follow-ups are replaced by `followUps` (answered
   * ones stay); phases and the audit entry written; one transaction. False when it changed meanwhile.
   */
  correctTransition(input: {
    pathId: string;
    internshipId: string;
    expectedStatus: InternshipStatus;
    next: InternshipSnapshot | null;
    followUps: Array<{ monthsAfter: number; dueDate: string }>;
    phases: PhaseRow[];
    audit: AuditEntry;
  }): Promise<boolean>;
  /** A page of the pending follow-ups due on or before `today` for the entity's beneficiaries, oldest first, and how many in all. */
  dueFollowUps(entityId: string, today: string, offset: number, limit: number): Promise<{ rows: FollowUpRecord[]; total: number }>;
  followUp(id: string): Promise<FollowUpRecord | null>;
  /** Records the answer if the follow-up is still pending (else false); "unknown" keeps it pending. */
  answerFollowUp(input: { id: string; answer: FollowUpAnswer; actorId: string; now: Date; audit: AuditEntry }): Promise<boolean>;
}
