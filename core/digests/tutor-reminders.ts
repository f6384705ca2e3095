/**
 * Reminders to tutors: the weekly "hours not reported yet" list and the outcome follow-up due at 3, 6
 * and 12 months after an internship. (The "appointment declined" notice is planned and rendered by the
 * appointments module, in the same transaction as the decline: core/appointments/reminder-plan.ts.) Planners write outbox rows
 * with deterministic keys (running a planner twice schedules nothing twice); renderers re-read the data
 * when the row is sent and drop the message if it no longer applies (hours reported meanwhile, ...).
 */
import type { FeatureModule } from '../conversation/flow';
import { encodeGlobal } from '../conversation/action-data';
import type { OutboxItem, OutboxRenderer } from '../ports/outbox';
import { PRIORITY } from '../ports/outbox';
import { addLocalDays, localDate, localParts } from '../time/zoned-time';
import type { TutorReminderSource } from './digest.ports';
import { formatDay } from './digest.render';

export const TUTOR_REMINDER_KINDS = { weeklyHours: 'tutor_weekly_hours', followUpDue: 'follow_up_due' } as const;

/** The tutor feature's GlobalAction prefix that opens a follow-up's question: `fu:<followUpId>`. */
export const FOLLOW_UP_ACTION_PREFIX = 'fu';
/** Names listed in the weekly reminder; more are summarised. */
const MAX_NAMES = 10;
/** Follow-ups older than this are left to the coordinator digest rather than reminded again. */
const FOLLOW_UP_LOOKBACK_DAYS = 60;

/** Monday of the local week that contains `now`, YYYY-MM-DD. */
export function weekStart(now: Date, tz: string): string {
  return addLocalDays(localDate(now, tz), 1 - localParts(now, tz).weekday);
}

export async function planTutorWeeklyHours(source: TutorReminderSource, now: Date, tz: string): Promise<OutboxItem[]> {
  const week = weekStart(now, tz);
  const tutors = await source.tutorsWithMissingHours(week);
  return tutors.map((tutorId) => ({ key: `tutor_weekly_hours:${tutorId}:${week}`, personId: tutorId, kind: TUTOR_REMINDER_KINDS.weeklyHours, payload: { weekStart: week }, dueAt: now, priority: PRIORITY.bulk }));
}

export async function planFollowUpReminders(source: TutorReminderSource, now: Date, tz: string): Promise<OutboxItem[]> {
  const today = localDate(now, tz);
  const due = await source.followUpsDue(addLocalDays(today, -FOLLOW_UP_LOOKBACK_DAYS), today);
  return due.map((f) => ({ key: `follow_up:${f.followUpId}:due`, personId: f.tutorId, kind: TUTOR_REMINDER_KINDS.followUpDue, payload: { followUpId: f.followUpId }, dueAt: now, priority: PRIORITY.reminder }));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function tutorReminderRenderers(source: TutorReminderSource): OutboxRenderer[] {
  return [
    {
      kind: TUTOR_REMINDER_KINDS.weeklyHours,
      async render(ctx, payload) {
        const week = str(payload.weekStart);
        if (!week) return null;
        const missing = await source.missingHours(ctx.recipient.id, week);
        if (missing.length === 0) return null;
        const lines = [ctx.t('outbox:weeklyHours.title', { count: missing.length, date: formatDay(week, ctx.lang) })];
        lines.push(...missing.slice(0, MAX_NAMES).map((b) => ctx.t('outbox:weeklyHours.item', { name: b.fullName, code: b.code })));
        if (missing.length > MAX_NAMES) lines.push(ctx.t('outbox:more', { count: missing.length - MAX_NAMES }));
        lines.push(ctx.t('outbox:weeklyHours.howTo'));
        return [{ text: lines.join('\n'), choices: [[{ label: ctx.t('outbox:openMenu'), data: encodeGlobal('menu') }]] }];
      },
    },
    {
      kind: TUTOR_REMINDER_KINDS.followUpDue,
      async render(ctx, payload) {
        const id = str(payload.followUpId);
        const fu = id ? await source.followUp(id) : null;
        if (!id || !fu || fu.status !== 'pending') return null;
        const text = ctx.t('outbox:followUp.text', {
          count: fu.monthsAfter,
          name: fu.beneficiary.fullName,
          code: fu.beneficiary.code,
          date: fu.endDate ? formatDay(fu.endDate, ctx.lang) : '-',
        });
        return [{ text, choices: [[{ label: ctx.t('outbox:followUp.answer'), data: `${FOLLOW_UP_ACTION_PREFIX}:${id}` }]] }];
      },
    },
  ];
}

/** The reminders as a feature module (renderers only: the planners run from the scheduler). */
export function createTutorRemindersModule(source: TutorReminderSource): FeatureModule {
  return { renderers: tutorReminderRenderers(source) };
}
