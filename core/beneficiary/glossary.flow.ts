/**
 * "Words of work": the glossary. Type a word in any language ("payslip", "busta paga", "fiche de
 * paie", "قسيمة الراتب") or browse the list; an entry shows in the reader's language with the
 * Italian term, the one written on their documents.
 */
import type { Flow, Outcome, TurnContext } from '../conversation/flow';
import { goto, repeat } from '../conversation/flow';
import { rows } from '../conversation/system-flows.impl';
import { searchGlossary } from '../content/glossary.search';
import type { GlossaryFile } from '../content/content.types';
import { glossaryButton, glossaryEntry, glossaryIds, present, type BeneficiaryContent } from './content-pick';

export const GLOSSARY_FLOW = 'beneficiary.glossary';
const PAGE = 8;
const RESULTS = 6;
/** A top hit this far ahead of the next is shown directly instead of a list to choose from. */
const CLEAR_LEAD = 15;

/** An entry as the reader sees it: the term, the explanation, and the Italian term written on documents. */
export function glossaryEntryText(ctx: Pick<TurnContext, 't' | 'lang'>, content: BeneficiaryContent, id: string): string | undefined {
  const e = glossaryEntry(content, ctx.lang, id);
  if (!e) return undefined;
  const lines = [`📖 ${e.term}`, '', e.text];
  const it = content.glossary.it?.[id];
  if (ctx.lang !== 'it' && it) lines.push('', ctx.t('beneficiary:glossary.inItalian', { term: it.term }));
  return lines.join('\n');
}

export function createGlossaryFlow(content: BeneficiaryContent): Flow {
  const all: Record<string, GlossaryFile> = present(content.glossary);
  const ids = glossaryIds(content);
  const label = (ctx: TurnContext, id: string) => glossaryButton(content, ctx.lang, id);

  function search(ctx: TurnContext, text: string): Outcome {
    const query = text.trim().slice(0, 100).trimEnd();
    const hits = searchGlossary(query, all, { limit: RESULTS }).filter((h) => glossaryEntry(content, ctx.lang, h.id));
    if (hits.length === 0) return { say: [{ text: ctx.t('beneficiary:glossary.noResult', { query }) }], next: { to: 'step', step: 'start', data: { page: 0 } } };
    if (hits.length === 1 || hits[0]!.score - hits[1]!.score >= CLEAR_LEAD) return goto('entry', { id: hits[0]!.id });
    return goto('results', { ids: hits.map((h) => h.id), query });
  }

  return {
    id: GLOSSARY_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        prompt(ctx) {
          const page = Number(ctx.state.data.page ?? 0);
          const shown = ids.slice(page * PAGE, (page + 1) * PAGE);
          const choices = rows(shown.map((id) => ({ label: label(ctx, id), value: `e.${id}` })), 2);
          const more = [];
          if (page > 0) more.push({ label: ctx.t('beneficiary:buttons.previous'), value: 'prev' });
          if ((page + 1) * PAGE < ids.length) more.push({ label: ctx.t('beneficiary:buttons.more'), value: 'more' });
          if (more.length) choices.push(more);
          return { text: ctx.t('beneficiary:glossary.intro'), choices, nav: true };
        },
        onChoice(ctx, value) {
          const page = Number(ctx.state.data.page ?? 0);
          if (value === 'more') return repeat(undefined, { page: page + 1 });
          if (value === 'prev') return repeat(undefined, { page: Math.max(0, page - 1) });
          return goto('entry', { id: value.slice(2) });
        },
        onText: search,
      },
      results: {
        back: 'start',
        prompt(ctx) {
          const found = (ctx.state.data.ids as string[] | undefined) ?? [];
          return {
            text: ctx.t('beneficiary:glossary.results', { query: String(ctx.state.data.query ?? '') }),
            choices: found.map((id) => [{ label: label(ctx, id), value: `e.${id}` }]),
            nav: true,
          };
        },
        onChoice: (ctx, value) => goto('entry', { id: value.slice(2) }),
        onText: search,
      },
      entry: {
        back: 'start',
        prompt(ctx) {
          const id = String(ctx.state.data.id ?? '');
          const entry = glossaryEntryText(ctx, content, id);
          if (!entry) return { text: ctx.t('beneficiary:glossary.intro'), nav: true };
          return { text: `${entry}\n\n${ctx.t('beneficiary:glossary.again')}`, choices: [[{ label: ctx.t('beneficiary:buttons.allWords'), value: 'list' }]], nav: true };
        },
        onChoice: () => goto('start', { page: 0 }),
        onText: search,
      },
    },
  };
}
