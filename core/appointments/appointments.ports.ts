/**
 * What the appointment features need from storage. Every change takes the outbox effects as a
 * function of the changed row, and applies both in ONE transaction: an appointment is never moved
 * while its old reminders stay due. Implemented by bot/storage/appointment.repository.ts.
 */
import type { AppointmentResponse, AppointmentView, BeneficiaryRef, NewAppointment } from './appointment.types';
import type { OutboxEffects } from './reminder-plan';

export type Effects = (a: AppointmentView) => OutboxEffects;

/** Fields a use case may change. Only scheduled appointments are changed. */
export interface AppointmentPatch {
  startsAt?: Date;
  status?: 'cancelled' | 'done';
  response?: AppointmentResponse;
  declineReason?: string | null;
  respondedAt?: Date | null;
}

export interface AppointmentStore {
  get(id: string): Promise<AppointmentView | null>;
  /** Scheduled appointments of a beneficiary that end after `from`, soonest first. */
  upcomingForBeneficiary(beneficiaryId: string, from: Date): Promise<AppointmentView[]>;
  /** Scheduled appointments of the beneficiaries of the tutor's entity, after `from`, soonest first; a page of them. */
  upcomingForTutor(tutorId: string, from: Date, limit: number, offset?: number): Promise<AppointmentView[]>;
  /** Beneficiaries the tutor follows (for quick buttons), at most `limit`. */
  caseload(tutorId: string, limit: number): Promise<BeneficiaryRef[]>;
  /**
   * The beneficiary with this code or id, only if they belong to the tutor's own promoting entity
   * (the entity match is part of the query); null otherwise.
   */
  beneficiaryForTutor(tutorId: string, codeOrId: string): Promise<BeneficiaryRef | null>;
  /** Whether the appointment's beneficiary belongs to the tutor's entity. */
  tutorMayManage(tutorId: string, appointmentId: string): Promise<boolean>;
  create(input: NewAppointment, effects: Effects): Promise<AppointmentView>;
  /** Applies the patch only if the appointment is still scheduled; null if it is not (or is gone). */
  update(id: string, patch: AppointmentPatch, effects: Effects): Promise<AppointmentView | null>;
  /** Cancels the pending reminders of all appointments of a person (reminders stopped). */
  cancelRemindersOf(personId: string): Promise<number>;
  /** Applies effects for each upcoming appointment of a person in one transaction (reminders started again). */
  replanFor(personId: string, from: Date, effects: Effects): Promise<number>;
}
