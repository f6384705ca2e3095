/**
 * Job-search tips: a menu of topics, each a few short screens with next/previous, and a search by
 * keyword in any language. The texts are content files (content/tips/<lng>.json), not code.
 */
import type { Flow, Outcome, TurnContext } from '../conversation/flow';
import { goto } from '../conversation/flow';
import { searchTips } from '../content/glossary.search';
import type { TipsFile } from '../content/content.types';
import { present, tipButton, tipsIds, tipsTopic, type BeneficiaryContent } from './content-pick';

export const TIPS_FLOW = 'beneficiary.tips';

export function createTipsFlow(content: BeneficiaryContent): Flow {
  const all: Record<string, TipsFile> = present(content.tips);
  const ids = tipsIds(content);

  function search(ctx: TurnContext, text: string): Outcome {
    const query = text.trim().slice(0, 100).trimEnd();
    const hit = searchTips(query, all, { limit: 1 })[0];
    if (!hit || !tipsTopic(content, ctx.lang, hit.id)) return { say: [{ text: ctx.t('beneficiary:tips.noResult', { query }) }], next: { to: 'step', step: 'start', data: {} } };
    return goto('topic', { id: hit.id, i: 0 });
  }

  return {
    id: TIPS_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        prompt: (ctx) => ({
          text: ctx.t('beneficiary:tips.intro'),
          choices: ids.map((id) => [{ label: tipButton(content, ctx.lang, id), value: `t.${id}` }]),
          nav: true,
        }),
        onChoice: (ctx, value) => goto('topic', { id: value.slice(2), i: 0 }),
        onText: search,
      },
      topic: {
        back: 'start',
        prompt(ctx) {
          const topic = tipsTopic(content, ctx.lang, String(ctx.state.data.id ?? ''));
          if (!topic) return { text: ctx.t('beneficiary:tips.intro'), nav: true };
          const total = topic.screens.length;
          const i = Math.min(Math.max(0, Number(ctx.state.data.i ?? 0)), total - 1);
          const move = [];
          if (i > 0) move.push({ label: ctx.t('beneficiary:buttons.previous'), value: 'prev' });
          if (i < total - 1) move.push({ label: ctx.t('beneficiary:buttons.next'), value: 'next' });
          return {
            text: ctx.t('beneficiary:tips.screen', { title: topic.title, n: i + 1, total, text: topic.screens[i] ?? '' }),
            choices: [move, [{ label: ctx.t('beneficiary:buttons.allTopics'), value: 'list' }]],
            nav: true,
          };
        },
        onChoice(ctx, value) {
          const i = Number(ctx.state.data.i ?? 0);
          if (value === 'next') return goto('topic', { ...ctx.state.data, i: i + 1 });
          if (value === 'prev') return goto('topic', { ...ctx.state.data, i: Math.max(0, i - 1) });
          return goto('start', {});
        },
        onText: search,
      },
    },
  };
}
