/**
 * Outbox renderers of the appointment feature. Rows hold ids; the text is made here at send time,
 * in the recipient's language and zone of that moment. A row whose reason is gone (appointment
 * moved, cancelled, answered differently, person erased) renders to null and is dropped.
 */
import { z } from 'zod';
import type { OutboxRenderer, RenderContext } from '../ports/outbox';
import type { Choice, OutgoingMessage } from '../messages';
import { formatDateTime } from '../beneficiary/locale-format';
import type { AppointmentStore } from './appointments.ports';
import { appointmentCard, kindLabel, responseLine } from './appointment.describe';
import { DECLINED_KIND, NOTICE_KIND, REMINDER_KIND, SOON_MS } from './reminder-plan';

/** Global-action prefixes: `ap` for the beneficiary's answers, `apt` for the tutor's shortcuts. */
export const BENEFICIARY_ACTION = 'ap';
export const TUTOR_ACTION = 'apt';

export const confirmData = (id: string) => `${BENEFICIARY_ACTION}:c:${id}`;
export const declineData = (id: string) => `${BENEFICIARY_ACTION}:d:${id}`;

/** The two answer buttons (only "I can't come" once confirmed). */
export function answerButtons(r: { t: RenderContext['t'] }, id: string, response: string): Choice[][] {
  const row: Choice[] = [];
  if (response !== 'confirmed') row.push({ label: r.t('appointments:buttons.confirm'), data: confirmData(id) });
  if (response !== 'declined') row.push({ label: r.t('appointments:buttons.decline'), data: declineData(id) });
  return row.length ? [row] : [];
}

const reminderPayload = z.object({ appointmentId: z.string().min(1), offsetMinutes: z.number().int().positive() });
const noticePayload = z.object({ appointmentId: z.string().min(1), what: z.enum(['new', 'moved', 'cancelled']) });
const declinedPayload = z.object({ appointmentId: z.string().min(1), respondedAt: z.iso.datetime() });

export function createAppointmentRenderers(store: AppointmentStore): OutboxRenderer[] {
  const reminder: OutboxRenderer = {
    kind: REMINDER_KIND,
    async render(ctx, payload) {
      const p = reminderPayload.safeParse(payload);
      if (!p.success) return null;
      const a = await store.get(p.data.appointmentId);
      if (!a || a.status !== 'scheduled' || a.response === 'declined' || a.beneficiary.id !== ctx.recipient.id || !ctx.recipient.remindersEnabled) return null;
      if (a.startsAt.getTime() <= ctx.now.getTime()) return null;
      const tz = ctx.recipient.timezone;
      const lines = [ctx.t('appointments:reminder.title'), '', appointmentCard(ctx, a, tz)];
      if (a.response === 'confirmed') lines.push('', responseLine(ctx, a));
      return [{ text: lines.join('\n'), choices: answerButtons(ctx, a.id, a.response) }];
    },
  };

  const notice: OutboxRenderer = {
    kind: NOTICE_KIND,
    async render(ctx, payload) {
      const p = noticePayload.safeParse(payload);
      if (!p.success) return null;
      const a = await store.get(p.data.appointmentId);
      if (!a || a.beneficiary.id !== ctx.recipient.id) return null;
      const cancelled = p.data.what === 'cancelled';
      // A "new" or "moved" notice that has been overtaken by a cancellation says nothing.
      if (!cancelled && (a.status !== 'scheduled' || a.startsAt.getTime() <= ctx.now.getTime())) return null;
      // Booked (or moved) at short notice: no reminder will come before it, so the notice is the reminder.
      const soon = !cancelled && a.startsAt.getTime() - ctx.now.getTime() <= SOON_MS;
      const text = [ctx.t(soon ? 'appointments:notice.soon' : `appointments:notice.${p.data.what}`), '', appointmentCard(ctx, a, ctx.recipient.timezone)].join('\n');
      const out: OutgoingMessage = { text };
      if (!cancelled) out.choices = answerButtons(ctx, a.id, a.response);
      return [out];
    },
  };

  const declined: OutboxRenderer = {
    kind: DECLINED_KIND,
    async render(ctx, payload) {
      const p = declinedPayload.safeParse(payload);
      if (!p.success) return null;
      const a = await store.get(p.data.appointmentId);
      // The beneficiary changed their mind (or answered again) since: this notice is no longer true.
      if (!a || a.status !== 'scheduled' || a.response !== 'declined' || a.respondedAt?.toISOString() !== p.data.respondedAt) return null;
      const params = { name: a.beneficiary.fullName, code: a.beneficiary.code, kind: kindLabel(ctx, a), when: formatDateTime(a.startsAt, ctx.lang, ctx.recipient.timezone) };
      const text = [ctx.t('appointments:declined.title', params), a.declineReason ? ctx.t('appointments:declined.reason', { reason: a.declineReason }) : ctx.t('appointments:declined.noReason')].join('\n');
      return [{ text, choices: [[{ label: ctx.t('appointments:buttons.tutorList'), data: `${TUTOR_ACTION}:l` }]] }];
    },
  };

  return [reminder, notice, declined];
}
