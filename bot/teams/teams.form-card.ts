/**
 * The Adaptive Card of a core form (OutgoingForm): one input per field, the errors of the last
 * submission in red above the fields they concern, a submit button, and the kept buttons (Back,
 * Menu…) below. The submit button's data marks the submission as a form (`ponteForm`), so Teams'
 * `value` — the data merged with the inputs' values — is read back as `{ type: 'form' }`; the other
 * buttons do not carry the inputs (`associatedInputs: 'none'`).
 */
import type { Attachment as BfAttachment } from 'botbuilder';
import type { FormField, OutgoingForm, OutgoingMessage } from '../../core/messages';
import { adaptiveCardAttachment, textBlocks } from './card-text';

/** Key of the submit button's data that marks a form submission (see teams.activity.schema.ts). */
export const FORM_MARKER = 'ponteForm';
/** Input ids must not collide with the keys our buttons' data uses. */
export const RESERVED_INPUT_IDS = new Set(['ponte', FORM_MARKER]);

const errorBlock = (text: string) => ({ type: 'TextBlock', text, wrap: true, color: 'attention', size: 'small', spacing: 'none' });

function input(f: FormField): Record<string, unknown> {
  const common = { id: f.name, label: f.label, ...(f.required ? { isRequired: true, errorMessage: f.label } : {}), ...(f.value !== undefined ? { value: f.value } : {}) };
  switch (f.kind) {
    case 'choice':
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', ...(f.placeholder ? { placeholder: f.placeholder } : {}), choices: (f.options ?? []).map((o) => ({ title: o.label, value: o.value })) };
    case 'number':
      return { type: 'Input.Number', ...common, ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}), ...(f.placeholder ? { placeholder: f.placeholder } : {}) };
    case 'date':
      return { type: 'Input.Date', ...common, ...(f.maxDate ? { max: f.maxDate } : {}) };
    case 'text':
    default:
      return { type: 'Input.Text', ...common, ...(f.maxLength ? { maxLength: f.maxLength } : {}), ...(f.placeholder ? { placeholder: f.placeholder } : {}) };
  }
}

/** The card for `msg.form` (the caller checked it is there). */
export function formCard(msg: OutgoingMessage & { form: OutgoingForm }): BfAttachment {
  const { form } = msg;
  const intro = form.intro ?? msg.text;
  return adaptiveCardAttachment(
    [
      ...textBlocks(intro),
      ...(form.errors ?? []).map(errorBlock),
      ...form.fields.flatMap((f) => [input(f), ...(f.error ? [errorBlock(f.error)] : [])]),
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', style: 'positive', title: form.submitLabel, data: { ponte: form.data, [FORM_MARKER]: '1' } }] },
      ...(form.choices ?? [])
        .filter((r) => r.length)
        .map((row) => ({ type: 'ActionSet', actions: row.map((c) => ({ type: 'Action.Submit', title: c.label, data: { ponte: c.data }, associatedInputs: 'none' })) })),
    ],
    msg.dir,
  );
}
