/**
 * Maps a Telegram message to the core's neutral IncomingContent: text; a voice note, audio, photo,
 * document or video by its file_id (the bytes stay at Telegram); or "something I cannot read".
 */
import type { Message } from 'grammy/types';
import type { IncomingContent, IncomingMedia, MediaKind } from '../../core/messages';

/** Kinds of message we cannot read or pass on, by the field Telegram sets; the first one present names it. */
const UNSUPPORTED_KINDS = ['sticker', 'animation', 'location', 'venue', 'contact', 'poll', 'dice', 'story'] as const;

type Described = Omit<IncomingMedia, 'type' | 'kind' | 'caption'>;

/** The media content, without the fields Telegram left out (the core stores what it gets). */
function media(m: Message, kind: MediaKind, described: Described): IncomingMedia {
  const fields = Object.fromEntries(Object.entries(described).filter(([, v]) => v !== undefined)) as Described;
  return { type: 'media', kind, ...fields, ...(typeof m.caption === 'string' && m.caption.trim() ? { caption: m.caption } : {}) };
}

function mediaOf(m: Message): IncomingMedia | undefined {
  if (m.voice) return media(m, 'voice', { ref: m.voice.file_id, mimeType: m.voice.mime_type, size: m.voice.file_size, durationSec: m.voice.duration });
  if (m.audio) return media(m, 'audio', { ref: m.audio.file_id, mimeType: m.audio.mime_type, size: m.audio.file_size, durationSec: m.audio.duration, filename: m.audio.file_name });
  if (m.video) return media(m, 'video', { ref: m.video.file_id, mimeType: m.video.mime_type, size: m.video.file_size, durationSec: m.video.duration, filename: m.video.file_name });
  // A round video message: sent again as an ordinary video.
  if (m.video_note) return media(m, 'video', { ref: m.video_note.file_id, mimeType: 'video/mp4', size: m.video_note.file_size, durationSec: m.video_note.duration });
  if (m.photo?.length) {
    // Telegram lists the sizes smallest first; the largest is what the person took.
    const largest = m.photo[m.photo.length - 1]!;
    return media(m, 'photo', { ref: largest.file_id, mimeType: 'image/jpeg', size: largest.file_size });
  }
  if (m.document) return media(m, 'document', { ref: m.document.file_id, mimeType: m.document.mime_type, size: m.document.file_size, filename: m.document.file_name });
  return undefined;
}

export function contentOfMessage(message: Message): IncomingContent {
  if (typeof message.text === 'string') return { type: 'text', text: message.text };
  const media = mediaOf(message);
  if (media) return media;
  const what = UNSUPPORTED_KINDS.find((k) => k in message) ?? 'other';
  return { type: 'unsupported', what };
}
