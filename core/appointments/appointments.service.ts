/**
 * Appointment use cases: create, reschedule, cancel (tutor); confirm, decline, give a reason
 * (beneficiary); stop and start reminders. Each computes the outbox effects and lets the store apply
 * them with the change, in one transaction. Authorisation is checked here, and refusals are audited.
 */
import type { AuditLog } from '../ports/audit';
import type { PersonSummary } from '../ports/accounts';
import { PonteError } from '../errors';
import { declineReasonSchema, newAppointmentSchema, type AppointmentView, type NewAppointment } from './appointment.types';
import type { AppointmentStore } from './appointments.ports';
import { DECLINE_REASON_GRACE_MS, planAnnouncement, planDeclined, planNotice, planReminders, reminderPrefix, type OutboxEffects, type ReminderPolicy } from './reminder-plan';

export interface AppointmentServiceDeps {
  store: AppointmentStore;
  audit: AuditLog;
  policy: ReminderPolicy;
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;

/** Thrown when the appointment is gone, cancelled or not the actor's to change. */
export class AppointmentUnavailableError extends PonteError {
  constructor() {
    super('appointment_unavailable', 'appointment not available', 'appointments:errors.unavailable');
  }
}

export function createAppointmentService(deps: AppointmentServiceDeps) {
  const { store, audit, policy } = deps;

  const refuse = async (actor: PersonSummary, action: string, subjectId: string | null, now: Date) => {
    await audit.record({ at: now, actorId: actor.id, action: 'appointment_refused', subjectType: 'appointment', subjectId, detail: { attempted: action, actorCode: actor.code } });
    return new AppointmentUnavailableError();
  };

  async function assertTutorOf(actor: PersonSummary, appointmentId: string, action: string, now: Date): Promise<void> {
    if (!actor.roles.includes('tutor') || !(await store.tutorMayManage(actor.id, appointmentId))) throw await refuse(actor, action, appointmentId, now);
  }

  async function assertOwn(actor: PersonSummary, appointmentId: string, action: string, now: Date): Promise<AppointmentView> {
    const a = await store.get(appointmentId);
    if (!a || a.beneficiary.id !== actor.id) throw await refuse(actor, action, appointmentId, now);
    if (a.status !== 'scheduled') throw new AppointmentUnavailableError();
    return a;
  }

  const reminders = (a: AppointmentView, now: Date): OutboxEffects => ({ cancelPrefixes: [reminderPrefix(a.id)], schedule: planReminders(a, policy, now) });

  return {
    /** Creates it (the beneficiary must be of the tutor's entity), with its reminders and a notice. */
    async create(actor: PersonSummary, input: Omit<NewAppointment, 'createdById'>, now: Date): Promise<AppointmentView> {
      const parsed = newAppointmentSchema.parse({ ...input, createdById: actor.id });
      const target = actor.roles.includes('tutor') ? await store.beneficiaryForTutor(actor.id, parsed.beneficiaryId) : null;
      if (!target) throw await refuse(actor, 'create', null, now);
      if (parsed.startsAt.getTime() <= now.getTime()) throw new PonteError('appointment_in_past', 'appointment in the past', 'appointments:errors.past');
      const created = await store.create(parsed, (a) => ({ cancelPrefixes: [], schedule: planAnnouncement(a, 'new', policy, now) }));
      await audit.record({ at: now, actorId: actor.id, action: 'appointment_created', subjectType: 'appointment', subjectId: created.id, detail: { beneficiary: target.code } });
      return created;
    },

    /** Moves it: old reminders are replaced in the same transaction, the answer is asked again. */
    async reschedule(actor: PersonSummary, id: string, startsAt: Date, now: Date): Promise<AppointmentView> {
      await assertTutorOf(actor, id, 'reschedule', now);
      if (startsAt.getTime() <= now.getTime()) throw new PonteError('appointment_in_past', 'appointment in the past', 'appointments:errors.past');
      const moved = await store.update(id, { startsAt, response: 'none', respondedAt: null, declineReason: null }, (a) => ({ cancelPrefixes: [reminderPrefix(a.id)], schedule: planAnnouncement(a, 'moved', policy, now) }));
      if (!moved) throw new AppointmentUnavailableError();
      await audit.record({ at: now, actorId: actor.id, action: 'appointment_rescheduled', subjectType: 'appointment', subjectId: id });
      return moved;
    },

    /** Cancels it and every pending row about it; the beneficiary is told. */
    async cancel(actor: PersonSummary, id: string, now: Date): Promise<AppointmentView> {
      await assertTutorOf(actor, id, 'cancel', now);
      const cancelled = await store.update(id, { status: 'cancelled' }, (a) => ({ cancelPrefixes: [`appointment:${a.id}:`], schedule: [planNotice(a, 'cancelled', policy, now)] }));
      if (!cancelled) throw new AppointmentUnavailableError();
      await audit.record({ at: now, actorId: actor.id, action: 'appointment_cancelled', subjectType: 'appointment', subjectId: id });
      return cancelled;
    },

    /** "I'll be there". After a decline it also brings the reminders back. */
    async confirm(actor: PersonSummary, id: string, now: Date): Promise<AppointmentView> {
      await assertOwn(actor, id, 'confirm', now);
      const done = await store.update(id, { response: 'confirmed', respondedAt: now, declineReason: null }, (a) => reminders(a, now));
      if (!done) throw new AppointmentUnavailableError();
      return done;
    },

    /**
     * "I can't come": no more reminders; the tutor is told (after a short wait for a reason). Pressed
     * again (an older message keeps the button), it changes nothing: the reason given stays and the
     * tutor is not told twice. `alreadyDeclined` says so to the caller.
     */
    async decline(actor: PersonSummary, id: string, now: Date): Promise<AppointmentView & { alreadyDeclined?: true }> {
      const current = await assertOwn(actor, id, 'decline', now);
      if (current.response === 'declined') return { ...current, alreadyDeclined: true };
      const done = await store.update(id, { response: 'declined', respondedAt: now, declineReason: null }, (a) => {
        const notice = planDeclined(a, now, now, DECLINE_REASON_GRACE_MS);
        return { cancelPrefixes: [reminderPrefix(a.id)], schedule: notice ? [notice] : [] };
      });
      if (!done) throw new AppointmentUnavailableError();
      return done;
    },

    /** The optional reason (or none): the tutor's notice goes now, with it. */
    async giveReason(actor: PersonSummary, id: string, reason: string | null, now: Date): Promise<AppointmentView> {
      const a = await assertOwn(actor, id, 'reason', now);
      if (a.response !== 'declined' || !a.respondedAt) throw new AppointmentUnavailableError();
      const respondedAt = a.respondedAt;
      const clean = reason === null ? null : declineReasonSchema.parse(reason);
      const done = await store.update(id, { declineReason: clean }, (x) => {
        const notice = planDeclined(x, respondedAt, now, 0);
        return { cancelPrefixes: [], schedule: notice ? [notice] : [] };
      });
      if (!done) throw new AppointmentUnavailableError();
      return done;
    },

    /** Reminders stopped: pending ones are cancelled. */
    stopReminders: (personId: string) => store.cancelRemindersOf(personId),
    /** Reminders started again: planned anew for upcoming appointments. */
    startReminders: (personId: string, now: Date) => store.replanFor(personId, now, (a) => reminders(a, now)),
  };
}
