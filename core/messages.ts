/**
 * The channel-neutral message model. Adapters (terminal, Telegram, Teams) map their updates to an
 * `IncomingMessage` and render `OutgoingMessage`s; the core never sees a channel SDK type.
 */

export const CHANNELS = ['telegram', 'teams', 'console'] as const;
export type Channel = (typeof CHANNELS)[number];

export type IncomingContent =
  | { type: 'text'; text: string }
  /** A pressed button / chosen action; `data` is what the core put in `Choice.data`. */
  | { type: 'action'; data: string }
  /** Something the bot cannot read (photo, voice, sticker, location, document...). */
  | { type: 'unsupported'; what: string };

export interface IncomingMessage {
  channel: Channel;
  /** Where replies go (Telegram chat id, Teams conversation id, console user). */
  chatId: string;
  /** Who speaks, as the channel identifies them. */
  userId: string;
  /** The channel's guess of the user's language (Telegram `language_code`, Teams `locale`). */
  languageHint?: string;
  content: IncomingContent;
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

export interface OutgoingMessage {
  text: string;
  /** Rows of buttons. */
  choices?: Choice[][];
  attachments?: Attachment[];
  /** Text direction of the recipient's language, so adapters can align if they can. */
  dir?: 'ltr' | 'rtl';
}

export function textOf(content: IncomingContent): string | undefined {
  return content.type === 'text' ? content.text : undefined;
}
