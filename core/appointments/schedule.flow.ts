/**
 * The tutor's "schedule an appointment" flow: beneficiary → type → date and time → place/address →
 * what to bring → summary → confirm. Only beneficiaries of the tutor's own entity can be chosen
 * (checked in the query); a refused code is audited. Nothing is written before "Confirm".
 */
import type { AuditLog } from '../ports/audit';
import type { Flow, TurnContext } from '../conversation/flow';
import { goto, repeat, toMenu } from '../conversation/flow';
import { rows } from '../conversation/system-flows.impl';
import { APPOINTMENT_KINDS, newAppointmentSchema, splitPlace, type AppointmentKind, type AppointmentView } from './appointment.types';
import { appointmentCard } from './appointment.describe';
import type { AppointmentStore } from './appointments.ports';
import type { AppointmentService } from './appointments.service';
import { parseAppointmentDateTime } from './datetime.parser';
import { orExplain } from './beneficiary-appointments.flow';
import { SCHEDULE_FLOW, TUTOR_APPOINTMENTS_FLOW } from './flow-ids';

/** Buttons for the tutor's own caseload; others of the entity are reached by typing their code. */
const CASELOAD_BUTTONS = 8;

interface Draft {
  beneficiaryId?: string;
  name?: string;
  code?: string;
  kind?: AppointmentKind;
  startsAt?: string;
  place?: string;
  address?: string | null;
  bring?: string | null;
}

const draft = (ctx: TurnContext) => ctx.state.data as Draft;

/** The draft as a card, for the summary (the same card the beneficiary will get). */
function preview(ctx: TurnContext, d: Draft): AppointmentView {
  return {
    id: 'draft',
    kind: d.kind ?? 'other',
    startsAt: new Date(d.startsAt ?? ctx.now.toISOString()),
    durationMin: 60,
    place: d.place ?? null,
    address: d.address ?? null,
    withWhom: ctx.person?.fullName ?? null,
    bring: d.bring ?? null,
    note: null,
    status: 'scheduled',
    response: 'none',
    declineReason: null,
    respondedAt: null,
    beneficiary: { id: d.beneficiaryId ?? '', code: d.code ?? '', fullName: d.name ?? '', timezone: ctx.person?.timezone ?? 'Europe/Rome', remindersEnabled: true },
    tutor: null,
    createdById: ctx.person?.id ?? null,
  };
}

export function createScheduleFlow(deps: { store: AppointmentStore; service: AppointmentService; audit: AuditLog }): Flow {
  async function choose(ctx: TurnContext, codeOrId: string) {
    const b = await deps.store.beneficiaryForTutor(ctx.person!.id, codeOrId);
    if (!b) {
      // Only something shaped like a person code goes in the audit: a tutor may have typed a name.
      const code = /^[A-Z]-\d{4}$/i.test(codeOrId.trim()) ? codeOrId.trim().toUpperCase() : null;
      await deps.audit.record({ at: ctx.now, actorId: ctx.person!.id, action: 'appointment_refused', subjectType: 'person', subjectId: null, detail: { attempted: 'create', code } });
      return repeat([{ text: ctx.t('appointments:schedule.notFound', { code: codeOrId.trim().slice(0, 20) }) }]);
    }
    return goto('kind', { beneficiaryId: b.id, name: b.fullName, code: b.code });
  }

  return {
    id: SCHEDULE_FLOW,
    roles: ['tutor'],
    initial: 'who',
    steps: {
      who: {
        async prompt(ctx) {
          const mine = await deps.store.caseload(ctx.person!.id, CASELOAD_BUTTONS);
          return { text: ctx.t('appointments:schedule.who'), choices: rows(mine.map((b) => ({ label: `${b.fullName} (${b.code})`, value: `b.${b.id}` })), 2), nav: true };
        },
        onChoice: (ctx, value) => choose(ctx, value.slice(2)),
        onText: (ctx, text) => choose(ctx, text),
      },
      kind: {
        back: 'who',
        prompt: (ctx) => ({
          text: ctx.t('appointments:schedule.kind', { name: draft(ctx).name ?? '' }),
          choices: rows(APPOINTMENT_KINDS.map((k) => ({ label: ctx.t(`appointments:kind.${k}`), value: k })), 2),
          nav: true,
        }),
        onChoice(ctx, value) {
          const kind = APPOINTMENT_KINDS.find((k) => k === value);
          return kind ? goto('when', { ...ctx.state.data, kind }) : repeat();
        },
      },
      when: {
        back: 'kind',
        prompt: (ctx) => ({ text: ctx.t('appointments:schedule.when', { example: '28/11 10:30' }), nav: true }),
        onText(ctx, text) {
          const r = parseAppointmentDateTime(text, ctx.person!.timezone, ctx.now);
          if (!r.ok) return repeat([{ text: ctx.t(`appointments:errors.${r.error}`) }]);
          return goto('place', { ...ctx.state.data, startsAt: r.startsAt.toISOString() });
        },
      },
      place: {
        back: 'when',
        prompt: (ctx) => ({ text: ctx.t('appointments:schedule.place'), nav: true }),
        onText(ctx, text) {
          const { place, address } = splitPlace(text);
          const ok = newAppointmentSchema.pick({ place: true, address: true }).safeParse({ place, address });
          if (!ok.success) return repeat([{ text: ctx.t('appointments:errors.placeTooLong') }]);
          return goto('bring', { ...ctx.state.data, place, address });
        },
      },
      bring: {
        back: 'place',
        prompt: (ctx) => ({ text: ctx.t('appointments:schedule.bring', { name: draft(ctx).name ?? '' }), choices: [[{ label: ctx.t('appointments:schedule.nothing'), value: 'none' }]], nav: true }),
        onChoice: (ctx) => goto('summary', { ...ctx.state.data, bring: null }),
        onText(ctx, text) {
          if (!newAppointmentSchema.pick({ bring: true }).safeParse({ bring: text }).success) return repeat([{ text: ctx.t('appointments:errors.bringTooLong') }]);
          return goto('summary', { ...ctx.state.data, bring: text.trim() });
        },
      },
      summary: {
        back: 'bring',
        prompt(ctx) {
          const d = draft(ctx);
          return {
            text: ctx.t('appointments:schedule.summary', { name: d.name ?? '', code: d.code ?? '', card: appointmentCard(ctx, preview(ctx, d), ctx.person!.timezone) }),
            choices: [[{ label: ctx.t('appointments:schedule.confirm'), value: 'yes' }, { label: ctx.t('appointments:schedule.discard'), value: 'no' }]],
            nav: true,
          };
        },
        onChoice(ctx, value) {
          if (value !== 'yes') return toMenu([{ text: ctx.t('common:cancelled') }]);
          const d = draft(ctx);
          return orExplain(ctx, async () => {
            await deps.service.create(
              ctx.person!,
              { beneficiaryId: d.beneficiaryId ?? '', kind: d.kind ?? 'other', startsAt: new Date(d.startsAt ?? ''), durationMin: 60, place: d.place ?? '', address: d.address ?? null, withWhom: ctx.person!.fullName, bring: d.bring ?? null, note: null },
              ctx.now,
            );
            return { say: [{ text: ctx.t('appointments:schedule.saved', { name: d.name ?? '' }) }], next: { to: 'flow', flow: TUTOR_APPOINTMENTS_FLOW } };
          });
        },
      },
    },
  };
}
