/**
 * Correct hours: a beneficiary's entries of the last CORRECTION_WINDOW_DAYS (newest first, a page at a
 * time), one entry's hours, day or service changed, or the entry deleted, with the reason chosen from
 * a list (a code: the audit never holds free text about a person). The corrected entry is checked
 * against the same rules as a new one (without the entry it replaces), and saved with its audit entry
 * old → new in one transaction. Any tutor of the beneficiary's entity may correct, as they may report.
 */
import type { Flow, Outcome, PromptChoice, TurnContext } from '../conversation/flow';
import { SERVICE_AREAS, type ServiceArea } from '../programme/programme';
import { addLocalDays } from '../time/zoned-time';
import { evaluate, explain, stepToFix } from './hour-report.logic';
import { phaseAfterHours } from './path-phases';
import { parseDateAnswer, parseHoursAnswer } from './report-inputs';
import { areaLabel, formatDate, formatNumber, hoursText } from './tutor-format';
import { acceptTypedLabels, loadBeneficiary, todayOf, type TutorKit } from './tutor.context';
import type { BeneficiaryFile, HourEntryRecord } from './tutor.ports';

export const HOUR_FIX_FLOW = 'tutor.hours.fix';
/** How far back entries can be corrected (older ones have gone into the programme's reports). */
export const CORRECTION_WINDOW_DAYS = 90;
const PAGE = 10;
export const CORRECTION_REASONS = ['wrong_hours', 'wrong_day', 'wrong_service', 'wrong_person', 'duplicate', 'other'] as const;
type Reason = (typeof CORRECTION_REASONS)[number];

interface FixData {
  b?: string;
  page?: number;
  entry?: string;
  /** The corrected values; all absent with `del`. */
  area?: ServiceArea;
  hours?: number;
  date?: string;
  del?: boolean;
  reason?: Reason;
}

const dataOf = (ctx: TurnContext) => ctx.state.data as FixData;
const line = (ctx: TurnContext, e: Pick<HourEntryRecord, 'date' | 'area' | 'hours'>) => ctx.t('tutor:fix.line', { date: formatDate(ctx.lang, e.date), area: areaLabel(ctx, e.area), hours: formatNumber(ctx.lang, e.hours) });

export function createHourCorrectionFlow(kit: TutorKit): Flow {
  const load = (ctx: TurnContext) => loadBeneficiary(kit, ctx, dataOf(ctx).b ?? '', 'beneficiary.report', 'hours.correct');
  /** The entry being corrected, if it still counts on this beneficiary's path. */
  const entryOf = async (ctx: TurnContext, file: BeneficiaryFile): Promise<HourEntryRecord | null> => {
    const e = dataOf(ctx).entry ? await kit.hours.get(dataOf(ctx).entry!) : null;
    return e && !e.voidedAt && e.pathId === file.path?.id && e.date >= addLocalDays(todayOf(ctx), -CORRECTION_WINDOW_DAYS) ? e : null;
  };
  const toList = (ctx: TurnContext, say?: Outcome['say']): Outcome => ({ say, next: { to: 'step', step: 'start', data: { b: dataOf(ctx).b, page: dataOf(ctx).page ?? 0 } } });
  /** Next question, or the summary, once a change is chosen. */
  const then = (ctx: TurnContext, patch: Partial<FixData>): Outcome => {
    const d = { ...dataOf(ctx), ...patch };
    return { next: { to: 'step', step: d.reason ? 'confirm' : 'reason', data: { ...d } } };
  };

  return {
    id: HOUR_FIX_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async enter(ctx) {
          const loaded = await load(ctx);
          return loaded.ok ? undefined : loaded.outcome;
        },
        async prompt(ctx) {
          const loaded = await load(ctx);
          if (!loaded.ok || !loaded.file.path) return { text: ctx.t('tutor:rules.noPath'), nav: true };
          const page = Math.max(0, dataOf(ctx).page ?? 0);
          const since = addLocalDays(todayOf(ctx), -CORRECTION_WINDOW_DAYS);
          const { rows, total } = await kit.hours.recentEntries(loaded.file.path.id, since, page * PAGE, PAGE);
          const choices: PromptChoice[][] = rows.map((e) => [{ label: line(ctx, e), value: `e.${e.id}` }]);
          const turn: PromptChoice[] = [];
          if (page > 0) turn.push({ label: ctx.t('tutor:pick.previous'), value: `p.${page - 1}` });
          if ((page + 1) * PAGE < total) turn.push({ label: ctx.t('tutor:pick.more'), value: `p.${page + 1}` });
          if (turn.length) choices.push(turn);
          const text = total === 0 ? ctx.t('tutor:fix.none', { name: loaded.file.fullName, count: CORRECTION_WINDOW_DAYS }) : ctx.t('tutor:fix.list', { name: loaded.file.fullName, count: CORRECTION_WINDOW_DAYS });
          return { text: total > PAGE ? `${text}\n${ctx.t('tutor:pick.page', { page: page + 1, pages: Math.ceil(total / PAGE) })}` : text, choices, nav: true };
        },
        onChoice(ctx, value) {
          if (value.startsWith('p.')) return { next: { to: 'repeat', data: { b: dataOf(ctx).b, page: Number(value.slice(2)) || 0 } } };
          return { next: { to: 'step', step: 'entry', data: { b: dataOf(ctx).b, page: dataOf(ctx).page ?? 0, entry: value.slice(2) } } };
        },
      },
      entry: {
        async enter(ctx) {
          const loaded = await load(ctx);
          if (!loaded.ok) return loaded.outcome;
          return (await entryOf(ctx, loaded.file)) ? undefined : toList(ctx, [{ text: ctx.t('tutor:fix.gone') }]);
        },
        async prompt(ctx) {
          const loaded = await load(ctx);
          const e = loaded.ok ? await entryOf(ctx, loaded.file) : null;
          if (!loaded.ok || !e) return { text: ctx.t('tutor:fix.gone'), nav: true };
          return {
            text: ctx.t('tutor:fix.entry', { name: loaded.file.fullName, entry: line(ctx, e) }),
            choices: [
              [{ label: ctx.t('tutor:hours.changeHours'), value: 'hours' }, { label: ctx.t('tutor:hours.changeDate'), value: 'date' }],
              [{ label: ctx.t('tutor:hours.changeArea'), value: 'area' }, { label: ctx.t('tutor:fix.delete'), value: 'delete' }],
            ],
            nav: true,
          };
        },
        back: 'start',
        onChoice(ctx, value) {
          if (value === 'delete') return then(ctx, { del: true });
          return { next: { to: 'step', step: value === 'hours' ? 'newHours' : value === 'date' ? 'newDate' : 'newArea' } };
        },
      },
      newHours: acceptTypedLabels({
        prompt: (ctx) => ({ text: ctx.t('tutor:fix.newHours'), choices: [[0.5, 1, 1.5, 2], [3, 4, 6, 8]].map((row) => row.map((n) => ({ label: formatNumber(ctx.lang, n), value: String(n) }))), nav: true }),
        back: 'entry',
        onChoice: (ctx, value) => then(ctx, { hours: Number(value) }),
        onText(ctx, text) {
          const hours = parseHoursAnswer(text, todayOf(ctx));
          return hours === undefined ? { say: [{ text: ctx.t('tutor:hours.invalid') }], next: { to: 'repeat' } } : then(ctx, { hours });
        },
      }),
      newDate: acceptTypedLabels({
        prompt(ctx) {
          const today = todayOf(ctx);
          return { text: ctx.t('tutor:date.ask'), choices: [[{ label: ctx.t('tutor:date.today'), value: today }, { label: ctx.t('tutor:date.yesterday'), value: addLocalDays(today, -1) }]], nav: true };
        },
        back: 'entry',
        onChoice: (ctx, value) => then(ctx, { date: value }),
        onText(ctx, text) {
          const r = parseDateAnswer(text, todayOf(ctx));
          if (r.ok) return then(ctx, { date: r.date });
          return { say: [{ text: ctx.t(r.code === 'future_date' ? 'tutor:rules.future' : 'tutor:date.invalid') }], next: { to: 'repeat' } };
        },
      }),
      newArea: {
        prompt: (ctx) => ({ text: ctx.t('tutor:fix.newArea'), choices: SERVICE_AREAS.map((a) => [{ label: areaLabel(ctx, a), value: a }]), nav: true }),
        back: 'entry',
        onChoice: (ctx, value) => ((SERVICE_AREAS as readonly string[]).includes(value) ? then(ctx, { area: value as ServiceArea }) : { next: { to: 'repeat' } }),
      },
      reason: {
        prompt: (ctx) => ({ text: ctx.t('tutor:fix.reason'), choices: CORRECTION_REASONS.map((r) => [{ label: ctx.t(`tutor:fix.reasons.${r}`), value: r }]), nav: true }),
        back: 'entry',
        onChoice: (ctx, value) => ((CORRECTION_REASONS as readonly string[]).includes(value) ? { next: { to: 'step', step: 'confirm', data: { ...dataOf(ctx), reason: value } } } : { next: { to: 'repeat' } }),
      },
      confirm: {
        async prompt(ctx) {
          const loaded = await load(ctx);
          const e = loaded.ok ? await entryOf(ctx, loaded.file) : null;
          if (!loaded.ok || !e) return { text: ctx.t('tutor:fix.gone'), nav: true };
          const d = dataOf(ctx);
          const after = d.del ? ctx.t('tutor:fix.deleted') : line(ctx, { date: d.date ?? e.date, area: d.area ?? e.area, hours: d.hours ?? e.hours });
          return {
            text: ctx.t('tutor:fix.summary', { name: loaded.file.fullName, before: line(ctx, e), after, reason: ctx.t(`tutor:fix.reasons.${d.reason ?? 'other'}`) }),
            choices: [[{ label: ctx.t('tutor:confirm'), value: 'save' }], [{ label: ctx.t('tutor:cancel'), value: 'cancel' }]],
            nav: true,
          };
        },
        back: 'reason',
        async onChoice(ctx, value) {
          if (value !== 'save') return toList(ctx, [{ text: ctx.t('common:cancelled') }]);
          return save(ctx);
        },
      },
    },
  };

  async function save(ctx: TurnContext): Promise<Outcome> {
    const loaded = await load(ctx);
    if (!loaded.ok) return loaded.outcome;
    const { file } = loaded;
    const e = await entryOf(ctx, file);
    if (!e || !file.path) return toList(ctx, [{ text: ctx.t('tutor:fix.gone') }]);
    const d = dataOf(ctx);
    const replacement = d.del ? null : { area: d.area ?? e.area, date: d.date ?? e.date, hours: d.hours ?? e.hours };
    if (replacement) {
      // The same rules as a new report, the corrected entry left out of every sum.
      const without = { ...file, entries: file.entries.filter((x) => x.id !== e.id) };
      const check = evaluate(without, { ...replacement, mode: 'add' }, todayOf(ctx));
      if (!check.ok) {
        const fixes = check.errors.map((err) => explain(ctx, without, replacement, err));
        const fix = stepToFix(fixes);
        const step = fix === 'hours' ? 'newHours' : fix === 'date' ? 'newDate' : 'newArea';
        return { say: [{ text: `⛔ ${fixes.map((f) => f.text).join('\n')}` }], next: { to: 'step', step, data: { ...d, reason: d.reason } } };
      }
    }
    const phase = replacement ? phaseAfterHours(file.phases, replacement.area, replacement.date) : undefined;
    const saved = await kit.hours.correct({
      entryId: e.id,
      replacement,
      reportedById: ctx.person!.id,
      now: ctx.now,
      expectedActiveIds: file.entries.map((x) => x.id),
      ...(phase ? { phase } : {}),
      audit: {
        at: ctx.now,
        actorId: ctx.person!.id,
        action: replacement ? 'hours_corrected' : 'hours_deleted',
        subjectType: 'hour_entry',
        subjectId: e.id,
        detail: { beneficiary: file.code, pathId: file.path.id, reason: d.reason ?? 'other', old: { area: e.area, date: e.date, hours: e.hours }, new: replacement },
      },
    });
    if (!saved.ok) return toList(ctx, [{ text: ctx.t(saved.reason === 'gone' ? 'tutor:fix.gone' : 'tutor:hours.conflict') }]);
    const text = replacement ? ctx.t('tutor:fix.saved', { before: line(ctx, e), after: line(ctx, replacement) }) : ctx.t('tutor:fix.removed', { before: line(ctx, e), hours: hoursText(ctx, e.hours) });
    return toList(ctx, [{ text }]);
  }
}

