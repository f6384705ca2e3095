/**
 * Outcome follow-ups, 3, 6 and 12 months after an internship ends: "does the person work now, and
 * with which contract?". Reached from the tutor menu (the list of due ones) or from a reminder's
 * button carrying `fu:<followUpId>` (the reminders feature sends it). "I don't know" is accepted and
 * leaves the follow-up pending, so it is asked again.
 */
import type { Flow, GlobalAction, Outcome, TurnContext } from '../conversation/flow';
import { decideAccess } from '../access/access.policy';
import { formatDate } from './tutor-format';
import { actorOf, notAllowed, num, str, todayOf, type TutorKit } from './tutor.context';
import { CONTRACT_TYPES, type ContractType, type FollowUpAnswer, type FollowUpRecord } from './tutor.ports';

export const FOLLOW_UPS_FLOW = 'tutor.followups';
/** GlobalAction prefix: `fu:<followUpId>` opens that follow-up's question (≤ 64 bytes with a cuid). */
export const FOLLOW_UP_PREFIX = 'fu';
/** Follow-ups per screen. */
const PAGE = 10;

/** Loads a follow-up the current tutor may answer; a refusal is audited. */
async function loadFollowUp(kit: TutorKit, ctx: TurnContext, id: string): Promise<{ ok: true; fu: FollowUpRecord } | { ok: false; outcome: Outcome }> {
  const actor = await actorOf(kit, ctx);
  const fu = actor ? await kit.internships.followUp(id) : null;
  if (!actor || !fu) return { ok: false, outcome: notAllowed(ctx) };
  const b = fu.beneficiary;
  const decision = await kit.guard.check(actor, 'beneficiary.report', { personId: b.personId, entityId: b.entityId, region: b.region, province: b.province }, ctx.now, 'followup.answer', fu.id);
  return decision.allowed ? { ok: true, fu } : { ok: false, outcome: notAllowed(ctx) };
}

export function createFollowUpFlow(kit: TutorKit): Flow {
  const save = async (ctx: TurnContext, answer: FollowUpAnswer): Promise<Outcome> => {
    const loaded = await loadFollowUp(kit, ctx, str(ctx.state.data, 'fu') ?? '');
    if (!loaded.ok) return loaded.outcome;
    const { fu } = loaded;
    const ok = await kit.internships.answerFollowUp({
      id: fu.id,
      answer,
      actorId: ctx.person!.id,
      now: ctx.now,
      audit: {
        at: ctx.now,
        actorId: ctx.person!.id,
        action: 'unknown' in answer ? 'followup_unknown' : 'followup_answered',
        subjectType: 'outcome_follow_up',
        subjectId: fu.id,
        detail: { beneficiary: fu.beneficiary.code, monthsAfter: fu.monthsAfter, old: { status: fu.status, employed: fu.employed, contractType: fu.contractType }, new: 'unknown' in answer ? { status: 'pending' } : { status: 'answered', ...answer } },
      },
    });
    if (!ok) return { say: [{ text: ctx.t('tutor:followUp.already') }], next: { to: 'menu' } };
    const key = 'unknown' in answer ? 'tutor:followUp.keptPending' : 'tutor:followUp.saved';
    return { say: [{ text: ctx.t(key, { name: fu.beneficiary.fullName }) }], next: { to: 'step', step: 'start', data: {} } };
  };

  return {
    id: FOLLOW_UPS_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async prompt(ctx) {
          const actor = await actorOf(kit, ctx);
          const page = Math.max(0, num(ctx.state.data, 'page') ?? 0);
          const due = actor?.entityId ? await kit.internships.dueFollowUps(actor.entityId, todayOf(ctx), page * PAGE, PAGE) : { rows: [], total: 0 };
          if (due.total === 0) return { text: ctx.t('tutor:followUp.none'), nav: true };
          const pages = Math.ceil(due.total / PAGE);
          const turn = [...(page > 0 ? [{ label: ctx.t('tutor:pick.previous'), value: `p.${page - 1}` }] : []), ...(page + 1 < pages ? [{ label: ctx.t('tutor:pick.more'), value: `p.${page + 1}` }] : [])];
          const text = ctx.t('tutor:followUp.list', { count: due.total });
          return {
            text: pages > 1 ? `${text}\n${ctx.t('tutor:pick.page', { page: page + 1, pages })}` : text,
            choices: [...due.rows.map((f) => [{ label: ctx.t('tutor:followUp.row', { code: f.beneficiary.code, name: f.beneficiary.fullName, count: f.monthsAfter }), value: `f.${f.id}` }]), ...(turn.length ? [turn] : [])],
            nav: true,
          };
        },
        onChoice(ctx, value) {
          if (value.startsWith('p.')) return { next: { to: 'repeat', data: { page: Number(value.slice(2)) || 0 } } };
          return value.startsWith('f.') ? { next: { to: 'step', step: 'ask', data: { fu: value.slice(2) } } } : { next: { to: 'repeat' } };
        },
      },
      ask: {
        async enter(ctx) {
          const loaded = await loadFollowUp(kit, ctx, str(ctx.state.data, 'fu') ?? '');
          if (!loaded.ok) return loaded.outcome;
          if (loaded.fu.status === 'answered') return { say: [{ text: ctx.t('tutor:followUp.already') }], next: { to: 'menu' } };
          return undefined;
        },
        async prompt(ctx) {
          const fu = await kit.internships.followUp(str(ctx.state.data, 'fu') ?? '');
          const text = ctx.t('tutor:followUp.ask', {
            name: fu?.beneficiary.fullName ?? '',
            code: fu?.beneficiary.code ?? '',
            count: fu?.monthsAfter ?? 0,
            end: fu?.internshipEndDate ? formatDate(ctx.lang, fu.internshipEndDate) : '—',
          });
          return {
            text,
            choices: [[{ label: ctx.t('tutor:followUp.yes'), value: 'yes' }, { label: ctx.t('tutor:followUp.no'), value: 'no' }], [{ label: ctx.t('tutor:followUp.unknown'), value: 'unknown' }]],
            nav: true,
          };
        },
        back: 'start',
        onChoice(ctx, value) {
          if (value === 'yes') return { next: { to: 'step', step: 'contract' } };
          if (value === 'no') return save(ctx, { employed: false, contractType: 'none' });
          if (value === 'unknown') return save(ctx, { unknown: true });
          return { next: { to: 'repeat' } };
        },
      },
      contract: {
        prompt: (ctx) => ({ text: ctx.t('tutor:followUp.contract'), choices: CONTRACT_TYPES.map((c) => [{ label: ctx.t(`tutor:contract.${c}`), value: c }]), nav: true }),
        back: 'ask',
        onChoice: (ctx, value) => ((CONTRACT_TYPES as readonly string[]).includes(value) ? save(ctx, { employed: true, contractType: value as ContractType }) : { next: { to: 'repeat' } }),
      },
    },
  };
}

/** The reminder's button: opens the question of one follow-up, after the access check. */
export function createFollowUpAction(kit: TutorKit): GlobalAction {
  return {
    prefix: FOLLOW_UP_PREFIX,
    async handle(ctx, rest) {
      const actor = await actorOf(kit, ctx);
      // Not a tutor at all: refused and audited like any other out-of-scope attempt.
      if (!actor || !decideAccess(actor, 'beneficiary.report', { entityId: actor.entityId, region: null, province: null }).allowed) {
        if (actor) await kit.audit.record({ at: ctx.now, actorId: actor.id, action: 'access_refused', subjectType: 'outcome_follow_up', subjectId: rest.slice(0, 40), detail: { what: 'followup.answer', reason: 'no_role' } });
        return notAllowed(ctx);
      }
      return { next: { to: 'flow', flow: FOLLOW_UPS_FLOW, step: 'ask', data: { fu: rest } } };
    },
  };
}
