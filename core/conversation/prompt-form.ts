/** A prompt's form (fields filled in one go, e.g. the Teams hour-report card) as the channels get it. */
import type { Choice, OutgoingForm } from '../messages';
import { encodeScreenAction } from './action-data';
import type { PromptChoice, PromptForm } from './flow';

/** The value a form's submission carries (with the screen version), like a button's. */
export const FORM_VALUE = 'form';

/** The channel form of a prompt's form: its submit data, and the buttons kept beside it. */
export function formOf(form: PromptForm, promptChoices: PromptChoice[][], rows: Choice[][], version: number, nav: boolean): OutgoingForm {
  const keep = new Set(form.keepChoices ?? []);
  const kept = promptChoices.map((row, r) => row.flatMap((c, i) => (keep.has(c.value) ? [rows[r]![i]!] : []))).filter((row) => row.length > 0);
  if (nav) kept.push(rows.at(-1)!);
  return {
    data: encodeScreenAction(version, FORM_VALUE),
    ...(form.intro ? { intro: form.intro } : {}),
    fields: form.fields,
    submitLabel: form.submitLabel,
    ...(form.errors?.length ? { errors: form.errors } : {}),
    ...(kept.length ? { choices: kept } : {}),
  };
}
