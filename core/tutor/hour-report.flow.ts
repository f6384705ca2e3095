/**
 * Report hours: guided (beneficiary → service area → hours → date → note → summary → confirm) or in
 * one line ("3 ore tutoraggio Ahmed ieri") typed here or at the main menu. Whatever the way in, the
 * draft ends at the same summary and nothing is saved without the tutor's confirmation.
 */
import { toMenuOnCancel, type Flow, type Outcome, type PromptChoice, type TurnContext } from '../conversation/flow';
import { SERVICE_AREAS, type ServiceArea } from '../programme/programme';
import { parseHourReport, type ParseResult } from './hour-report.parser';
import { remainingHours } from './hour-rules';
import { parseDateAnswer, parseHoursAnswer, cleanNote } from './report-inputs';
import { pickerStep, resolvePerson, withSearch } from './beneficiary-picker';
import { hourReportForm, submitHourForm } from './hour-report.form';
import { areaLabel, formatDate, formatNumber, hoursText } from './tutor-format';
import { acceptTypedLabels, loadBeneficiary, notAllowed, todayOf, type TutorKit } from './tutor.context';
import { evaluate, explain, saveDraft, stepToFix, undoable, undoEntry, UNDO_OFFER_PREFIX, UNDO_PREFIX, UNDO_WINDOW_MS, type HourDraft } from './hour-report.logic';
import { addLocalDays } from '../time/zoned-time';

export const HOURS_FLOW = 'tutor.hours';

const draftOf = (ctx: TurnContext): HourDraft => ctx.state.data as HourDraft;
const withDraft = (ctx: TurnContext, patch: Partial<HourDraft>): HourDraft => ({ ...draftOf(ctx), ...patch });

/**
 * True when a line is an attempt at a one-line report: hours, a service or a report verb
 * ("segna Ahmed") recognised. What it lacks is then asked for, never "I did not understand".
 */
export function looksLikeReport(r: ParseResult): boolean {
  if (r.ok) return true;
  const p = r.partial;
  const hours = p.hours !== undefined || p.rawHours !== undefined;
  const area = p.area !== undefined || (p.areaCandidates?.length ?? 0) > 0;
  // Hours alone ("3") or a bare name are not reports: at the menu they may mean something else.
  return (hours && (area || p.beneficiaryQuery !== undefined)) || (area && (hours || p.beneficiaryQuery !== undefined || p.rawDate !== undefined)) || (p.reportVerb === true && p.beneficiaryQuery !== undefined);
}

export function createHoursFlow(kit: TutorKit): Flow {
  /** Goes to the first thing the draft still lacks, or to the summary. */
  const advance = (draft: HourDraft, say?: Outcome['say']): Outcome => {
    const step = !draft.b ? 'start' : !draft.area ? 'area' : draft.hours === undefined ? 'hours' : !draft.date ? 'date' : draft.note === undefined && !draft.oneLine ? 'note' : 'summary';
    return { say, next: { to: 'step', step, data: { ...draft } } };
  };

  /** A one-line report: fills what it can, says what was wrong, resolves the name in the caseload. */
  const fromLine = async (ctx: TurnContext, text: string): Promise<Outcome | undefined> => {
    const today = todayOf(ctx);
    const r = parseHourReport(text, today);
    if (!looksLikeReport(r)) return undefined;
    const p = r.ok ? r.value : r.partial;
    const errors = r.ok ? [] : r.errors;
    const say: string[] = [];
    const draft: HourDraft = { oneLine: true };
    if (p.hours !== undefined && !errors.includes('invalid_hours') && !errors.includes('ambiguous_hours')) draft.hours = p.hours;
    else if (errors.includes('invalid_hours') || errors.includes('ambiguous_hours')) say.push(ctx.t('tutor:hours.invalid'));
    if (p.area) draft.area = p.area;
    if (p.date) draft.date = p.date;
    else if (errors.includes('future_date')) say.push(ctx.t('tutor:rules.futureTyped', { date: r.ok ? '' : (r.partial.rawDate ?? '') }));
    else say.push(ctx.t('tutor:date.invalid'));
    if (p.note) draft.note = cleanNote(p.note) ?? null;
    const msgs = say.map((t) => ({ text: t }));
    if (!p.beneficiaryQuery) return { say: msgs, next: { to: 'step', step: 'start', data: { ...draft } } };
    const who = await resolvePerson(kit, ctx, p.beneficiaryQuery);
    if (who.kind === 'refused') return notAllowed(ctx);
    if (who.kind === 'one') return advance({ ...draft, b: who.personId }, msgs);
    if (who.kind === 'none') msgs.push({ text: ctx.t('tutor:pick.none', { query: who.query }) });
    return { say: msgs, next: { to: 'step', step: 'start', data: withSearch({ ...draft }, who) } };
  };

  const picked = async (ctx: TurnContext, personId: string): Promise<Outcome> => {
    const loaded = await loadBeneficiary(kit, ctx, personId, 'beneficiary.report', 'hours.report');
    if (!loaded.ok) return loaded.outcome;
    const { pk: _pk, ...rest } = withDraft(ctx, { b: personId }) as HourDraft & { pk?: unknown };
    return advance(rest);
  };

  const summaryText = (ctx: TurnContext, d: HourDraft, name: string, code: string, duplicate?: number) =>
    ctx.t('tutor:hours.summary', {
      name,
      code,
      area: areaLabel(ctx, d.area!),
      hours: hoursText(ctx, d.hours!),
      date: formatDate(ctx.lang, d.date!),
      note: d.note ? d.note : ctx.t('tutor:hours.noNote'),
    }) + (d.mode === 'add' && duplicate !== undefined ? `\n${ctx.t('tutor:hours.willAdd', { total: hoursText(ctx, duplicate + d.hours!) })}` : d.mode === 'replace' ? `\n${ctx.t('tutor:hours.willReplace')}` : '');

  return {
    id: HOURS_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        // Arriving from the main menu with a one-line report.
        async enter(ctx) {
          const line = typeof ctx.state.data.line === 'string' ? ctx.state.data.line : undefined;
          if (line === undefined) return undefined;
          ctx.state.data = {};
          return (await fromLine(ctx, line)) ?? undefined;
        },
        ...pickerStep(kit, {
          promptKey: 'tutor:hours.who',
          picked,
          onText: fromLine,
          form: async (ctx, shown) => hourReportForm(ctx, shown),
          async extra(ctx) {
            return (await undoable(kit, ctx)) ? [[{ label: ctx.t('tutor:undo.button'), value: 'undo' }]] : [];
          },
          async onExtra(ctx, value) {
            const id = value === 'undo' ? await undoable(kit, ctx) : undefined;
            return id ? undoEntry(kit, ctx, id) : { say: [{ text: ctx.t('tutor:undo.tooLate', { count: UNDO_WINDOW_MS / 60_000 }) }], next: { to: 'menu' } };
          },
        }),
        onForm: (ctx, fields) => submitHourForm(kit, ctx, fields, (d) => advance(d)),
      },
      area: acceptTypedLabels({
        async prompt(ctx) {
          const d = draftOf(ctx);
          const loaded = d.b ? await kit.store.beneficiaryFile(d.b) : null;
          const rules = loaded?.path?.rules;
          const areas = rules ? rules.serviceAreas.map((a) => a.area) : [...SERVICE_AREAS];
          const choices: PromptChoice[][] = areas.map((area) => [
            { label: ctx.t('tutor:hours.areaLeft', { area: areaLabel(ctx, area), left: hoursText(ctx, rules ? remainingHours(rules, area, loaded!.entries) : 0) }), value: area },
          ]);
          return { text: ctx.t('tutor:hours.whichArea', { name: loaded?.fullName ?? '' }), choices, nav: true };
        },
        back: 'start',
        onChoice: (ctx, value) => ((SERVICE_AREAS as readonly string[]).includes(value) ? advance(withDraft(ctx, { area: value as ServiceArea })) : { next: { to: 'repeat' } }),
        onText(ctx, text) {
          const r = parseHourReport(`1 ore ${text} Qzxq`, todayOf(ctx));
          const area = r.ok ? r.value.area : r.partial.area;
          if (area) return advance(withDraft(ctx, { area }));
          return { say: [{ text: ctx.t(r.ok || !r.partial.areaCandidates ? 'tutor:hours.areaUnknown' : 'tutor:hours.areaAmbiguous') }], next: { to: 'repeat' } };
        },
      }),
      hours: acceptTypedLabels({
        prompt: (ctx) => ({
          text: ctx.t('tutor:hours.howMany', { area: areaLabel(ctx, draftOf(ctx).area!) }),
          choices: [[0.5, 1, 1.5, 2], [3, 4, 6, 8]].map((row) => row.map((n) => ({ label: formatNumber(ctx.lang, n), value: String(n) }))),
          nav: true,
        }),
        back: 'area',
        onChoice: (ctx, value) => advance(withDraft(ctx, { hours: Number(value) })),
        onText(ctx, text) {
          const hours = parseHoursAnswer(text, todayOf(ctx));
          return hours === undefined ? { say: [{ text: ctx.t('tutor:hours.invalid') }], next: { to: 'repeat' } } : advance(withDraft(ctx, { hours }));
        },
      }),
      date: acceptTypedLabels({
        prompt(ctx) {
          const today = todayOf(ctx);
          const days = [0, 1, 2].map((n) => addLocalDays(today, -n));
          return {
            text: ctx.t('tutor:date.ask'),
            choices: [[{ label: ctx.t('tutor:date.today'), value: days[0]! }, { label: ctx.t('tutor:date.yesterday'), value: days[1]! }], [{ label: formatDate(ctx.lang, days[2]!), value: days[2]! }]],
            nav: true,
          };
        },
        back: 'hours',
        onChoice: (ctx, value) => advance(withDraft(ctx, { date: value })),
        onText(ctx, text) {
          const r = parseDateAnswer(text, todayOf(ctx));
          if (r.ok) return advance(withDraft(ctx, { date: r.date }));
          return { say: [{ text: ctx.t(r.code === 'future_date' ? 'tutor:rules.future' : 'tutor:date.invalid') }], next: { to: 'repeat' } };
        },
      }),
      note: acceptTypedLabels({
        prompt: (ctx) => ({ text: ctx.t('tutor:hours.askNote'), choices: [[{ label: ctx.t('tutor:hours.noNoteButton'), value: 'none' }]], nav: true }),
        back: 'date',
        onChoice: (ctx) => advance(withDraft(ctx, { note: null })),
        onText: (ctx, text) => advance(withDraft(ctx, { note: cleanNote(text) ?? null })),
      }),
      duplicate: {
        async prompt(ctx) {
          const d = draftOf(ctx);
          const file = await kit.store.beneficiaryFile(d.b!);
          const already = (file?.entries ?? []).filter((e) => e.area === d.area && e.date === d.date).reduce((s, e) => s + e.hours, 0);
          return {
            text: ctx.t('tutor:hours.duplicate', { name: file?.fullName ?? '', area: areaLabel(ctx, d.area!), date: formatDate(ctx.lang, d.date!), already: hoursText(ctx, already), hours: hoursText(ctx, d.hours!) }),
            choices: [[{ label: ctx.t('tutor:hours.add', { total: hoursText(ctx, already + d.hours!) }), value: 'add' }], [{ label: ctx.t('tutor:hours.replace', { hours: hoursText(ctx, d.hours!) }), value: 'replace' }], [{ label: ctx.t('tutor:cancel'), value: 'cancel' }]],
          };
        },
        back: 'date',
        onChoice(ctx, value) {
          if (value === 'cancel') return { say: [{ text: ctx.t('common:cancelled') }], next: { to: 'menu' } };
          return advance(withDraft(ctx, { mode: value === 'replace' ? 'replace' : 'add' }));
        },
      },
      summary: {
        // The rules are checked before the summary is shown: a refused draft goes back to the step that fixes it.
        async enter(ctx) {
          const d = draftOf(ctx);
          if (!d.b || !d.area || d.hours === undefined || !d.date) return advance(d);
          const loaded = await loadBeneficiary(kit, ctx, d.b, 'beneficiary.report', 'hours.report');
          if (!loaded.ok) return loaded.outcome;
          // Add or replace changes what the caps see: ask it before checking them. A draft refused even
          // as a replacement (the most lenient case: bad step, over 8 h, wrong date) is refused first.
          const asking = !d.mode && loaded.file.entries.some((e) => e.area === d.area && e.date === d.date);
          const check = evaluate(loaded.file, { ...d, area: d.area, hours: d.hours, date: d.date, ...(asking ? { mode: 'replace' as const } : {}) }, todayOf(ctx));
          if (asking && check.ok) return { next: { to: 'step', step: 'duplicate' } };
          if (!check.ok) {
            const fixes = check.errors.map((e) => explain(ctx, loaded.file, d, e));
            const step = stepToFix(fixes);
            const cleared: HourDraft = { ...d, ...(step === 'hours' ? { hours: undefined } : step === 'date' ? { date: undefined } : { area: undefined, hours: undefined }) };
            return { say: [{ text: `⛔ ${fixes.map((f) => f.text).join('\n')}` }], next: { to: 'step', step, data: { ...cleared } } };
          }
          return undefined;
        },
        async prompt(ctx) {
          const d = draftOf(ctx);
          const file = await kit.store.beneficiaryFile(d.b!);
          const already = (file?.entries ?? []).filter((e) => e.area === d.area && e.date === d.date).reduce((s, e) => s + e.hours, 0);
          return {
            text: summaryText(ctx, d, file?.fullName ?? '', file?.code ?? '', already),
            choices: [
              [{ label: ctx.t('tutor:confirm'), value: 'save' }],
              [{ label: ctx.t('tutor:hours.changeHours'), value: 'c.hours' }, { label: ctx.t('tutor:hours.changeDate'), value: 'c.date' }],
              [{ label: ctx.t('tutor:hours.changeArea'), value: 'c.area' }, { label: ctx.t('tutor:hours.changeNote'), value: 'c.note' }],
              [{ label: ctx.t('tutor:cancel'), value: 'cancel' }],
            ],
          };
        },
        async onChoice(ctx, value) {
          const d = draftOf(ctx);
          if (value === 'cancel') return { say: [{ text: ctx.t('common:cancelled') }], next: { to: 'menu' } };
          if (value.startsWith('c.')) {
            const field = value.slice(2) as 'hours' | 'date' | 'area' | 'note';
            return { next: { to: 'step', step: field, data: { ...d, oneLine: false, mode: undefined } } };
          }
          if (value !== 'save') return { next: { to: 'repeat' } };
          const saved = await saveDraft(kit, ctx, d);
          if (!saved.ok) return saved.outcome;
          const text = ctx.t('tutor:hours.saved', { hours: hoursText(ctx, d.hours!), area: areaLabel(ctx, d.area!), date: formatDate(ctx.lang, d.date!), left: hoursText(ctx, saved.remainingAfter) });
          // A global button, so Undo still works after the menu (and other screens) came up; "annulla"
          // typed at that menu offers the same undo.
          const undo = { label: ctx.t('tutor:undo.button'), data: `${UNDO_PREFIX}:${saved.id}` };
          return toMenuOnCancel(`${UNDO_OFFER_PREFIX}:${saved.id}`, [{ text, choices: [[undo]] }]);
        },
      },
    },
  };
}
