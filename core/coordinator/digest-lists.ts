/**
 * The digest's full lists in the chat: a screen with one button per non-empty block, then the chosen
 * list LIST_PAGE items at a time with previous / next, and a search by name or code (typed as text).
 * Everything is read again at each screen, a page at a time: nothing grows with the data.
 */
import type { Outcome, PromptChoice, Step, TurnContext } from '../conversation/flow';
import { blocksOf, DIGEST_BLOCKS, type DigestBlock, type DigestKind, type DigestQuery, type DigestSource } from '../digests/digest.ports';
import { blockLine } from '../digests/digest.render';

export const LIST_PAGE = 10;
const MAX_SEARCH = 60;

export interface ListsDeps {
  digests: DigestSource;
  /** The coordinator's query for this turn, or null if they are not a coordinator (any more). */
  query(ctx: TurnContext, kind: DigestKind): Promise<DigestQuery | null>;
}

interface ListData {
  kind: DigestKind;
  block?: DigestBlock;
  page: number;
  q?: string;
  /** Counts just computed by the digest, so the first lists screen needs no second query. */
  counts?: Partial<Record<DigestBlock, number>>;
}

function dataOf(ctx: TurnContext): ListData {
  const d = ctx.state.data;
  const block = DIGEST_BLOCKS.find((b) => b === d.block);
  const counts = d.counts && typeof d.counts === 'object' ? (d.counts as Partial<Record<DigestBlock, number>>) : undefined;
  return { kind: d.kind === 'daily' ? 'daily' : 'weekly', block, page: Number.isInteger(d.page) && (d.page as number) >= 0 ? (d.page as number) : 0, q: typeof d.q === 'string' && d.q ? d.q : undefined, counts };
}

const notAllowed = (ctx: TurnContext): Outcome => ({ say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } });

/** The screen listing the blocks (`lists`) and the paged list of one block (`list`). */
export function digestListSteps(deps: ListsDeps): { lists: Step; list: Step } {
  async function counts(ctx: TurnContext, data: ListData): Promise<Partial<Record<DigestBlock, number>> | null> {
    if (data.counts) return data.counts;
    const q = await deps.query(ctx, data.kind);
    if (!q) return null;
    const out: Partial<Record<DigestBlock, number>> = {};
    for (const b of blocksOf(data.kind)) {
      const slice = await deps.digests.page(q, b, { offset: 0, limit: 0 });
      out[b] = slice.units ?? slice.total;
    }
    return out;
  }

  const lists: Step = {
    async prompt(ctx) {
      const data = dataOf(ctx);
      const found = await counts(ctx, data);
      if (!found) return { text: ctx.t('common:errors.notAllowed') };
      const blocks = blocksOf(data.kind).filter((b) => (found[b] ?? 0) > 0);
      if (blocks.length === 0) return { text: ctx.t('coordinator:digest.allGood'), nav: true };
      const choices = blocks.map((b): PromptChoice[] => [{ label: ctx.t('coordinator:lists.open', { block: ctx.t(`coordinator:digest.${b}.short`), n: found[b] ?? 0 }), value: b }]);
      return { text: ctx.t('coordinator:lists.choose', { n: LIST_PAGE }), choices, nav: true };
    },
    onChoice(ctx, value) {
      const block = DIGEST_BLOCKS.find((b) => b === value);
      return block ? { next: { to: 'step', step: 'list', data: { kind: dataOf(ctx).kind, block, page: 0 } } } : { next: { to: 'repeat' } };
    },
  };

  const turnPage = (ctx: TurnContext, value: string): Outcome => {
    const data = dataOf(ctx);
    const base = { kind: data.kind, block: data.block, q: data.q };
    if (value === 'prev') return { next: { to: 'repeat', data: { ...base, page: Math.max(0, data.page - 1) } } };
    if (value === 'next') return { next: { to: 'repeat', data: { ...base, page: data.page + 1 } } };
    if (value === 'clear') return { next: { to: 'repeat', data: { ...base, q: undefined, page: 0 } } };
    return { next: { to: 'repeat' } };
  };

  const list: Step = {
    back: 'lists',
    async enter(ctx) {
      const data = dataOf(ctx);
      if (!data.block) return { next: { to: 'step', step: 'lists', data: { kind: data.kind } } };
      return (await deps.query(ctx, data.kind)) ? undefined : notAllowed(ctx);
    },
    async prompt(ctx) {
      const data = dataOf(ctx);
      const q = (await deps.query(ctx, data.kind))!;
      const block = data.block!;
      let page = data.page;
      let slice = await deps.digests.page(q, block, { offset: page * LIST_PAGE, limit: LIST_PAGE, search: data.q });
      const pages = Math.max(1, Math.ceil(slice.total / LIST_PAGE));
      if (page >= pages) {
        // The list got shorter since the last screen (someone reported the hours): show its last page.
        page = pages - 1;
        slice = await deps.digests.page(q, block, { offset: page * LIST_PAGE, limit: LIST_PAGE, search: data.q });
      }
      ctx.state.data = { ...ctx.state.data, page };
      const lines = [ctx.t('coordinator:lists.header', { block: ctx.t(`coordinator:digest.${block}.short`), page: page + 1, pages })];
      if (data.q) lines.push(ctx.t('coordinator:lists.found', { query: data.q, count: slice.total }));
      if (slice.items.length) lines.push(slice.items.map((item) => blockLine(ctx.t, block, item, { lang: ctx.lang, timezone: ctx.person?.timezone ?? 'Europe/Rome' })).join('\n'));
      else lines.push(ctx.t(data.q ? 'coordinator:lists.none' : 'coordinator:lists.empty', { query: data.q ?? '' }));
      lines.push(ctx.t('coordinator:lists.searchHint'));
      const paging: PromptChoice[] = [];
      if (page > 0) paging.push({ label: ctx.t('coordinator:lists.previous'), value: 'prev' });
      if (page < pages - 1) paging.push({ label: ctx.t('coordinator:lists.next'), value: 'next' });
      const choices = [paging, ...(data.q ? [[{ label: ctx.t('coordinator:lists.clear'), value: 'clear' }]] : [])].filter((r) => r.length);
      return { text: lines.join('\n\n'), choices, nav: true };
    },
    onChoice: turnPage,
    onText(ctx, text) {
      // A button's label typed back (Teams' imBack, or someone typing it) still presses the button.
      const typed = ctx.state.choices.find(([label]) => label.trim().toLowerCase() === text.trim().toLowerCase());
      if (typed) return turnPage(ctx, typed[1]);
      const q = text.replace(/\s+/g, ' ').trim().slice(0, MAX_SEARCH);
      const data = dataOf(ctx);
      return { next: { to: 'repeat', data: { kind: data.kind, block: data.block, page: 0, q: q || undefined } } };
    },
  };
  return { lists, list };
}
