/**
 * The use cases behind the hour-report conversation: check a draft against the programme's rules,
 * save it (new, added to the same day's, or replacing it), and undo one's last report within 15
 * minutes. Every save and undo writes its audit entry (who, when, old → new) in the same transaction.
 */
import type { Outcome, TurnContext } from '../conversation/flow';
import { AREA_PHASE, type ServiceArea } from '../programme/programme';
import { checkHourEntry, type ExistingHourEntry, type HourRuleError } from './hour-rules';
import { areaLabel, formatDate, formatNumber, hoursText, statusLabel } from './tutor-format';
import { phaseAfterHours, type PhaseRow } from './path-phases';
import { loadBeneficiary, todayOf, type TutorKit } from './tutor.context';
import type { BeneficiaryFile } from './tutor.ports';

/** How long one's last report can be undone. */
export const UNDO_WINDOW_MS = 15 * 60_000;
/** GlobalAction prefix of the Undo button: `hu:<entryId>` (valid after the screen has changed). */
export const UNDO_PREFIX = 'hu';
/** GlobalAction prefix of "annulla" typed right after a save: `hx:<entryId>` offers the undo. */
export const UNDO_OFFER_PREFIX = 'hx';

function withinWindow(now: Date, createdAt: Date): boolean {
  const age = now.getTime() - createdAt.getTime();
  return age >= 0 && age <= UNDO_WINDOW_MS;
}

/** A report being put together, kept in the step data. */
export interface HourDraft {
  b?: string;
  area?: ServiceArea;
  hours?: number;
  date?: string;
  /** null = asked, no note. */
  note?: string | null;
  /** The tutor's answer when the same person, area and day already have hours. */
  mode?: 'add' | 'replace';
  /** Came from a one-line report or the form: no separate note question. */
  oneLine?: boolean;
  /** Came from the form (Teams). */
  via?: 'form';
}

export type Evaluation = { ok: true; remainingAfter: number } | { ok: false; errors: HourRuleError[] };

/** The path phase an area's hours belong to, as recorded. */
export function phaseOf(file: BeneficiaryFile, area: ServiceArea): PhaseRow | undefined {
  const phase = AREA_PHASE[area];
  return phase ? file.phases.find((p) => p.phase === phase) : undefined;
}

/** Same person + area + day entries (the ones "replace" voids). */
function sameDay(entries: readonly ExistingHourEntry[], area: ServiceArea, date: string): ExistingHourEntry[] {
  return entries.filter((e) => e.area === area && e.date === date);
}

/**
 * Checks a complete draft; with `replace` the day's entries of that area do not count, with `add`
 * (or no same-day entries) everything counts. The caller asks add/replace BEFORE checking.
 */
export function evaluate(file: BeneficiaryFile, draft: Required<Pick<HourDraft, 'area' | 'hours' | 'date'>> & HourDraft, today: string): Evaluation {
  if (!file.path) return { ok: false, errors: [{ code: 'before_path' }] };
  const dup = sameDay(file.entries, draft.area, draft.date);
  const existing = draft.mode === 'replace' ? file.entries.filter((e) => !dup.includes(e)) : file.entries;
  const internshipEnd = file.internship && (file.internship.status === 'concluded' || file.internship.status === 'ceased') ? file.internship.endDate : undefined;
  const i = file.internship;
  const result = checkHourEntry({
    hours: draft.hours,
    area: draft.area,
    date: draft.date,
    today,
    rules: file.path.rules,
    existing,
    internship: i ? { status: i.status, ...(i.startDate ? { startDate: i.startDate } : {}), ...(internshipEnd ? { endDate: internshipEnd } : {}) } : null,
    phase: { endDate: phaseOf(file, draft.area)?.endDate ?? null },
    beneficiaryPath: { startDate: file.path.startDate, ...(file.path.endDate ? { endDate: file.path.endDate } : {}), ...(internshipEnd ? { internshipEndDate: internshipEnd } : {}) },
  });
  return result.ok ? { ok: true, remainingAfter: result.remainingAfter } : result;
}

/** Which step fixes an error, and the sentence that explains it. */
export function explain(ctx: TurnContext, file: BeneficiaryFile, draft: HourDraft, err: HourRuleError): { text: string; step: 'area' | 'hours' | 'date' } {
  const area = draft.area ? areaLabel(ctx, draft.area) : '';
  const remaining = hoursText(ctx, err.remaining ?? 0);
  switch (err.code) {
    case 'not_positive':
    case 'bad_step':
      return { text: ctx.t('tutor:rules.step', { step: formatNumber(ctx.lang, err.limit ?? 0.5) }), step: 'hours' };
    case 'over_daily_max':
      return { text: ctx.t('tutor:rules.daily', { max: hoursText(ctx, err.limit ?? 8), remaining, date: formatDate(ctx.lang, draft.date ?? '') }), step: 'hours' };
    case 'over_cap':
      return { text: ctx.t('tutor:rules.cap', { area, cap: hoursText(ctx, err.limit ?? 0), remaining, name: file.fullName }), step: (err.remaining ?? 0) > 0 ? 'hours' : 'area' };
    case 'reserved_after_internship':
      return { text: ctx.t('tutor:rules.reserved', { area, remaining }), step: (err.remaining ?? 0) > 0 ? 'hours' : 'area' };
    case 'future_date':
      return { text: ctx.t('tutor:rules.future'), step: 'date' };
    case 'before_path':
      return { text: err.boundary ? ctx.t('tutor:rules.beforePath', { date: formatDate(ctx.lang, err.boundary) }) : ctx.t('tutor:rules.noPath'), step: 'date' };
    case 'after_path':
      return { text: ctx.t('tutor:rules.afterPath', { date: formatDate(ctx.lang, err.boundary ?? '') }), step: 'date' };
    case 'no_internship':
      return { text: ctx.t('tutor:rules.noInternship', { area, name: file.fullName, status: statusLabel(ctx, file.internship?.status ?? null) }), step: 'area' };
    case 'before_internship':
      return { text: ctx.t('tutor:rules.beforeInternship', { area, date: formatDate(ctx.lang, err.boundary ?? '') }), step: 'date' };
    case 'after_internship':
      return { text: ctx.t('tutor:rules.afterInternship', { area, date: formatDate(ctx.lang, err.boundary ?? '') }), step: 'date' };
    case 'after_phase':
      return { text: ctx.t('tutor:rules.afterPhase', { area, phase: ctx.t(`tutor:phase.${AREA_PHASE[draft.area!] ?? 'internship'}`), date: formatDate(ctx.lang, err.boundary ?? '') }), step: 'date' };
    case 'invalid_date':
    default:
      return { text: ctx.t('tutor:date.invalid'), step: 'date' };
  }
}

/** The step that fixes a set of errors: another service when the service cannot take these hours at all. */
export function stepToFix(fixes: ReadonlyArray<{ step: 'area' | 'hours' | 'date' }>): 'area' | 'hours' | 'date' {
  return fixes.some((f) => f.step === 'area') ? 'area' : fixes[0]!.step;
}

export type SaveResult = { ok: true; id: string; remainingAfter: number } | { ok: false; outcome: Outcome };

/** Re-reads the file, re-checks and saves; never saves a draft the rules refuse. */
export async function saveDraft(kit: TutorKit, ctx: TurnContext, draft: HourDraft): Promise<SaveResult> {
  if (!draft.b || !draft.area || draft.hours === undefined || !draft.date) return { ok: false, outcome: { next: { to: 'step', step: 'start' } } };
  for (let attempt = 0; attempt < 2; attempt++) {
    const loaded = await loadBeneficiary(kit, ctx, draft.b, 'beneficiary.report', 'hours.report');
    if (!loaded.ok) return loaded;
    const { file } = loaded;
    const full = { ...draft, area: draft.area, hours: draft.hours, date: draft.date };
    if (!draft.mode && sameDay(file.entries, full.area, full.date).length > 0) return { ok: false, outcome: { next: { to: 'step', step: 'duplicate' } } };
    const check = evaluate(file, full, todayOf(ctx));
    if (!check.ok) {
      const fixes = check.errors.map((e) => explain(ctx, file, draft, e));
      return { ok: false, outcome: { say: [{ text: fixes.map((f) => f.text).join('\n') }], next: { to: 'step', step: stepToFix(fixes) } } };
    }
    const voidIds = draft.mode === 'replace' ? sameDay(file.entries, full.area, full.date).map((e) => e.id) : [];
    const oldHours = sameDay(file.entries, full.area, full.date).reduce((s, e) => s + e.hours, 0);
    const phaseStart = phaseAfterHours(file.phases, full.area, full.date);
    const saved = await kit.hours.save({
      pathId: file.path!.id,
      area: full.area,
      date: full.date,
      hours: full.hours,
      ...(draft.note ? { note: draft.note } : {}),
      reportedById: ctx.person!.id,
      now: ctx.now,
      voidIds,
      expectedActiveIds: file.entries.map((e) => e.id),
      ...(phaseStart ? { phase: phaseStart } : {}),
      audit: {
        at: ctx.now,
        actorId: ctx.person!.id,
        action: draft.mode === 'replace' ? 'hours_replaced' : 'hours_reported',
        subjectType: 'hour_entry',
        detail: {
          beneficiary: file.code,
          pathId: file.path!.id,
          area: full.area,
          date: full.date,
          mode: draft.mode ?? 'new',
          // The day's hours for this area, before and after: the "old → new" of a correction.
          old: { hours: oldHours },
          new: { hours: draft.mode === 'replace' ? full.hours : oldHours + full.hours },
          replaced: voidIds,
          via: draft.via ?? (draft.oneLine ? 'one_line' : 'guided'),
        },
      },
    });
    if (saved.ok) return { ok: true, id: saved.id, remainingAfter: check.remainingAfter };
    // Someone else saved hours for this person meanwhile: check again against the new figures.
  }
  return { ok: false, outcome: { say: [{ text: ctx.t('tutor:hours.conflict') }], next: { to: 'step', step: 'summary' } } };
}

/** Undo of the tutor's own last report, within UNDO_WINDOW_MS of saving it. */
export async function undoEntry(kit: TutorKit, ctx: TurnContext, entryId: string): Promise<Outcome> {
  const me = ctx.person!.id;
  const entry = await kit.hours.get(entryId);
  if (!entry || entry.reportedById !== me) {
    await kit.audit.record({ at: ctx.now, actorId: me, action: 'access_refused', subjectType: 'hour_entry', subjectId: entryId, detail: { what: 'hours.undo', reason: entry ? 'not_reporter' : 'unknown' } });
    return { say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } };
  }
  if (entry.voidedAt) return { say: [{ text: ctx.t('tutor:undo.already') }], next: { to: 'menu' } };
  const last = await kit.hours.lastBy(me);
  if (!last || last.id !== entry.id) return { say: [{ text: ctx.t('tutor:undo.notLast') }], next: { to: 'menu' } };
  if (!withinWindow(ctx.now, entry.createdAt)) return { say: [{ text: ctx.t('tutor:undo.tooLate', { count: UNDO_WINDOW_MS / 60_000 }) }], next: { to: 'menu' } };
  const done = await kit.hours.undo({
    entryId,
    restoreIds: entry.replacedIds,
    now: ctx.now,
    audit: {
      at: ctx.now,
      actorId: me,
      action: 'hours_undone',
      subjectType: 'hour_entry',
      subjectId: entryId,
      detail: { pathId: entry.pathId, area: entry.area, date: entry.date, old: { hours: entry.hours }, new: { hours: 0 }, restored: entry.replacedIds },
    },
  });
  if (!done) return { say: [{ text: ctx.t('tutor:undo.already') }], next: { to: 'menu' } };
  return { say: [{ text: ctx.t('tutor:undo.done', { hours: hoursText(ctx, entry.hours), area: areaLabel(ctx, entry.area), date: formatDate(ctx.lang, entry.date) }) }], next: { to: 'menu' } };
}

/** The tutor's last report if it can still be undone (for the Undo button on the report screen). */
export async function undoable(kit: TutorKit, ctx: TurnContext): Promise<string | undefined> {
  if (!ctx.person) return undefined;
  const last = await kit.hours.lastBy(ctx.person.id);
  return last && !last.voidedAt && withinWindow(ctx.now, last.createdAt) ? last.id : undefined;
}

/** "annulla" typed right after a save: the report just saved, and the question whether to undo it. */
export async function offerUndo(kit: TutorKit, ctx: TurnContext, entryId: string): Promise<Outcome> {
  const entry = await kit.hours.get(entryId);
  if (!entry || entry.voidedAt || entry.reportedById !== ctx.person?.id || !withinWindow(ctx.now, entry.createdAt)) return { say: [{ text: ctx.t('common:cancelledShort') }], next: { to: 'menu' } };
  const text = ctx.t('tutor:undo.offer', { hours: hoursText(ctx, entry.hours), area: areaLabel(ctx, entry.area), date: formatDate(ctx.lang, entry.date) });
  return { say: [{ text, choices: [[{ label: ctx.t('tutor:undo.button'), data: `${UNDO_PREFIX}:${entry.id}` }], [{ label: ctx.t('tutor:undo.keep'), data: 'g.menu' }]] }], next: { to: 'menu' } };
}
