/**
 * Correcting an internship's latest change, at any time: its date was wrong ("concluded on the 20th,
 * not the 18th"), or the change itself (undone: back to the status before). The same checks as a new
 * change apply (the state machine's order, the path's dates); the correction, with the follow-ups and
 * the path phases it moves, is saved in one transaction and audited old → new. Only the latest change
 * can be corrected, once: anything older goes through the coordinator.
 */
import type { Outcome, Step, TurnContext } from '../conversation/flow';
import { addLocalDays } from '../time/zoned-time';
import { buildEvent, dateProblemText, snapshotForAudit } from './internship-events';
import { plannedEndDate, transition, type EventType, type InternshipSnapshot } from './internship.state-machine';
import { transitionDateProblem } from './internship.rules';
import { changedPhases, phasesForInternship } from './path-phases';
import { parseDateAnswer } from './report-inputs';
import { formatDate, statusLabel } from './tutor-format';
import { acceptTypedLabels, loadBeneficiary, str, todayOf, type Loaded, type TutorKit } from './tutor.context';
import type { BeneficiaryFile, LastTransition } from './tutor.ports';

/** The date an event carries, read back from the snapshot it produced. */
function eventDate(ev: EventType, s: InternshipSnapshot): string | undefined {
  switch (ev) {
    case 'request_clearance':
      return s.clearanceRequestedOn;
    case 'grant_clearance':
    case 'refuse_clearance':
      return s.clearanceDecidedOn;
    case 'activate':
    case 'start':
      return s.startDate;
    case 'conclude':
    case 'cease':
      return s.endDate;
    case 'cancel':
      return s.cancelledOn;
  }
}

type Fixed = { ok: true; next: InternshipSnapshot | null } | { ok: false; text: string };

/** The internship after the correction: undone, or the same change on another date. */
function corrected(ctx: TurnContext, file: BeneficiaryFile, last: LastTransition, date: string | undefined): Fixed {
  if (date === undefined) return { ok: true, next: last.before };
  const cur = file.internship!;
  const event = buildEvent(last.event, { date, host: cur.hostCompany, ateco: cur.atecoSection, prov: cur.province, reason: cur.ceaseReason, note: cur.ceaseNote });
  const r = transition(last.before, event, file.path!.rules);
  return r.ok ? { ok: true, next: r.next } : { ok: false, text: ctx.t('tutor:internship.dateOrder') };
}

export function correctionSteps(kit: TutorKit): Record<string, Step> {
  const load = (ctx: TurnContext): Promise<Loaded> => loadBeneficiary(kit, ctx, str(ctx.state.data, 'b') ?? '', 'beneficiary.report', 'internship.correct');
  const lastOf = async (ctx: TurnContext): Promise<{ file: BeneficiaryFile; last: LastTransition } | { outcome: Outcome }> => {
    const loaded = await load(ctx);
    if (!loaded.ok) return { outcome: loaded.outcome };
    const last = loaded.file.internshipId && loaded.file.path ? await kit.internships.lastTransition(loaded.file.internshipId) : null;
    if (!last) return { outcome: { say: [{ text: ctx.t('tutor:internship.fix.nothing') }], next: { to: 'step', step: 'show', data: { b: loaded.file.personId } } } };
    return { file: loaded.file, last };
  };
  const describe = (ctx: TurnContext, last: LastTransition, file: BeneficiaryFile) => {
    const date = eventDate(last.event, file.internship!);
    return ctx.t('tutor:internship.fix.last', { event: ctx.t(`tutor:event.${last.event}`), date: date ? formatDate(ctx.lang, date) : '—', status: statusLabel(ctx, file.internship!.status) });
  };

  return {
    fix: {
      async enter(ctx) {
        const got = await lastOf(ctx);
        return 'outcome' in got ? got.outcome : undefined;
      },
      async prompt(ctx) {
        const got = await lastOf(ctx);
        if ('outcome' in got) return { text: ctx.t('tutor:internship.fix.nothing'), nav: true };
        const back = statusLabel(ctx, got.last.before?.status ?? null);
        return {
          text: `${describe(ctx, got.last, got.file)}\n${ctx.t('tutor:internship.fix.what')}`,
          choices: [[{ label: ctx.t('tutor:internship.fix.date'), value: 'date' }], [{ label: ctx.t('tutor:internship.fix.undo', { status: back }), value: 'undo' }]],
          nav: true,
        };
      },
      back: 'show',
      onChoice: (_ctx, value) => (value === 'date' ? { next: { to: 'step', step: 'fixDate' } } : value === 'undo' ? { next: { to: 'step', step: 'fixConfirm', data: { b: _ctx.state.data.b, kind: 'undo' } } } : { next: { to: 'repeat' } }),
    },
    fixDate: acceptTypedLabels({
      prompt(ctx) {
        const today = todayOf(ctx);
        return { text: ctx.t('tutor:internship.fix.newDate'), choices: [[{ label: ctx.t('tutor:date.today'), value: today }, { label: ctx.t('tutor:date.yesterday'), value: addLocalDays(today, -1) }]], nav: true };
      },
      back: 'fix',
      onChoice: (ctx, value) => fixDate(ctx, value),
      onText(ctx, text) {
        const r = parseDateAnswer(text, todayOf(ctx), { allowFuture: true });
        return r.ok ? fixDate(ctx, r.date) : { say: [{ text: ctx.t('tutor:date.invalid') }], next: { to: 'repeat' } };
      },
    }),
    fixConfirm: {
      async prompt(ctx) {
        const got = await lastOf(ctx);
        if ('outcome' in got) return { text: ctx.t('tutor:internship.fix.nothing'), nav: true };
        const date = str(ctx.state.data, 'date');
        const r = corrected(ctx, got.file, got.last, date);
        const to = r.ok ? r.next : null;
        const text = date
          ? ctx.t('tutor:internship.fix.confirmDate', { name: got.file.fullName, event: ctx.t(`tutor:event.${got.last.event}`), from: formatDate(ctx.lang, eventDate(got.last.event, got.file.internship!) ?? ''), to: formatDate(ctx.lang, date) })
          : ctx.t('tutor:internship.fix.confirmUndo', { name: got.file.fullName, from: statusLabel(ctx, got.file.internship!.status), to: statusLabel(ctx, to?.status ?? null) });
        return { text, choices: [[{ label: ctx.t('tutor:confirm'), value: 'save' }], [{ label: ctx.t('tutor:cancel'), value: 'cancel' }]], nav: true };
      },
      back: 'fix',
      async onChoice(ctx, value) {
        if (value !== 'save') return { say: [{ text: ctx.t('common:cancelled') }], next: { to: 'step', step: 'show', data: { b: ctx.state.data.b } } };
        const got = await lastOf(ctx);
        if ('outcome' in got) return got.outcome;
        const { file, last } = got;
        const date = str(ctx.state.data, 'date');
        const r = corrected(ctx, file, last, date);
        if (!r.ok) return { say: [{ text: `⛔ ${r.text}` }], next: { to: 'step', step: 'fixDate' } };
        const ended = r.next && (r.next.status === 'concluded' || r.next.status === 'ceased') && r.next.endDate;
        const followUps = ended ? file.path!.rules.followUpMonths.map((m) => ({ monthsAfter: m, dueDate: plannedEndDate(r.next!.endDate!, m) })) : [];
        const ok = await kit.internships.correctTransition({
          pathId: file.path!.id,
          internshipId: file.internshipId!,
          expectedStatus: file.internship!.status,
          next: r.next,
          followUps,
          phases: changedPhases(file.phases, phasesForInternship(file.phases, r.next)),
          audit: { at: ctx.now, actorId: ctx.person!.id, action: 'internship_corrected', subjectType: 'internship', subjectId: file.internshipId, detail: { beneficiary: file.code, event: last.event, kind: date ? 'date' : 'undo', old: snapshotForAudit(file.internship), new: snapshotForAudit(r.next) } },
        });
        if (!ok) return { say: [{ text: ctx.t('tutor:hours.conflict') }], next: { to: 'step', step: 'show', data: { b: file.personId } } };
        return { say: [{ text: ctx.t('tutor:internship.fix.saved', { name: file.fullName, status: statusLabel(ctx, r.next?.status ?? null) }) }], next: { to: 'step', step: 'show', data: { b: file.personId } } };
      },
    },
  };

  async function fixDate(ctx: TurnContext, date: string): Promise<Outcome> {
    const got = await lastOf(ctx);
    if ('outcome' in got) return got.outcome;
    const problem = transitionDateProblem(got.last.event, date, got.file.path!, todayOf(ctx));
    if (problem) return { say: [{ text: `⛔ ${dateProblemText(ctx, problem)}` }], next: { to: 'repeat' } };
    const r = corrected(ctx, got.file, got.last, date);
    if (!r.ok) return { say: [{ text: `⛔ ${r.text}` }], next: { to: 'repeat' } };
    return { next: { to: 'step', step: 'fixConfirm', data: { b: ctx.state.data.b, kind: 'date', date } } };
  }
}
