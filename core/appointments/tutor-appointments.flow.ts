/**
 * The tutor's "Appointments": upcoming appointments of the entity's beneficiaries, each marked
 * unconfirmed / confirmed / cannot come, with move and cancel; and the way to schedule a new one.
 */
import type { Flow, GlobalAction } from '../conversation/flow';
import { goto, repeat } from '../conversation/flow';
import { appointmentCard, tutorListLine, tutorMarker } from './appointment.describe';
import { TUTOR_ACTION } from './appointment.renderers';
import type { AppointmentStore } from './appointments.ports';
import type { AppointmentService } from './appointments.service';
import { parseAppointmentDateTime } from './datetime.parser';
import { orExplain } from './beneficiary-appointments.flow';
import { SCHEDULE_FLOW, TUTOR_APPOINTMENTS_FLOW } from './flow-ids';

/** Appointments per screen. */
const LISTED = 10;

export function createTutorAppointmentFlows(deps: { store: AppointmentStore; service: AppointmentService }): { flows: Flow[]; actions: GlobalAction[] } {
  const flow: Flow = {
    id: TUTOR_APPOINTMENTS_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async prompt(ctx) {
          // A page at a time (one more row read tells whether there is a next page).
          const page = Math.max(0, Number(ctx.state.data.page) || 0);
          const rows = await deps.store.upcomingForTutor(ctx.person!.id, ctx.now, LISTED + 1, page * LISTED);
          const list = rows.slice(0, LISTED);
          const tz = ctx.person!.timezone;
          const unconfirmed = list.filter((a) => a.response !== 'confirmed').length;
          const text = list.length === 0 ? ctx.t('appointments:tutor.none') : ctx.t('appointments:tutor.title', { unconfirmed, total: list.length });
          const turn = [...(page > 0 ? [{ label: ctx.t('tutor:pick.previous'), value: `p.${page - 1}` }] : []), ...(rows.length > LISTED ? [{ label: ctx.t('tutor:pick.more'), value: `p.${page + 1}` }] : [])];
          return {
            text,
            choices: [...list.map((a) => [{ label: tutorListLine(ctx, a, tz), value: `o.${a.id}` }]), ...(turn.length ? [turn] : []), [{ label: ctx.t('appointments:buttons.new'), value: 'new' }]],
            nav: true,
          };
        },
        onChoice(ctx, value) {
          if (value === 'new') return { next: { to: 'flow', flow: SCHEDULE_FLOW } };
          if (value.startsWith('p.')) return repeat(undefined, { page: Number(value.slice(2)) || 0 });
          return goto('detail', { id: value.slice(2) });
        },
      },
      detail: {
        back: 'start',
        async enter(ctx) {
          const ok = await deps.store.tutorMayManage(ctx.person!.id, String(ctx.state.data.id));
          return ok ? undefined : goto('start', {});
        },
        async prompt(ctx) {
          const a = await deps.store.get(String(ctx.state.data.id));
          if (!a) return { text: ctx.t('appointments:errors.unavailable'), nav: true };
          const lines = [ctx.t('appointments:tutor.for', { name: a.beneficiary.fullName, code: a.beneficiary.code }), appointmentCard(ctx, a, ctx.person!.timezone), '', tutorMarker(ctx, a)];
          if (a.response === 'declined' && a.declineReason) lines.push(ctx.t('appointments:declined.reason', { reason: a.declineReason }));
          const open = a.status === 'scheduled';
          return {
            text: lines.join('\n'),
            choices: open ? [[{ label: ctx.t('appointments:buttons.move'), value: 'move' }, { label: ctx.t('appointments:buttons.cancel'), value: 'cancel' }]] : [],
            nav: true,
          };
        },
        onChoice: (ctx, value) => goto(value === 'move' ? 'move' : 'cancel'),
      },
      move: {
        back: 'detail',
        prompt: (ctx) => ({ text: ctx.t('appointments:schedule.when', { example: '28/11 10:30' }), nav: true }),
        onText(ctx, text) {
          const r = parseAppointmentDateTime(text, ctx.person!.timezone, ctx.now);
          if (!r.ok) return repeat([{ text: ctx.t(`appointments:errors.${r.error}`) }]);
          return orExplain(ctx, async () => {
            const a = await deps.service.reschedule(ctx.person!, String(ctx.state.data.id), r.startsAt, ctx.now);
            return { say: [{ text: ctx.t('appointments:tutor.moved', { name: a.beneficiary.fullName }) }], next: { to: 'step', step: 'start', data: {} } };
          });
        },
      },
      cancel: {
        back: 'detail',
        prompt: (ctx) => ({
          text: ctx.t('appointments:tutor.cancelAsk'),
          choices: [[{ label: ctx.t('appointments:tutor.cancelYes'), value: 'yes' }, { label: ctx.t('appointments:tutor.cancelNo'), value: 'no' }]],
        }),
        onChoice(ctx, value) {
          if (value !== 'yes') return goto('detail');
          return orExplain(ctx, async () => {
            const a = await deps.service.cancel(ctx.person!, String(ctx.state.data.id), ctx.now);
            return { say: [{ text: ctx.t('appointments:tutor.cancelled', { name: a.beneficiary.fullName }) }], next: { to: 'step', step: 'start', data: {} } };
          });
        },
      },
    },
  };

  const shortcut: GlobalAction = {
    prefix: TUTOR_ACTION,
    roles: ['tutor'],
    handle: () => ({ next: { to: 'flow', flow: TUTOR_APPOINTMENTS_FLOW } }),
  };

  return { flows: [flow], actions: [shortcut] };
}
