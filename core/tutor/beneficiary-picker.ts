/**
 * The "which beneficiary?" step shared by the tutor flows: the entity's caseload as buttons (a page
 * at a time), or a name / code typed and searched. One match is taken at once; several become a
 * choice list; none says so. Only the actor's own scope is ever listed (the access policy's scope).
 */
import type { Outcome, PromptChoice, Step, TurnContext } from '../conversation/flow';
import { rows } from '../conversation/system-flows.impl';
import { scopeFor } from '../access/access.policy';
import { searchBeneficiaries } from './beneficiary-search';
import { formatNumber, statusLabel } from './tutor-format';
import { actorOf, notAllowed, type TutorKit } from './tutor.context';
import type { BeneficiaryRow } from './tutor.ports';

const PAGE = 8;

export interface PickerOptions {
  /** The question, e.g. 'tutor:hours.who'. */
  promptKey: string;
  /** Called with the chosen beneficiary's person id (the caller loads and checks access). */
  picked(ctx: TurnContext, personId: string): Outcome | Promise<Outcome>;
  /** Free text that is not a search (e.g. a one-line report); undefined = search it. */
  onText?(ctx: TurnContext, text: string): Promise<Outcome | undefined>;
  /** Extra buttons above the list, and their handler (values must not start with "b." or "p."). */
  extra?(ctx: TurnContext): Promise<PromptChoice[][]>;
  onExtra?(ctx: TurnContext, value: string): Outcome | Promise<Outcome>;
  /** Shows the status of each person in the prompt text (the "my beneficiaries" list). */
  listInText?: boolean;
}

interface PickerData {
  /** Ids of the matches of the last search. */
  ids?: string[];
  query?: string;
  page?: number;
}

/** The caseload the actor may see, people they follow themselves first. */
export async function caseload(kit: TutorKit, ctx: TurnContext): Promise<BeneficiaryRow[] | null> {
  const actor = await actorOf(kit, ctx);
  if (!actor) return null;
  const scope = scopeFor(actor, 'beneficiary.report');
  if (scope.kind !== 'entity') return null;
  const list = await kit.store.listBeneficiaries(scope.entityId);
  return [...list].sort((a, b) => Number(b.tutorId === actor.id) - Number(a.tutorId === actor.id) || a.fullName.localeCompare(b.fullName));
}

/** Button label of one person: code and name. */
export const personLabel = (r: Pick<BeneficiaryRow, 'code' | 'fullName'>) => `${r.code} · ${r.fullName}`;

/** Stores a search's matches so the picker shows them as the choice list. */
export function withMatches(data: Record<string, unknown>, matches: BeneficiaryRow[], query: string): Record<string, unknown> {
  return { ...data, pk: { ids: matches.map((m) => m.personId), query } satisfies PickerData };
}

export function pickerStep(kit: TutorKit, opts: PickerOptions): Step {
  const pk = (ctx: TurnContext): PickerData => (ctx.state.data.pk as PickerData | undefined) ?? {};
  const choose = async (ctx: TurnContext, value: string): Promise<Outcome> => {
    if (value.startsWith('b.')) return opts.picked(ctx, value.slice(2));
    if (value.startsWith('p.')) return { next: { to: 'repeat', data: { ...ctx.state.data, pk: { page: Number(value.slice(2)) || 0 } } } };
    if (opts.onExtra) return opts.onExtra(ctx, value);
    return { next: { to: 'repeat' } };
  };
  return {
    async prompt(ctx) {
      const list = (await caseload(kit, ctx)) ?? [];
      const data = pk(ctx);
      if (data.ids) {
        const matches = list.filter((r) => data.ids!.includes(r.personId));
        const choices = matches.map((r) => [{ label: personLabel(r), value: `b.${r.personId}` }]);
        return { text: ctx.t('tutor:pick.several', { query: data.query ?? '', count: matches.length }), choices, nav: true };
      }
      const extra = opts.extra ? await opts.extra(ctx) : [];
      const page = data.page ?? 0;
      const shown = list.slice(page * PAGE, page * PAGE + PAGE);
      const buttons: PromptChoice[][] = [...extra, ...rows(shown.map((r) => ({ label: personLabel(r), value: `b.${r.personId}` })), 1)];
      if (list.length > PAGE) buttons.push([{ label: ctx.t('tutor:pick.more'), value: `p.${(page + 1) % Math.ceil(list.length / PAGE)}` }]);
      let text = ctx.t(opts.promptKey);
      if (list.length === 0) text = ctx.t('tutor:pick.empty');
      else if (opts.listInText) {
        const lines = shown.map((r) => ctx.t('tutor:list.row', { code: r.code, name: r.fullName, status: statusLabel(ctx, r.internshipStatus), hours: formatNumber(ctx.lang, r.hoursTotal) }));
        text = `${text}\n\n${lines.join('\n')}`;
      }
      return { text, choices: buttons, nav: true };
    },
    onChoice: choose,
    async onText(ctx, text) {
      const special = opts.onText ? await opts.onText(ctx, text) : undefined;
      if (special) return special;
      const list = await caseload(kit, ctx);
      if (!list) return notAllowed(ctx);
      // A typed button label or number still works on this screen.
      const typed = ctx.state.choices.find(([label], i) => label.toLowerCase() === text.trim().toLowerCase() || String(i + 1) === text.trim());
      if (typed) return choose(ctx, typed[1]);
      const matches = searchBeneficiaries(list, text);
      if (matches.length === 1) return opts.picked(ctx, matches[0]!.personId);
      if (matches.length === 0) return { say: [{ text: ctx.t('tutor:pick.none', { query: text.trim().slice(0, 60) }) }], next: { to: 'repeat', data: { ...ctx.state.data, pk: {} } } };
      return { next: { to: 'repeat', data: withMatches(ctx.state.data, matches, text.trim().slice(0, 60)) } };
    },
  };
}
