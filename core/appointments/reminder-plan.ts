/**
 * Which outbox rows an appointment needs: reminders before it (per programme, never in quiet hours,
 * on the beneficiary's wall clock), notices when it is created, moved or cancelled, and the notice to
 * the tutor when the beneficiary cannot come. Keys are deterministic, so planning twice changes nothing.
 */
import { PRIORITY, type OutboxItem } from '../ports/outbox';
import { nextAllowedInstant, planReminderTime, type QuietHours } from '../time/quiet-hours';
import type { AppointmentView } from './appointment.types';

export const REMINDER_KIND = 'appointment_reminder';
export const DECLINED_KIND = 'appointment_declined';
export const NOTICE_KIND = 'appointment_notice';

export type NoticeWhat = 'new' | 'moved' | 'cancelled';

/**
 * An appointment this close when its notice is read gets a notice that says so ("⏰ Soon: today at
 * 10:30"): no reminder can come before it any more (the last one is 2 hours before).
 */
export const SOON_MS = 2 * 60 * 60_000;

/** A reminder due this soon after the notice adds nothing: the notice already says when (e.g. both at 08:00 after a night booking). */
export const NOTICE_COVERS_MS = 60 * 60_000;

/** Time the beneficiary has to add a reason before the tutor is told anyway. */
export const DECLINE_REASON_GRACE_MS = 3 * 60_000;

export interface ReminderPolicy {
  offsetsMinutes: readonly number[];
  quietHours: QuietHours;
}

/** Outbox changes to apply in the same transaction as the appointment change. */
export interface OutboxEffects {
  cancelPrefixes: string[];
  schedule: OutboxItem[];
}

export const reminderKey = (appointmentId: string, offsetMinutes: number) => `appointment:${appointmentId}:-${offsetMinutes}m`;
/** Prefix of an appointment's reminders only (not of its notices). */
export const reminderPrefix = (appointmentId: string) => `appointment:${appointmentId}:-`;
const noticeKey = (a: AppointmentView, what: NoticeWhat) => `appointment:${a.id}:${what}:${a.startsAt.getTime()}`;
export const declinedKey = (appointmentId: string, respondedAt: Date) => `appointment-declined:${appointmentId}:${respondedAt.getTime()}`;

/**
 * The reminders still worth sending for `a`: none if it is not scheduled, declined, or the
 * beneficiary stopped reminders; otherwise one per offset whose planned time is not in the past.
 */
export function planReminders(a: AppointmentView, policy: ReminderPolicy, now: Date): OutboxItem[] {
  if (a.status !== 'scheduled' || a.response === 'declined' || !a.beneficiary.remindersEnabled) return [];
  const items: OutboxItem[] = [];
  for (const offset of policy.offsetsMinutes) {
    const dueAt = planReminderTime(a.startsAt, offset, a.beneficiary.timezone, policy.quietHours, now);
    if (!dueAt) continue;
    items.push({ key: reminderKey(a.id, offset), personId: a.beneficiary.id, kind: REMINDER_KIND, payload: { appointmentId: a.id, offsetMinutes: offset }, dueAt, priority: PRIORITY.reminder });
  }
  return items;
}

/** A notice to the beneficiary (new, moved, cancelled), sent now or at the end of their quiet hours. */
export function planNotice(a: AppointmentView, what: NoticeWhat, policy: ReminderPolicy, now: Date): OutboxItem {
  return {
    key: noticeKey(a, what),
    personId: a.beneficiary.id,
    kind: NOTICE_KIND,
    payload: { appointmentId: a.id, what },
    dueAt: nextAllowedInstant(now, a.beneficiary.timezone, policy.quietHours),
    priority: PRIORITY.urgent,
  };
}

/**
 * What a new or moved appointment needs: its notice (at once, or when the quiet hours end) and the
 * reminders still to come, without those that would arrive within NOTICE_COVERS_MS after the notice.
 */
export function planAnnouncement(a: AppointmentView, what: 'new' | 'moved', policy: ReminderPolicy, now: Date): OutboxItem[] {
  const notice = planNotice(a, what, policy, now);
  const reminders = planReminders(a, policy, now).filter((r) => r.dueAt.getTime() > notice.dueAt.getTime() + NOTICE_COVERS_MS);
  return [...reminders, notice];
}

/** The tutor's "cannot come" notice; urgent, but it waits `delayMs` for an optional reason. */
export function planDeclined(a: AppointmentView, respondedAt: Date, now: Date, delayMs: number): OutboxItem | null {
  if (!a.tutor) return null;
  return {
    key: declinedKey(a.id, respondedAt),
    personId: a.tutor.id,
    kind: DECLINED_KIND,
    payload: { appointmentId: a.id, respondedAt: respondedAt.toISOString() },
    dueAt: new Date(now.getTime() + delayMs),
    priority: PRIORITY.urgent,
  };
}
