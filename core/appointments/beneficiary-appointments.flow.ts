/**
 * The beneficiary's side: "My appointments" (each card with its own answer buttons, which work from
 * a reminder too) and the optional reason after "I can't come".
 */
import type { Flow, GlobalAction, Outcome, TurnContext } from '../conversation/flow';
import { stay, toMenu } from '../conversation/flow';
import { PonteError } from '../errors';
import { declineReasonSchema } from './appointment.types';
import { plural } from '../beneficiary/locale-format';
import { appointmentCard, responseLine } from './appointment.describe';
import { answerButtons, BENEFICIARY_ACTION } from './appointment.renderers';
import type { AppointmentService } from './appointments.service';
import type { AppointmentStore } from './appointments.ports';
import { MY_APPOINTMENTS_FLOW, RESPOND_FLOW } from './flow-ids';


/** How many upcoming appointments the list shows; more are rare and would flood the chat. */
const SHOWN = 5;

/** Runs a use case; a PonteError becomes its message in the user's language, anything else is rethrown. */
export async function orExplain(ctx: TurnContext, run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PonteError) return stay([{ text: ctx.t(err.userMessageKey) }]);
    throw err;
  }
}

export function createBeneficiaryAppointmentFlows(deps: { store: AppointmentStore; service: AppointmentService }): { flows: Flow[]; actions: GlobalAction[] } {
  const mine: Flow = {
    id: MY_APPOINTMENTS_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        async prompt(ctx) {
          const list = await deps.store.upcomingForBeneficiary(ctx.person!.id, ctx.now);
          if (list.length === 0) return { text: ctx.t('appointments:mine.none'), nav: true };
          const tz = ctx.person!.timezone;
          const before = list.slice(0, SHOWN).map((a) => ({ text: `${appointmentCard(ctx, a, tz)}\n\n${responseLine(ctx, a)}`, choices: answerButtons(ctx, a.id, a.response) }));
          const text = list.length > SHOWN ? plural(ctx, 'appointments:mine.more', list.length - SHOWN) : ctx.t('appointments:mine.end');
          return { before: [{ text: ctx.t('appointments:mine.title') }, ...before], text, nav: true };
        },
      },
    },
  };

  const respond: Flow = {
    id: RESPOND_FLOW,
    roles: ['beneficiary'],
    initial: 'reason',
    steps: {
      reason: {
        prompt: (ctx) => ({ text: ctx.t('appointments:decline.askReason'), choices: [[{ label: ctx.t('appointments:buttons.skip'), value: 'skip' }]] }),
        onText(ctx, text) {
          const id = String(ctx.state.data.id ?? '');
          if (!declineReasonSchema.safeParse(text).success) return { say: [{ text: ctx.t('appointments:errors.reasonTooLong', { max: 300 }) }], next: { to: 'repeat' } };
          return orExplain(ctx, async () => {
            await deps.service.giveReason(ctx.person!, id, text, ctx.now);
            return toMenu([{ text: ctx.t('appointments:decline.sent') }]);
          });
        },
        onChoice(ctx) {
          const id = String(ctx.state.data.id ?? '');
          return orExplain(ctx, async () => {
            await deps.service.giveReason(ctx.person!, id, null, ctx.now);
            return toMenu([{ text: ctx.t('appointments:decline.sent') }]);
          });
        },
      },
    },
  };

  const answer: GlobalAction = {
    prefix: BENEFICIARY_ACTION,
    roles: ['beneficiary'],
    handle(ctx, rest) {
      const [op, id] = [rest.slice(0, 1), rest.slice(2)];
      return orExplain(ctx, async () => {
        if (op === 'c') {
          await deps.service.confirm(ctx.person!, id, ctx.now);
          return stay([{ text: ctx.t('appointments:confirmed') }]);
        }
        if (op === 'd') {
          const declined = await deps.service.decline(ctx.person!, id, ctx.now);
          // Already answered "I can't come" (a button on an older message): say so, ask nothing again.
          if (declined.alreadyDeclined) return stay([{ text: responseLine(ctx, declined) }]);
          return { next: { to: 'flow', flow: RESPOND_FLOW, step: 'reason', data: { id } } };
        }
        return stay([{ text: ctx.t('common:staleButton') }]);
      });
    },
  };

  return { flows: [mine, respond], actions: [answer] };
}
