/**
 * Update an internship: the current status with only the allowed changes as buttons; the data each
 * change needs (dates, host company, ATECO section, province, reason); a summary; then the state
 * machine decides. A change typed in words that is not allowed now is refused with the reason and
 * the allowed ones. Dates are checked when typed (inside the path, not in the future); an end far
 * from the planned one asks for a confirmation. Concluding or ceasing creates the 3/6/12-month
 * outcome follow-ups; the path phases the beneficiary sees move in the same transaction. The latest
 * change can be corrected (internship-correction.ts).
 */
import type { Flow, Outcome, PromptChoice, TurnContext } from '../conversation/flow';
import { addLocalDays } from '../time/zoned-time';
import { allowedEvents, CEASE_REASONS, EVENT_TYPES, plannedEndDate, transition, type EventType, type InternshipSnapshot } from './internship.state-machine';
import { buildEvent, dateProblemText, eventFromWords, refusalText, snapshotForAudit } from './internship-events';
import { correctionSteps } from './internship-correction';
import { pickerStep } from './beneficiary-picker';
import { parseDateAnswer, cleanNote } from './report-inputs';
import { formatDate, statusLabel } from './tutor-format';
import { acceptTypedLabels, loadBeneficiary, str, todayOf, type TutorKit } from './tutor.context';
import type { BeneficiaryFile } from './tutor.ports';
import { findProvince } from '../programme/provinces';
import { changedPhases, phasesForInternship } from './path-phases';
import { transitionDateProblem, transitionWarnings } from './internship.rules';

export const INTERNSHIP_FLOW = 'tutor.internship';

type Field = 'date' | 'host' | 'ateco' | 'prov' | 'reason' | 'note';
const FIELDS: Record<EventType, Field[]> = {
  request_clearance: ['date'],
  grant_clearance: ['date'],
  refuse_clearance: ['date'],
  cancel: ['date'],
  activate: ['date', 'host', 'ateco', 'prov'],
  start: ['date'],
  conclude: ['date'],
  cease: ['date', 'reason', 'note'],
};
/** The host-company sectors of the programme's figures first; any other letter can be typed. */
const COMMON_ATECO = ['F', 'S', 'A', 'N', 'Q', 'C', 'G', 'I'] as const;

function nextField(ev: EventType, d: Record<string, unknown>): Field | undefined {
  return FIELDS[ev].find((f) => (f === 'note' ? d.reason === 'other' && !str(d, 'note') : d[f] === undefined));
}

function card(ctx: TurnContext, file: BeneficiaryFile): string {
  const i: InternshipSnapshot | null = file.internship;
  const lines = [ctx.t('tutor:internship.card', { name: file.fullName, code: file.code, status: statusLabel(ctx, i?.status ?? null) })];
  const d = (iso?: string) => (iso ? formatDate(ctx.lang, iso) : '—');
  if (i?.clearanceRequestedOn) lines.push(ctx.t('tutor:internship.cardClearance', { requested: d(i.clearanceRequestedOn), decided: d(i.clearanceDecidedOn) }));
  if (i?.hostCompany) lines.push(ctx.t('tutor:internship.cardHost', { host: i.hostCompany, ateco: i.atecoSection ?? '—', province: i.province ?? '—' }));
  if (i?.startDate) lines.push(ctx.t('tutor:internship.cardDates', { start: d(i.startDate), planned: d(i.plannedEndDate), end: d(i.endDate) }));
  return lines.join('\n');
}

export function createInternshipFlow(kit: TutorKit): Flow {
  const load = (ctx: TurnContext) => loadBeneficiary(kit, ctx, str(ctx.state.data, 'b') ?? '', 'beneficiary.report', 'internship.update');

  const chooseEvent = async (ctx: TurnContext, ev: EventType): Promise<Outcome> => {
    const loaded = await load(ctx);
    if (!loaded.ok) return loaded.outcome;
    const status = loaded.file.internship?.status ?? null;
    const allowed = allowedEvents(status);
    if (!allowed.includes(ev)) {
      const refused = { ok: false, code: 'invalid_transition', allowed, reason: '' } as const;
      return { say: [{ text: `⛔ ${refusalText(ctx, status, refused, ev)}` }], next: { to: 'repeat' } };
    }
    const data = { b: ctx.state.data.b, ev };
    return { next: { to: 'step', step: nextField(ev, data) ?? 'confirm', data } };
  };

  /** Stores one answer and moves to the next question, or to the summary. */
  const answer = (ctx: TurnContext, patch: Record<string, unknown>): Outcome => {
    const data = { ...ctx.state.data, ...patch };
    const ev = data.ev as EventType;
    return { next: { to: 'step', step: nextField(ev, data) ?? 'confirm', data } };
  };
  const ev = (ctx: TurnContext) => ctx.state.data.ev as EventType;

  /**
   * The date against the internship's earlier dates, checked as soon as it is given (not after the
   * reason and the note): the other answers get placeholders that the state machine accepts.
   */
  const answerDate = async (ctx: TurnContext, date: string): Promise<Outcome> => {
    const loaded = await load(ctx);
    if (!loaded.ok) return loaded.outcome;
    if (loaded.file.path) {
      const problem = transitionDateProblem(ev(ctx), date, loaded.file.path, todayOf(ctx));
      if (problem) return { say: [{ text: `⛔ ${dateProblemText(ctx, problem)}` }], next: { to: 'repeat' } };
      const probe = buildEvent(ev(ctx), { host: 'x', ateco: 'A', prov: 'TO', reason: 'found_job', ...ctx.state.data, date });
      const r = transition(loaded.file.internship, probe, loaded.file.path.rules);
      if (!r.ok && r.code === 'invalid_payload' && r.reason.includes('precede')) return { say: [{ text: `⛔ ${ctx.t('tutor:internship.dateOrder')}` }], next: { to: 'repeat' } };
    }
    return answer(ctx, { date });
  };

  return {
    id: INTERNSHIP_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async enter(ctx) {
          return typeof ctx.state.data.b === 'string' ? { next: { to: 'step', step: 'show' } } : undefined;
        },
        ...pickerStep(kit, { promptKey: 'tutor:internship.who', picked: async (ctx, id) => ({ next: { to: 'step', step: 'show', data: { b: id } } }) }),
      },
      show: {
        async enter(ctx) {
          const loaded = await load(ctx);
          return loaded.ok ? undefined : loaded.outcome;
        },
        async prompt(ctx) {
          const loaded = await load(ctx);
          if (!loaded.ok) return { text: ctx.t('common:errors.notAllowed') };
          const allowed = allowedEvents(loaded.file.internship?.status ?? null);
          const choices: PromptChoice[][] = allowed.map((e) => [{ label: ctx.t(`tutor:event.${e}`), value: `e.${e}` }]);
          // The latest change can be corrected at any time (its date, or the change itself).
          if (loaded.file.internshipId && (await kit.internships.lastTransition(loaded.file.internshipId))) choices.push([{ label: ctx.t('tutor:internship.fix.button'), value: 'fix' }]);
          const text = `${card(ctx, loaded.file)}\n\n${ctx.t(allowed.length ? 'tutor:internship.whatChange' : 'tutor:internship.final')}`;
          return { text, choices, nav: true };
        },
        back: 'start',
        onChoice(ctx, value) {
          if (value === 'fix') return { next: { to: 'step', step: 'fix', data: { b: ctx.state.data.b } } };
          return (EVENT_TYPES as readonly string[]).includes(value.slice(2)) ? chooseEvent(ctx, value.slice(2) as EventType) : { next: { to: 'repeat' } };
        },
        onText(ctx, text) {
          const e = eventFromWords(text);
          return e ? chooseEvent(ctx, e) : { say: [{ text: ctx.t('common:useButtons') }], next: { to: 'repeat' } };
        },
      },
      date: acceptTypedLabels({
        prompt(ctx) {
          const today = todayOf(ctx);
          return {
            text: ctx.t(`tutor:internship.date.${ev(ctx)}`),
            choices: [[{ label: ctx.t('tutor:date.today'), value: today }, { label: ctx.t('tutor:date.yesterday'), value: addLocalDays(today, -1) }]],
            nav: true,
          };
        },
        back: 'show',
        onChoice: (ctx, value) => answerDate(ctx, value),
        onText(ctx, text) {
          // An internship may be activated with a start date still to come; everything else has happened.
          const r = parseDateAnswer(text, todayOf(ctx), { allowFuture: ev(ctx) === 'activate' });
          if (r.ok) return answerDate(ctx, r.date);
          return { say: [{ text: ctx.t(r.code === 'future_date' ? 'tutor:rules.future' : 'tutor:date.invalid') }], next: { to: 'repeat' } };
        },
      }),
      host: {
        prompt: (ctx) => ({ text: ctx.t('tutor:internship.host'), nav: true }),
        back: 'date',
        onText(ctx, text) {
          const host = cleanNote(text, 200);
          return host ? answer(ctx, { host }) : { next: { to: 'repeat' } };
        },
      },
      ateco: acceptTypedLabels({
        prompt: (ctx) => ({ text: ctx.t('tutor:internship.ateco'), choices: COMMON_ATECO.map((s) => [{ label: `${s} · ${ctx.t(`tutor:ateco.${s}`)}`, value: s }]), nav: true }),
        back: 'host',
        onChoice: (ctx, value) => answer(ctx, { ateco: value }),
        onText(ctx, text) {
          const s = text.trim().toUpperCase();
          return /^[A-U]$/.test(s) ? answer(ctx, { ateco: s }) : { say: [{ text: ctx.t('tutor:internship.atecoInvalid') }], next: { to: 'repeat' } };
        },
      }),
      prov: {
        prompt: (ctx) => ({ text: ctx.t('tutor:internship.province'), nav: true }),
        back: 'ateco',
        onText(ctx, text) {
          const province = findProvince(text);
          return province ? answer(ctx, { prov: province.name }) : { say: [{ text: ctx.t('tutor:internship.provinceInvalid') }], next: { to: 'repeat' } };
        },
      },
      reason: {
        prompt: (ctx) => ({ text: ctx.t('tutor:internship.reason'), choices: CEASE_REASONS.map((r) => [{ label: ctx.t(`tutor:cease.${r}`), value: r }]), nav: true }),
        back: 'date',
        onChoice: (ctx, value) => ((CEASE_REASONS as readonly string[]).includes(value) ? answer(ctx, { reason: value }) : { next: { to: 'repeat' } }),
      },
      note: {
        prompt: (ctx) => ({ text: ctx.t('tutor:internship.note'), nav: true }),
        back: 'reason',
        onText(ctx, text) {
          const note = cleanNote(text, 500);
          return note ? answer(ctx, { note }) : { next: { to: 'repeat' } };
        },
      },
      ...correctionSteps(kit),
      confirm: {
        // The state machine previews the change: a refused one never reaches the confirmation.
        async enter(ctx) {
          const loaded = await load(ctx);
          if (!loaded.ok) return loaded.outcome;
          if (!loaded.file.path) return { say: [{ text: ctx.t('tutor:rules.noPath') }], next: { to: 'menu' } };
          const r = transition(loaded.file.internship, buildEvent(ev(ctx), ctx.state.data), loaded.file.path.rules);
          if (!r.ok) return { say: [{ text: `⛔ ${refusalText(ctx, loaded.file.internship?.status ?? null, r, ev(ctx))}` }], next: { to: 'step', step: 'show', data: { b: ctx.state.data.b } } };
          return undefined;
        },
        async prompt(ctx) {
          const loaded = await load(ctx);
          if (!loaded.ok || !loaded.file.path) return { text: ctx.t('common:errors.notAllowed') };
          const r = transition(loaded.file.internship, buildEvent(ev(ctx), ctx.state.data), loaded.file.path.rules);
          const next = r.ok ? r.next : null;
          const lines = [ctx.t('tutor:internship.summary', { name: loaded.file.fullName, from: statusLabel(ctx, loaded.file.internship?.status ?? null), to: statusLabel(ctx, next?.status ?? null), date: formatDate(ctx.lang, str(ctx.state.data, 'date') ?? '') })];
          if (next?.hostCompany && ev(ctx) === 'activate') lines.push(ctx.t('tutor:internship.cardHost', { host: next.hostCompany, ateco: next.atecoSection ?? '', province: next.province ?? '' }));
          if (next?.plannedEndDate && (ev(ctx) === 'activate' || ev(ctx) === 'start')) lines.push(ctx.t('tutor:internship.plannedEnd', { date: formatDate(ctx.lang, next.plannedEndDate), count: loaded.file.path.rules.internshipMonths }));
          if (next?.ceaseReason) lines.push(ctx.t(`tutor:cease.${next.ceaseReason}`));
          const warnings = transitionWarnings(ev(ctx), str(ctx.state.data, 'date') ?? '', loaded.file.internship);
          for (const w of warnings) lines.push(`⚠️ ${ctx.t(`tutor:internship.warn.${w.code}`, { planned: formatDate(ctx.lang, w.planned), count: w.days })}`);
          const choices: PromptChoice[][] = [[{ label: ctx.t(warnings.length ? 'tutor:internship.confirmAnyway' : 'tutor:confirm'), value: 'save' }]];
          if (warnings.some((w) => w.code === 'ends_early')) choices.push([{ label: ctx.t('tutor:internship.ceaseInstead'), value: 'as_cease' }]);
          choices.push([{ label: ctx.t('tutor:hours.changeDate'), value: 'c.date' }], [{ label: ctx.t('tutor:cancel'), value: 'cancel' }]);
          return { text: lines.join('\n'), choices, nav: true };
        },
        back: 'show',
        async onChoice(ctx, value) {
          // Concluded far before the planned end is often an early end: the same date, as "ceased".
          if (value === 'as_cease') return { next: { to: 'step', step: 'reason', data: { b: ctx.state.data.b, ev: 'cease', date: ctx.state.data.date } } };
          if (value === 'c.date') return { next: { to: 'step', step: 'date', data: { ...ctx.state.data, date: undefined } } };
          if (value !== 'save') return { say: [{ text: ctx.t('common:cancelled') }], next: { to: 'menu' } };
          const loaded = await load(ctx);
          if (!loaded.ok) return loaded.outcome;
          const { file } = loaded;
          if (!file.path) return { say: [{ text: ctx.t('tutor:rules.noPath') }], next: { to: 'menu' } };
          const from = file.internship?.status ?? null;
          const r = transition(file.internship, buildEvent(ev(ctx), ctx.state.data), file.path.rules);
          if (!r.ok) return { say: [{ text: `⛔ ${refusalText(ctx, from, r, ev(ctx))}` }], next: { to: 'step', step: 'show', data: { b: file.personId } } };
          const ended = (r.next.status === 'concluded' || r.next.status === 'ceased') && r.next.endDate;
          const followUps = ended ? file.path.rules.followUpMonths.map((m) => ({ monthsAfter: m, dueDate: plannedEndDate(r.next.endDate!, m) })) : [];
          const saved = await kit.internships.saveTransition({
            pathId: file.path.id,
            expectedStatus: from,
            next: r.next,
            followUps,
            phases: changedPhases(file.phases, phasesForInternship(file.phases, r.next)),
            audit: { at: ctx.now, actorId: ctx.person!.id, action: 'internship_transition', subjectType: 'internship', subjectId: file.internshipId, detail: { beneficiary: file.code, event: ev(ctx), old: snapshotForAudit(file.internship), new: snapshotForAudit(r.next) } },
          });
          if (!saved.ok) return { say: [{ text: ctx.t('tutor:hours.conflict') }], next: { to: 'step', step: 'show', data: { b: file.personId } } };
          const say = [{ text: ctx.t('tutor:internship.saved', { name: file.fullName, status: statusLabel(ctx, r.next.status) }) }];
          if (followUps.length) say.push({ text: ctx.t('tutor:internship.followUpsCreated', { dates: followUps.map((f) => formatDate(ctx.lang, f.dueDate)).join(', ') }) });
          return { say, next: { to: 'menu' } };
        },
      },
    },
  };
}
