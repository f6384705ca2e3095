/**
 * "My data": what is stored, an export as files, stop/start reminders, and "delete my data" after an
 * explicit confirmation. Erasure keeps the programme's hour totals and an audit event (codes only).
 */
import type { AuditLog } from '../ports/audit';
import type { Flow, TurnContext } from '../conversation/flow';
import { goto, repeat, toMenu } from '../conversation/flow';
import { STOP_REMINDERS_FLOW } from '../conversation/system-flows';
import type { BeneficiaryStore } from './beneficiary.ports';
import { exportFiles, myDataText } from './data-export';

export const DATA_FLOW = 'beneficiary.data';

/** What "stop/start reminders" needs from the appointments feature. */
export interface ReminderSwitch {
  stopReminders(personId: string): Promise<number>;
  startReminders(personId: string, now: Date): Promise<number>;
}

type ReminderDeps = { store: BeneficiaryStore; audit: AuditLog; reminders: ReminderSwitch };

/** Reminders on or off: the setting, the pending reminders (cancelled, or planned anew), the audit. */
async function switchReminders(deps: ReminderDeps, ctx: TurnContext, on: boolean): Promise<void> {
  const id = ctx.person!.id;
  await deps.store.setReminders(id, on);
  // Enabled first, then planned: planning reads the person's setting.
  if (on) await deps.reminders.startReminders(id, ctx.now);
  else await deps.reminders.stopReminders(id);
  await deps.audit.record({ at: ctx.now, actorId: id, action: on ? 'reminders_started' : 'reminders_stopped', subjectType: 'person', subjectId: id });
}

/**
 * "stop" typed anywhere (in any language), or asked in free text: stop the appointment reminders,
 * after a confirmation. The appointments stay; only the messages before them stop.
 */
export function createStopRemindersFlow(deps: ReminderDeps): Flow {
  return {
    id: STOP_REMINDERS_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        prompt(ctx) {
          if (!ctx.person!.remindersEnabled) return { text: ctx.t('beneficiary:stop.already'), choices: [[{ label: ctx.t('beneficiary:buttons.startReminders'), value: 'start' }]], nav: true };
          return { text: ctx.t('beneficiary:stop.ask'), choices: [[{ label: ctx.t('beneficiary:stop.yes'), value: 'stop' }], [{ label: ctx.t('beneficiary:stop.no'), value: 'keep' }]] };
        },
        async onChoice(ctx, value) {
          if (value === 'keep') return toMenu([{ text: ctx.t('beneficiary:stop.kept') }]);
          const on = value === 'start';
          await switchReminders(deps, ctx, on);
          return toMenu([{ text: ctx.t(on ? 'beneficiary:data.remindersStarted' : 'beneficiary:data.remindersStopped') }]);
        },
      },
    },
  };
}

export function createDataRightsFlow(deps: ReminderDeps): Flow {
  return {
    id: DATA_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        async prompt(ctx) {
          const d = await deps.store.myData(ctx.person!.id);
          if (!d) return { text: ctx.t('common:errors.generic'), nav: true };
          return {
            text: myDataText(ctx, d),
            choices: [
              [{ label: ctx.t('beneficiary:buttons.export'), value: 'export' }],
              [{ label: ctx.t(d.person.remindersEnabled ? 'beneficiary:buttons.stopReminders' : 'beneficiary:buttons.startReminders'), value: d.person.remindersEnabled ? 'stop' : 'start' }],
              [{ label: ctx.t('beneficiary:buttons.delete'), value: 'delete' }],
            ],
            nav: true,
          };
        },
        async onChoice(ctx, value) {
          const id = ctx.person!.id;
          if (value === 'export') {
            const d = await deps.store.myData(id);
            if (!d) return repeat();
            await deps.audit.record({ at: ctx.now, actorId: id, action: 'data_exported', subjectType: 'person', subjectId: id });
            return repeat([{ text: ctx.t('beneficiary:data.exported'), attachments: exportFiles(ctx, d, ctx.now) }]);
          }
          if (value === 'stop' || value === 'start') {
            const on = value === 'start';
            await switchReminders(deps, ctx, on);
            return repeat([{ text: ctx.t(on ? 'beneficiary:data.remindersStarted' : 'beneficiary:data.remindersStopped') }]);
          }
          return goto('confirmDelete');
        },
      },
      confirmDelete: {
        back: 'start',
        prompt: (ctx) => ({
          text: ctx.t('beneficiary:erase.ask'),
          choices: [[{ label: ctx.t('beneficiary:erase.yes'), value: 'yes' }], [{ label: ctx.t('beneficiary:erase.no'), value: 'no' }]],
        }),
        async onChoice(ctx, value) {
          if (value !== 'yes') return { say: [{ text: ctx.t('beneficiary:erase.kept') }], next: { to: 'step', step: 'start', data: {} } };
          const person = ctx.person!;
          const result = await deps.store.erase(person.id, ctx.now);
          // The audit event keeps the pseudonymous code and counts, never the name.
          await deps.audit.record({ at: ctx.now, actorId: person.id, action: 'data_erased', subjectType: 'person', subjectId: person.id, detail: { code: person.code, ...result } });
          return goto('erased', {});
        },
      },
      // Shown once; the chat is unlinked, so the next message starts onboarding again.
      erased: {
        prompt: (ctx) => ({ text: ctx.t('beneficiary:erase.done') }),
      },
    },
  };
}
