/**
 * What the beneficiary's own screens (path, my data, delete my data) need from storage.
 * Implemented by bot/storage/beneficiary.repository.ts.
 */
import type { PathPhase, ServiceArea } from '../programme/programme';

export type PhaseStatus = 'not_started' | 'in_progress' | 'done';

export interface PathOverview {
  programmeCode: string;
  startDate: string;
  endDate: string | null;
  entityName: string | null;
  phases: Array<{ phase: PathPhase; status: PhaseStatus; startDate: string | null; endDate: string | null }>;
  /** Planned hours per service area, and done = the sum of non-voided hour entries. */
  areas: Array<{ area: ServiceArea; plannedHours: number; doneHours: number }>;
  internship: {
    status: string;
    clearanceStatus: string;
    hostCompany: string | null;
    startDate: string | null;
    plannedEndDate: string | null;
    endDate: string | null;
  } | null;
  tutor: { fullName: string; phone: string | null; email: string | null } | null;
}

/** Everything stored about one person, for "My data" and the export file. Dates as ISO strings. */
export interface MyData {
  person: { code: string; fullName: string; language: string; timezone: string; phone: string | null; email: string | null; remindersEnabled: boolean; consentAt: string | null; createdAt: string; roles: string[] };
  profile: { category: string; province: string; entity: string; tutor: string | null; nationality: string | null } | null;
  paths: Array<{
    programme: string;
    startDate: string;
    endDate: string | null;
    status: string;
    phases: Array<{ phase: string; status: string; startDate: string | null; endDate: string | null }>;
    plannedHours: Array<{ area: string; hours: number }>;
    hourEntries: Array<{ area: string; date: string; hours: number }>;
    internship: Record<string, string | null> | null;
  }>;
  appointments: Array<{ kind: string; startsAt: string; place: string | null; address: string | null; withWhom: string | null; bring: string | null; note: string | null; status: string; response: string; declineReason: string | null }>;
  /** `file`: the kind of a relayed file (voice, photo...), never its handle. */
  messages: Array<{ direction: 'sent' | 'received'; with: string; text: string; file: string | null; at: string }>;
  chatAccounts: Array<{ channel: string; createdAt: string; lastSeenAt: string }>;
}

export interface EraseResult {
  unlinkedAccounts: number;
  deletedMessages: number;
  deletedAppointments: number;
  keptHourEntries: number;
}

export interface BeneficiaryStore {
  /** The person's current path (the newest active one, else the newest), or null. */
  pathOf(personId: string): Promise<PathOverview | null>;
  myData(personId: string): Promise<MyData | null>;
  setReminders(personId: string, enabled: boolean): Promise<void>;
  /**
   * In one transaction: name replaced by a placeholder, phone/email/nationality cleared, relay
   * messages, appointments and invite codes deleted, free-text notes on hours and internship cleared,
   * pending outbox rows cancelled, chat accounts unlinked (and their conversation state cleared),
   * erasedAt set. Hour entries stay, on the path, for the programme's totals.
   */
  erase(personId: string, now: Date): Promise<EraseResult>;
}
