/**
 * Free text anywhere a beneficiary can write: at the menu, or on a screen where typing has no other
 * meaning. "when is my next appointment?" opens the appointments, "busta paga" answers with the word
 * (a few other matches as buttons), "ciao" greets, a question Ponte cannot answer, a voice note or a
 * photo is offered to the tutor (sent only after a confirmation). See free-text.matcher for the matching.
 */
import type { Translator } from '../ports/translator';
import type { FeatureModule, Flow, Outcome, TurnContext } from '../conversation/flow';
import { goto, startFlow, toMenu } from '../conversation/flow';
import { LANGUAGE_FLOW, STOP_REMINDERS_FLOW } from '../conversation/system-flows';
import { MY_APPOINTMENTS_FLOW } from '../appointments/flow-ids';
import { offerToTutor, WRITE_FLOW } from '../relay/relay.module';
import { SPLIT_PART_MIN } from '../relay/long-text';
import { glossaryButton, present, tipButton, tipsTopic, type BeneficiaryContent } from './content-pick';
import { intentIndex, matchFreeText, type FreeTextHit, type FreeTextSources, type Intent } from './free-text.matcher';
import { glossaryEntryText } from './glossary.flow';
import { PATH_FLOW } from './path.flow';
import { TIPS_FLOW } from './tips.flow';

export const ASK_FLOW = 'beneficiary.ask';

/** The button that names each intent: the label of the menu item or button it stands for. */
const INTENT_LABEL: Record<Intent, string> = {
  appointments: 'appointments:menu.mine',
  path: 'beneficiary:menu.path',
  tutor: 'beneficiary:buttons.tutor',
  write: 'relay:menu.write',
  help: 'common:menu.help',
  language: 'common:menu.language',
  stopReminders: 'beneficiary:buttons.stopReminders',
  greeting: 'common:nav.menu',
  thanks: 'common:nav.menu',
};

export function createFreeText(deps: { content: BeneficiaryContent; translator: Translator }): Pick<FeatureModule, 'onUnhandled'> & { flow: Flow } {
  const { content } = deps;
  const sources: FreeTextSources = { intents: intentIndex(deps.translator), glossary: present(content.glossary), tips: present(content.tips) };

  const labelOf = (ctx: TurnContext, h: FreeTextHit) => (h.kind === 'intent' ? ctx.t(INTENT_LABEL[h.id]) : h.kind === 'glossary' ? glossaryButton(content, ctx.lang, h.id) : tipButton(content, ctx.lang, h.id));

  /** Does what the hit asks: opens the screen of an intent, or shows the word or tip with the others as buttons. */
  function act(ctx: TurnContext, hit: FreeTextHit, others: FreeTextHit[]): Outcome {
    if (hit.kind !== 'intent') return startFlow(ASK_FLOW, { hit, others }, 'answer');
    switch (hit.id) {
      case 'appointments':
        return startFlow(MY_APPOINTMENTS_FLOW);
      case 'path':
        return startFlow(PATH_FLOW);
      case 'tutor':
        return startFlow(PATH_FLOW, {}, 'tutor');
      case 'write':
        return startFlow(WRITE_FLOW);
      case 'help':
        return toMenu([{ text: ctx.t('common:help.beneficiary') }]);
      case 'language':
        return startFlow(LANGUAGE_FLOW, { returnTo: null });
      case 'stopReminders':
        return startFlow(STOP_REMINDERS_FLOW);
      case 'greeting':
        return toMenu([{ text: ctx.t('beneficiary:ask.greeting', { name: ctx.person!.fullName }) }]);
      case 'thanks':
        return toMenu([{ text: ctx.t('beneficiary:ask.thanks') }]);
    }
  }

  const flow: Flow = {
    id: ASK_FLOW,
    roles: ['beneficiary'],
    steps: {
      answer: {
        prompt(ctx) {
          const hit = ctx.state.data.hit as FreeTextHit;
          const others = (ctx.state.data.others as FreeTextHit[] | undefined) ?? [];
          const choices = others.map((h, i) => [{ label: labelOf(ctx, h), value: `h.${i}` }]);
          if (hit.kind === 'tip') {
            const topic = tipsTopic(content, ctx.lang, hit.id);
            const total = topic?.screens.length ?? 0;
            if (total > 1) choices.unshift([{ label: ctx.t('beneficiary:buttons.next'), value: 'more' }]);
            return { text: ctx.t('beneficiary:tips.screen', { title: topic?.title ?? '', n: 1, total, text: topic?.screens[0] ?? '' }), choices, nav: true };
          }
          return { text: glossaryEntryText(ctx, content, hit.id) ?? ctx.t('beneficiary:glossary.intro'), choices, nav: true };
        },
        onChoice(ctx, value) {
          const hit = ctx.state.data.hit as FreeTextHit;
          if (value === 'more') return startFlow(TIPS_FLOW, { id: hit.id, i: 1 }, 'topic');
          const chosen = ((ctx.state.data.others as FreeTextHit[] | undefined) ?? [])[Number(value.slice(2))];
          return chosen ? act(ctx, chosen, []) : goto('answer');
        },
      },
    },
  };

  return {
    flow,
    onUnhandled(ctx, incoming) {
      if (!ctx.person?.roles.includes('beneficiary')) return undefined;
      // A file, or a text this long, is a message for someone, not a question.
      if (incoming.type === 'media' || incoming.text.length >= SPLIT_PART_MIN) return offerToTutor(ctx, incoming);
      const [best, ...others] = matchFreeText(incoming.text, sources);
      return best ? act(ctx, best, others) : offerToTutor(ctx, incoming);
    },
  };
}
