/**
 * Report hours as ONE form, for channels that show forms (Teams): beneficiary (the people of the page
 * on screen, or a name / code typed in a search field), service, hours, date and note. The submitted
 * values are read with the same readers as the guided steps and checked against the same rules
 * before the summary; anything wrong comes back as the same form, values kept, each error next to
 * its field. Nothing is saved here: a valid form leads to the usual summary and confirmation.
 */
import type { Outcome, PromptForm, TurnContext } from '../conversation/flow';
import type { FormField } from '../messages';
import { SERVICE_AREAS, type ServiceArea } from '../programme/programme';
import { personLabel, resolvePerson, type PickerData } from './beneficiary-picker';
import { evaluate, explain, type HourDraft } from './hour-report.logic';
import { cleanNote, parseDateAnswer, parseHoursAnswer } from './report-inputs';
import { areaLabel } from './tutor-format';
import { loadBeneficiary, todayOf, type TutorKit } from './tutor.context';
import type { BeneficiaryRow } from './tutor.ports';

/** Field names; kept short, they travel in the card's submit data. */
export const HOUR_FORM_FIELDS = ['b', 'q', 'area', 'hours', 'date', 'note'] as const;
type FieldName = (typeof HOUR_FORM_FIELDS)[number];

/** What the form showed last: the values typed (kept when it comes back) and the errors by field. */
interface FormState {
  values: Partial<Record<FieldName, string>>;
  errors: Partial<Record<FieldName, string>>;
}

const stateOf = (ctx: TurnContext): FormState => (ctx.state.data.form as FormState | undefined) ?? { values: {}, errors: {} };

/** The form of the "report hours" screen, with the people of the page on screen as the choice. */
export function hourReportForm(ctx: TurnContext, shown: BeneficiaryRow[]): PromptForm {
  const { values, errors } = stateOf(ctx);
  const draft = ctx.state.data as HourDraft;
  const today = todayOf(ctx);
  const field = (f: FormField & { name: FieldName }): FormField => ({ ...f, ...(values[f.name] !== undefined ? { value: values[f.name] } : {}), ...(errors[f.name] ? { error: errors[f.name] } : {}) });
  const people = shown.map((r) => ({ label: personLabel(r), value: r.personId }));
  const picked = values.b ?? draft.b;
  return {
    intro: ctx.t('tutor:form.intro'),
    fields: [
      field({ name: 'b', label: ctx.t('tutor:form.who'), kind: 'choice', options: people, ...(picked && people.some((p) => p.value === picked) ? { value: picked } : {}), placeholder: ctx.t('tutor:form.whoPlaceholder') }),
      field({ name: 'q', label: ctx.t('tutor:form.search'), kind: 'text', maxLength: 60, placeholder: ctx.t('tutor:form.searchPlaceholder') }),
      field({ name: 'area', label: ctx.t('tutor:form.area'), kind: 'choice', options: SERVICE_AREAS.map((a) => ({ label: areaLabel(ctx, a), value: a })), ...(draft.area ? { value: draft.area } : {}) }),
      field({ name: 'hours', label: ctx.t('tutor:form.hours'), kind: 'number', min: 0.5, max: 24, ...(draft.hours !== undefined ? { value: String(draft.hours) } : {}) }),
      field({ name: 'date', label: ctx.t('tutor:form.date'), kind: 'date', maxDate: today, value: draft.date ?? today }),
      field({ name: 'note', label: ctx.t('tutor:form.note'), kind: 'text', maxLength: 300 }),
    ],
    submitLabel: ctx.t('tutor:form.submit'),
    keepChoices: ['undo'],
  };
}

/**
 * A submitted form: the draft when every value reads well and the rules allow it, else the same
 * screen with the errors. `advance` goes on from a complete draft (duplicate question, summary).
 */
export async function submitHourForm(kit: TutorKit, ctx: TurnContext, fields: Record<string, string>, advance: (d: HourDraft) => Outcome): Promise<Outcome> {
  const values: FormState['values'] = {};
  for (const name of HOUR_FORM_FIELDS) if (typeof fields[name] === 'string') values[name] = fields[name]!.slice(0, 300);
  const errors: FormState['errors'] = {};
  const today = todayOf(ctx);
  const back = (pk: PickerData = {}): Outcome => {
    const { form: _form, pk: _pk, ...rest } = ctx.state.data;
    // The search typed stays as the list on screen; the search field itself is emptied.
    return { next: { to: 'repeat', data: { ...rest, pk, form: { values: { ...values, q: undefined }, errors } satisfies FormState } } };
  };

  // Who: a name or code typed wins over the list (it is what the tutor did last).
  let personId = values.b?.trim() || undefined;
  let pk: PickerData = {};
  const query = values.q?.trim();
  if (query) {
    const r = await resolvePerson(kit, ctx, query);
    if (r.kind === 'refused') return { say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } };
    // The list then shows what the search found, so the person it picked is among the options.
    pk = r.kind === 'none' ? {} : { q: query };
    if (r.kind === 'one') {
      personId = r.personId;
      values.b = r.personId;
    } else {
      personId = undefined;
      if (r.kind === 'confirm') {
        // An approximate match is offered selected, never taken unseen.
        values.b = r.personId;
        errors.b = ctx.t('tutor:form.checkPerson');
      } else errors.q = ctx.t(r.kind === 'none' ? 'tutor:pick.none' : 'tutor:form.several', { query: r.query });
    }
  }
  if (!personId && !errors.b && !errors.q) errors.b = ctx.t('tutor:form.whoMissing');

  const area = (SERVICE_AREAS as readonly string[]).includes(values.area ?? '') ? (values.area as ServiceArea) : undefined;
  if (!area) errors.area = ctx.t('tutor:form.areaMissing');
  const hours = values.hours ? parseHoursAnswer(values.hours, today) : undefined;
  if (hours === undefined) errors.hours = ctx.t('tutor:hours.invalid');
  const dateAnswer = parseDateAnswer(values.date?.trim() || 'oggi', today);
  if (!dateAnswer.ok) errors.date = ctx.t(dateAnswer.code === 'future_date' ? 'tutor:rules.future' : 'tutor:date.invalid');
  if (Object.keys(errors).length > 0 || !personId || !area || hours === undefined || !dateAnswer.ok) return back(pk);

  const loaded = await loadBeneficiary(kit, ctx, personId, 'beneficiary.report', 'hours.report');
  if (!loaded.ok) {
    errors.b = ctx.t('tutor:form.whoMissing');
    return back(pk);
  }
  const draft: HourDraft = { b: personId, area, hours, date: dateAnswer.date, note: cleanNote(values.note ?? '') ?? null, oneLine: true, via: 'form' };
  // Same person, service and day: the add-or-replace question comes first (as in the conversation).
  const duplicate = loaded.file.entries.some((e) => e.area === area && e.date === draft.date);
  const check = evaluate(loaded.file, { ...draft, area, hours, date: draft.date!, ...(duplicate ? { mode: 'replace' as const } : {}) }, today);
  if (!check.ok) {
    for (const e of check.errors) {
      const fix = explain(ctx, loaded.file, draft, e);
      const name: FieldName = fix.step === 'hours' ? 'hours' : fix.step === 'date' ? 'date' : 'area';
      errors[name] = errors[name] ? `${errors[name]} ${fix.text}` : fix.text;
    }
    values.b = personId;
    return back(query ? { q: query } : {});
  }
  const { form: _form, pk: _pk, line: _line, ...rest } = ctx.state.data;
  return advance({ ...(rest as HourDraft), ...draft });
}
