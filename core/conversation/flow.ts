/**
 * How features describe conversations. A flow is a set of named steps; each step shows a prompt
 * (text and buttons) and handles the answer. The engine stores which step each chat is at, so a
 * restart continues the same conversation.
 */
import type { Account, PersonSummary } from '../ports/accounts';
import type { ConversationState } from '../ports/conversations';
import type { TranslationParams } from '../ports/translator';
import type { Attachment, FormField, IncomingContent, IncomingMedia, IncomingMessage, OutgoingMessage } from '../messages';
import type { Role } from '../roles';
import type { OutboxRenderer } from '../ports/outbox';
import { MENU_FLOW } from './system-flows';

export interface TurnContext {
  msg: IncomingMessage;
  account: Account;
  /** The linked person, or null before onboarding is complete. */
  person: PersonSummary | null;
  lang: string;
  now: Date;
  state: ConversationState;
  t(key: string, params?: TranslationParams): string;
}

export interface PromptChoice {
  label: string;
  /** Short value, unique within the prompt (≤ 48 bytes: the engine adds a version prefix). */
  value: string;
}

export interface Prompt {
  text: string;
  /** Rows of choices. */
  choices?: PromptChoice[][];
  attachments?: Attachment[];
  /** Messages shown before the prompt (e.g. a long text, a file). */
  before?: OutgoingMessage[];
  /** Adds a row with Back and Menu buttons. */
  nav?: boolean;
  /** The same question as one form, for channels that show forms (Teams); the others show the prompt. */
  form?: PromptForm;
}

/** A form for the step (see `OutgoingForm`); the engine adds the screen version to what comes back. */
export interface PromptForm {
  intro?: string;
  fields: FormField[];
  submitLabel: string;
  errors?: string[];
  /** Values of the prompt's choices also shown with the form (the Back and Menu row always is). */
  keepChoices?: string[];
}

export type Next =
  | { to: 'step'; step: string; data?: Record<string, unknown> }
  | { to: 'flow'; flow: string; step?: string; data?: Record<string, unknown> }
  | { to: 'menu' }
  /** Keep the current step without showing its prompt again (optionally updating its data). */
  | { to: 'stay'; data?: Record<string, unknown> }
  /** Show the current step's prompt again. */
  | { to: 'repeat'; data?: Record<string, unknown> };

export interface Outcome {
  say?: OutgoingMessage[];
  next: Next;
}

export interface Step {
  /** Runs before the prompt is shown; returning an outcome skips the prompt (e.g. a step already answered). */
  enter?(ctx: TurnContext): Outcome | undefined | Promise<Outcome | undefined>;
  prompt(ctx: TurnContext): Prompt | Promise<Prompt>;
  /** Free text typed at this step. Without it, text that matches no button gets a hint. */
  onText?(ctx: TurnContext, text: string): Outcome | Promise<Outcome>;
  onChoice?(ctx: TurnContext, value: string): Outcome | Promise<Outcome>;
  /** The step's form submitted (values unchecked: validate them). */
  onForm?(ctx: TurnContext, fields: Record<string, string>): Outcome | Promise<Outcome>;
  /** A voice note, photo or document sent at this step. Without it, feature modules' `onUnhandled` may take it. */
  onMedia?(ctx: TurnContext, media: IncomingMedia): Outcome | Promise<Outcome>;
  /** Where "back" goes from here; default: the main menu. */
  back?: string;
}

export interface Flow {
  id: string;
  /** Who may enter; undefined = any linked person. */
  roles?: readonly Role[];
  steps: Record<string, Step>;
  /** Step entered when the flow starts; default 'start'. */
  initial?: string;
}

export interface MenuItem {
  role: Role;
  id: string;
  labelKey: string;
  flow: string;
  order: number;
}

/**
 * A button that is valid outside any screen (for example in a reminder sent hours earlier):
 * `data` = `<prefix>:<rest>`. It is never reported as stale.
 */
export interface GlobalAction {
  prefix: string;
  roles?: readonly Role[];
  handle(ctx: TurnContext, rest: string): Outcome | Promise<Outcome>;
}

export interface FeatureModule {
  flows?: Flow[];
  menu?: MenuItem[];
  actions?: GlobalAction[];
  /** How this feature's outbox rows are rendered at send time. */
  renderers?: OutboxRenderer[];
  /**
   * Free text typed at the main menu that matches no button (e.g. a tutor's one-line report).
   * Return an outcome to take it, undefined to let other modules (or the "use the buttons" hint) have it.
   */
  textAtMenu?(ctx: TurnContext, text: string): Outcome | undefined | Promise<Outcome | undefined>;
  /**
   * A linked person's text or file that nothing else took (no step handler, no button, no `textAtMenu`),
   * anywhere: e.g. a question typed at the menu, a voice note on the path screen. Undefined = not mine
   * (the "use the buttons" hint follows).
   */
  onUnhandled?(ctx: TurnContext, content: Extract<IncomingContent, { type: 'text' | 'media' }>): Outcome | undefined | Promise<Outcome | undefined>;
  /** A linked person changed a message they sent earlier (`ctx.msg.messageId`). Undefined = not mine. */
  onEdit?(ctx: TurnContext, content: IncomingContent): Outcome | undefined | Promise<Outcome | undefined>;
}

/**
 * Key of the state data that says what "cancel" means on this screen: a feature action
 * (`<prefix>:<rest>`, see GlobalAction) the engine runs instead of the plain "Cancelled". A flow sets
 * it on the screen it shows right after saving something, so "annulla" there offers to undo the save;
 * the next screen has other data, so the offer lasts exactly one screen.
 */
export const ON_CANCEL = 'onCancel';

/** To the main menu, where "cancel" runs `action` (see ON_CANCEL). */
export const toMenuOnCancel = (action: string, say?: OutgoingMessage[]): Outcome => ({ say, next: { to: 'flow', flow: MENU_FLOW, step: 'main', data: { [ON_CANCEL]: action } } });

export const goto = (step: string, data?: Record<string, unknown>): Outcome => ({ next: { to: 'step', step, data } });
export const startFlow = (flow: string, data?: Record<string, unknown>, step?: string): Outcome => ({ next: { to: 'flow', flow, data, step } });
export const toMenu = (say?: OutgoingMessage[]): Outcome => ({ say, next: { to: 'menu' } });
export const stay = (say?: OutgoingMessage[], data?: Record<string, unknown>): Outcome => ({ say, next: { to: 'stay', data } });
export const repeat = (say?: OutgoingMessage[], data?: Record<string, unknown>): Outcome => ({ say, next: { to: 'repeat', data } });
