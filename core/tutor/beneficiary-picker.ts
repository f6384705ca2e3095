/**
 * The "which beneficiary?" step shared by the tutor flows: the entity's caseload a page at a time
 * (PAGE people, the tutor's own first, previous/next), or a name / code typed and searched. One match
 * is taken at once, an approximate one ("Hasan" for Ahmed Hassan) only after "Did you mean…?";
 * several become a paged choice list; none says so. Only the actor's own scope is ever listed or
 * searched (the access policy's scope), and the database pages the list: a screen never holds more
 * than PAGE people, whatever the caseload's size.
 */
import type { Outcome, PromptChoice, PromptForm, Step, TurnContext } from '../conversation/flow';
import { scopeFor, type Actor } from '../access/access.policy';
import { bestGroup, compareRanked, keepBest, prepareQuery, rankRow, type Ranked } from './beneficiary-search';
import { formatNumber, statusLabel } from './tutor-format';
import { actorOf, notAllowed, type TutorKit } from './tutor.context';
import type { BeneficiaryName, BeneficiaryRow } from './tutor.ports';

/** People per screen. */
export const PAGE = 10;
/** A search keeps at most this many matches (pages of PAGE); past it the tutor is asked to type more. */
export const MAX_MATCHES = 200;
/** Names read per query while searching: memory stays bounded whatever the entity's size. */
const SCAN_CHUNK = 500;

export interface PickerOptions {
  /** The question, e.g. 'tutor:hours.who'. */
  promptKey: string;
  /** Called with the chosen beneficiary's person id (the caller loads and checks access). */
  picked(ctx: TurnContext, personId: string): Outcome | Promise<Outcome>;
  /** Free text that is not a search (e.g. a one-line report); undefined = search it. */
  onText?(ctx: TurnContext, text: string): Promise<Outcome | undefined>;
  /** Extra buttons above the list, and their handler (values must not start with "b.", "p.", "y" or "n"). */
  extra?(ctx: TurnContext): Promise<PromptChoice[][]>;
  onExtra?(ctx: TurnContext, value: string): Outcome | Promise<Outcome>;
  /** Shows the status of each person in the prompt text (the "my beneficiaries" list). */
  listInText?: boolean;
  /** The same question as a form (Teams), given the people of the page on screen. */
  form?(ctx: TurnContext, shown: BeneficiaryRow[]): Promise<PromptForm | undefined>;
}

/** The picker's part of the step data. */
export interface PickerData {
  /** The search typed, when the list shows its matches. */
  q?: string;
  page?: number;
  /** An approximate match waiting for "yes, that one". */
  confirm?: string;
}

/** The entity whose caseload the actor may list, or null. */
export async function caseloadOf(kit: TutorKit, ctx: TurnContext): Promise<{ actor: Actor; entityId: string } | null> {
  const actor = await actorOf(kit, ctx);
  if (!actor) return null;
  const scope = scopeFor(actor, 'beneficiary.report');
  return scope.kind === 'entity' ? { actor, entityId: scope.entityId } : null;
}

/** Search results of one entity: the best matches (at most MAX_MATCHES) and how many matched in all. */
export async function searchCaseload(kit: TutorKit, entityId: string, me: string, query: string): Promise<{ matches: Ranked<BeneficiaryName>[]; total: number }> {
  const q = prepareQuery(query);
  if (!q) return { matches: [], total: 0 };
  let kept: Ranked<BeneficiaryName>[] = [];
  const counts = { code: 0, whole: 0, prefix: 0, fuzzy: 0 };
  let after: string | null = null;
  // People the tutor follows come first among equals.
  const order = (a: Ranked<BeneficiaryName>, b: Ranked<BeneficiaryName>) => compareRanked(a, b, (r) => r.tutorId === me);
  for (;;) {
    const chunk = await kit.store.scanBeneficiaryNames(entityId, after, SCAN_CHUNK);
    for (const row of chunk) {
      const r = rankRow(row, q);
      if (!r) continue;
      counts[bestGroup(r)]++;
      kept.push(r);
    }
    // Trim as we go, keeping the best: memory never grows with the entity.
    if (kept.length > MAX_MATCHES * 2) kept = kept.sort(order).slice(0, MAX_MATCHES);
    if (chunk.length < SCAN_CHUNK) break;
    after = chunk.at(-1)!.personId;
  }
  const best = keepBest(kept.sort(order));
  const group = best[0] ? bestGroup(best[0]) : 'fuzzy';
  // The same group counted over everything scanned (a name search keeps whole-word matches over prefixes).
  const total = group === 'prefix' ? counts.prefix : counts[group];
  return { matches: best.slice(0, MAX_MATCHES), total };
}

/** What a typed name or code means in the tutor's caseload. */
export type Resolution =
  | { kind: 'one'; personId: string }
  | { kind: 'confirm'; personId: string }
  | { kind: 'several'; query: string }
  | { kind: 'none'; query: string }
  | { kind: 'refused' };

export async function resolvePerson(kit: TutorKit, ctx: TurnContext, text: string): Promise<Resolution> {
  const scope = await caseloadOf(kit, ctx);
  if (!scope) return { kind: 'refused' };
  const query = text.trim().slice(0, 60);
  const { matches } = await searchCaseload(kit, scope.entityId, scope.actor.id, query);
  if (matches.length === 1) return { kind: matches[0]!.kind === 'fuzzy' ? 'confirm' : 'one', personId: matches[0]!.row.personId };
  return matches.length === 0 ? { kind: 'none', query } : { kind: 'several', query };
}

/** Step data showing the outcome of a search (matches to choose from, or a "did you mean"). */
export function withSearch(data: Record<string, unknown>, r: Resolution): Record<string, unknown> {
  const pk: PickerData = r.kind === 'several' ? { q: r.query } : r.kind === 'confirm' ? { confirm: r.personId } : {};
  return { ...data, pk };
}

/** Button label of one person: code and name. */
export const personLabel = (r: Pick<BeneficiaryRow, 'code' | 'fullName'>) => `${r.code} · ${r.fullName}`;

const pickerData = (ctx: TurnContext): PickerData => (ctx.state.data.pk as PickerData | undefined) ?? {};

/** The page of people on screen now (a search's matches, or the caseload), and how many in all. */
async function shownPage(kit: TutorKit, ctx: TurnContext, data: PickerData): Promise<{ rows: BeneficiaryRow[]; total: number; listed: number; searched: boolean } | null> {
  const scope = await caseloadOf(kit, ctx);
  if (!scope) return null;
  const page = Math.max(0, Math.floor(data.page ?? 0));
  if (data.q) {
    const { matches, total } = await searchCaseload(kit, scope.entityId, scope.actor.id, data.q);
    const ids = matches.slice(page * PAGE, page * PAGE + PAGE).map((m) => m.row.personId);
    return { rows: await kit.store.beneficiaryRows(ids), total, listed: matches.length, searched: true };
  }
  const { rows, total } = await kit.store.pageBeneficiaries({ entityId: scope.entityId, followedBy: scope.actor.id, offset: page * PAGE, limit: PAGE });
  return { rows, total, listed: total, searched: false };
}

export function pickerStep(kit: TutorKit, opts: PickerOptions): Step {
  const repeatWith = (ctx: TurnContext, pk: PickerData, say?: Outcome['say']): Outcome => ({ say, next: { to: 'repeat', data: { ...ctx.state.data, pk } } });
  const choose = async (ctx: TurnContext, value: string): Promise<Outcome> => {
    const data = pickerData(ctx);
    if (value.startsWith('b.')) return opts.picked(ctx, value.slice(2));
    if (value.startsWith('p.')) return repeatWith(ctx, { ...data, page: Number(value.slice(2)) || 0 });
    if (value === 'y' && data.confirm) return opts.picked(ctx, data.confirm);
    if (value === 'n') return repeatWith(ctx, {});
    if (opts.onExtra) return opts.onExtra(ctx, value);
    return { next: { to: 'repeat' } };
  };
  /** A typed name or code: taken, confirmed, listed or not found. */
  const search = async (ctx: TurnContext, text: string): Promise<Outcome> => {
    const r = await resolvePerson(kit, ctx, text);
    switch (r.kind) {
      case 'refused':
        return notAllowed(ctx);
      case 'one':
        return opts.picked(ctx, r.personId);
      case 'none':
        return repeatWith(ctx, {}, [{ text: ctx.t('tutor:pick.none', { query: r.query }) }]);
      default:
        return { next: { to: 'repeat', data: withSearch(ctx.state.data, r) } };
    }
  };
  return {
    async prompt(ctx) {
      const data = pickerData(ctx);
      if (data.confirm) {
        const [row] = await kit.store.beneficiaryRows([data.confirm]);
        if (row) {
          const choices = [[{ label: ctx.t('tutor:pick.yesThatOne', { who: personLabel(row) }), value: 'y' }], [{ label: ctx.t('tutor:pick.noOther'), value: 'n' }]];
          return { text: ctx.t('tutor:pick.didYouMean', { name: row.fullName, code: row.code }), choices, nav: true };
        }
      }
      const shown = await shownPage(kit, ctx, data);
      if (!shown) return { text: ctx.t('common:errors.notAllowed'), nav: true };
      const page = Math.max(0, Math.floor(data.page ?? 0));
      const pages = Math.max(1, Math.ceil(shown.listed / PAGE));
      const extra = !shown.searched && opts.extra ? await opts.extra(ctx) : [];
      const buttons: PromptChoice[][] = [...extra, ...shown.rows.map((r) => [{ label: personLabel(r), value: `b.${r.personId}` }])];
      const turn: PromptChoice[] = [];
      if (page > 0) turn.push({ label: ctx.t('tutor:pick.previous'), value: `p.${page - 1}` });
      if (page + 1 < pages) turn.push({ label: ctx.t('tutor:pick.more'), value: `p.${page + 1}` });
      if (turn.length) buttons.push(turn);
      let text: string;
      if (shown.searched) text = ctx.t(shown.total > MAX_MATCHES ? 'tutor:pick.tooMany' : 'tutor:pick.several', { query: data.q ?? '', count: shown.total });
      else if (shown.total === 0) text = ctx.t('tutor:pick.empty');
      else text = ctx.t(opts.promptKey);
      if (opts.listInText && shown.rows.length) {
        const lines = shown.rows.map((r) => ctx.t('tutor:list.row', { code: r.code, name: r.fullName, status: statusLabel(ctx, r.internshipStatus), hours: formatNumber(ctx.lang, r.hoursTotal) }));
        text = `${text}\n\n${lines.join('\n')}`;
      }
      if (pages > 1) text = `${text}\n\n${ctx.t('tutor:pick.page', { page: page + 1, pages })}`;
      const built = opts.form ? await opts.form(ctx, shown.rows) : undefined;
      // The form lists this page's people; its previous/next buttons stay next to it.
      const form = built ? { ...built, keepChoices: [...(built.keepChoices ?? []), ...turn.map((c) => c.value)] } : undefined;
      return { text, choices: buttons, nav: true, ...(form ? { form } : {}) };
    },
    onChoice: choose,
    async onText(ctx, text) {
      const special = opts.onText ? await opts.onText(ctx, text) : undefined;
      if (special) return special;
      // A typed button label or number still works on this screen.
      const typed = ctx.state.choices.find(([label], i) => label.toLowerCase() === text.trim().toLowerCase() || String(i + 1) === text.trim());
      if (typed) return choose(ctx, typed[1]);
      return search(ctx, text);
    },
  };
}
