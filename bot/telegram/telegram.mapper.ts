/** Maps a Telegram message to the core's neutral IncomingContent: text, or "something I cannot read". */
import type { Message } from 'grammy/types';
import type { IncomingContent } from '../../core/messages';

/** Kinds of message we cannot read, by the field Telegram sets; the first one present names it. */
const UNSUPPORTED_KINDS = [
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'sticker',
  'animation',
  'document',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'story',
] as const;

export function contentOfMessage(message: Message): IncomingContent {
  // A photo with a caption is still a photo: we cannot read the picture the caption is about.
  if (typeof message.text === 'string') return { type: 'text', text: message.text };
  const what = UNSUPPORTED_KINDS.find((k) => k in message) ?? 'other';
  return { type: 'unsupported', what };
}
