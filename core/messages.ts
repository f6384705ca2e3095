/**
 * The channel-neutral message model. Adapters (terminal, Telegram, Teams) map their updates to an
 * `IncomingMessage` and render `OutgoingMessage`s; the core never sees a channel SDK type.
 */

export const CHANNELS = ['telegram', 'teams', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Files people send that Ponte can pass on (to the tutor, or the tutor's answer). */
export const MEDIA_KINDS = ['voice', 'audio', 'photo', 'document', 'video'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * A voice note, photo, document... as the channel describes it. `ref` is the channel's own handle
 * (Telegram file_id, Teams attachment URL): Ponte never downloads or stores the bytes to relay it.
 */
export interface IncomingMedia {
  type: 'media';
  kind: MediaKind;
  ref: string;
  mimeType?: string;
  /** Bytes, when the channel says. */
  size?: number;
  durationSec?: number;
  caption?: string;
  filename?: string;
}

export type IncomingContent =
  | { type: 'text'; text: string }
  /** A pressed button / chosen action; `data` is what the core put in `Choice.data`. */
  | { type: 'action'; data: string }
  | IncomingMedia
  /** Something the bot cannot read (sticker, location, poll...). */
  | { type: 'unsupported'; what: string }
  /**
   * A submitted form (a Teams Adaptive Card with inputs): `data` is the form's `OutgoingForm.data`,
   * `fields` the values typed or chosen, by field name, as the channel sent them (unchecked text).
   */
  | { type: 'form'; data: string; fields: Record<string, string> };

export interface IncomingMessage {
  channel: Channel;
  /** Where replies go (Telegram chat id, Teams conversation id, console user). */
  chatId: string;
  /** Who speaks, as the channel identifies them. */
  userId: string;
  /** The channel's guess of the user's language (Telegram `language_code`, Teams `locale`). */
  languageHint?: string;
  content: IncomingContent;
  /** The channel's id of this message (Telegram message_id), when it has one: edits refer to it. */
  messageId?: string;
  /** Set when the person changed a message they had sent: `messageId` is the original's, `content` the new one. */
  edited?: true;
}

export interface Choice {
  label: string;
  /** Opaque to adapters; at most 64 bytes (Telegram's callback_data limit). */
  data: string;
}

export interface Attachment {
  kind: 'document' | 'image';
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
  caption?: string;
}

/** One input of a form. Values travel as text; the core validates them when the form comes back. */
export interface FormField {
  name: string;
  label: string;
  kind: 'choice' | 'number' | 'date' | 'text';
  /** For 'choice': the options, at most a screenful (a form is never a list of thousands). */
  options?: Array<{ label: string; value: string }>;
  /** The value shown when the form opens (a value typed before, kept when the form comes back with errors). */
  value?: string;
  required?: boolean;
  placeholder?: string;
  /** For 'number'. */
  min?: number;
  max?: number;
  /** For 'date': the latest date the picker offers ('YYYY-MM-DD'). */
  maxDate?: string;
  /** For 'text'. */
  maxLength?: number;
  /** What was wrong with the value last submitted, in the reader's language. */
  error?: string;
}

/**
 * A form that channels able to show one render instead of the message's buttons (Teams: an Adaptive
 * Card with inputs and a submit button). Channels without forms ignore it and show `text` and
 * `choices`, the guided steps.
 */
export interface OutgoingForm {
  /** Sent back as `IncomingContent.form.data` (carries the screen version, like a button). */
  data: string;
  /** The card's text, when it differs from the message's (which is the guided step's question). */
  intro?: string;
  fields: FormField[];
  submitLabel: string;
  /** Problems with the form as a whole, shown above the fields. */
  errors?: string[];
  /** The buttons shown with the form, instead of the message's choices (e.g. Back and Menu). */
  choices?: Choice[][];
}

/**
 * A file some channel already holds, to send again by its handle (`ref`, valid on `channel` only):
 * relayed voice notes and photos never pass through Ponte as bytes. A channel that cannot send it
 * shows the message text, which always says what the file is.
 */
export interface MediaReference {
  kind: MediaKind;
  channel: Channel;
  ref: string;
  mimeType?: string;
  filename?: string;
}

export interface OutgoingMessage {
  text: string;
  /** Rows of buttons. */
  choices?: Choice[][];
  /** Rendered by channels that can show forms (Teams); others use `text` and `choices`. */
  form?: OutgoingForm;
  attachments?: Attachment[];
  /** Files sent by reference after the text (see MediaReference). */
  media?: MediaReference[];
  /** Text direction of the recipient's language, so adapters can align if they can. */
  dir?: 'ltr' | 'rtl';
}

export function textOf(content: IncomingContent): string | undefined {
  return content.type === 'text' ? content.text : undefined;
}
