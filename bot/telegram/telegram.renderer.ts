/**
 * Turns the core's OutgoingMessages into Telegram sends: text split to fit, choices as an inline
 * keyboard on the last part, attachments as documents or photos, relayed files sent again by their
 * file_id. We send plain text (no parse_mode), so nothing a user typed (a name, a note) can be read as
 * markup and nothing needs escaping.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Attachment, Choice, MediaKind, OutgoingMessage } from '../../core/messages';
import { splitMessage, TELEGRAM_CAPTION_LIMIT } from './telegram.text';

export type ResendMethod = 'sendVoice' | 'sendAudio' | 'sendPhoto' | 'sendDocument' | 'sendVideo';

export type TelegramSend =
  | { method: 'sendMessage'; text: string; keyboard?: InlineKeyboardMarkup }
  | { method: 'sendDocument' | 'sendPhoto'; file: Attachment; caption?: string }
  /** A file Telegram already holds, sent again by its file_id: no download, no upload. */
  | { method: 'resend'; as: ResendMethod; fileId: string };

export const RESEND_METHOD: Record<MediaKind, ResendMethod> = { voice: 'sendVoice', audio: 'sendAudio', photo: 'sendPhoto', document: 'sendDocument', video: 'sendVideo' };

export function inlineKeyboard(rows: Choice[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.filter((r) => r.length).map((row) => row.map((c) => ({ text: c.label, callback_data: c.data }))) };
}

export function planSends(msg: OutgoingMessage): TelegramSend[] {
  const sends: TelegramSend[] = [];
  const keyboard = msg.choices?.some((r) => r.length) ? inlineKeyboard(msg.choices) : undefined;
  // Buttons need a message to hang on: a file-only message with buttons gets a pointer line.
  const text = msg.text.trim() ? msg.text : keyboard ? '⬇️' : '';
  if (text) {
    const parts = splitMessage(text);
    parts.forEach((part, i) => sends.push({ method: 'sendMessage', text: part, ...(keyboard && i === parts.length - 1 ? { keyboard } : {}) }));
  }
  for (const file of msg.attachments ?? []) {
    const method = file.kind === 'image' ? 'sendPhoto' : 'sendDocument';
    const caption = file.caption?.trim();
    if (caption && caption.length > TELEGRAM_CAPTION_LIMIT) {
      sends.push(...splitMessage(caption).map((part) => ({ method: 'sendMessage' as const, text: part })));
      sends.push({ method, file });
    } else {
      sends.push({ method, file, ...(caption ? { caption } : {}) });
    }
  }
  // A handle from another channel means nothing to Telegram: the text above already says what the file is.
  for (const m of msg.media ?? []) if (m.channel === 'telegram') sends.push({ method: 'resend', as: RESEND_METHOD[m.kind], fileId: m.ref });
  return sends;
}
