/**
 * What may be relayed as a file, and where it can go. Pure.
 *
 * Files travel by the channel's own handle (a Telegram file_id), never as bytes through Ponte: nothing
 * is stored but the handle, and erasing the message row erases it. A handle is valid only on the
 * channel that gave it, so a file reaches the other person only when they are on that channel too.
 * Across channels (a beneficiary on Telegram, a tutor on Teams) the file would have to be downloaded
 * and uploaded again, and Teams shows only pictures sent that way; the sender is told at once instead.
 */
import type { Channel, IncomingMedia, MediaKind } from '../messages';
import type { TranslationParams } from '../ports/translator';

/** Telegram bots can download files up to 20 MB: a larger one could never be fetched again, so it is refused. */
export const MAX_MEDIA_BYTES = 20 * 1024 * 1024;
/** A voice note or video longer than this is not a message a tutor can listen to between two meetings. */
export const MAX_MEDIA_SECONDS = 10 * 60;
export const MAX_CAPTION_CHARS = 1024;

/** Channels that can send a file again by the handle one of their messages gave. */
export const RESEND_BY_REFERENCE: readonly Channel[] = ['telegram'];

/** Documents people need to pass on (a letter, a payslip, a contract): PDFs, pictures, text and office files. */
const DOCUMENT_TYPES = [
  /^application\/pdf$/,
  /^image\//,
  /^text\/plain$/,
  /^application\/msword$/,
  /^application\/vnd\.openxmlformats-officedocument\.(wordprocessingml|spreadsheetml)\./,
  /^application\/vnd\.oasis\.opendocument\.(text|spreadsheet)$/,
  /^application\/vnd\.ms-excel$/,
  /^application\/rtf$/,
];
const DOCUMENT_EXTENSIONS = /\.(pdf|jpe?g|png|heic|webp|txt|docx?|xlsx?|odt|ods|rtf)$/i;

/** A relayed file as stored: the handle and what the channel said about it. */
export interface RelayMedia {
  kind: MediaKind;
  channel: Channel;
  ref: string;
  mimeType: string | null;
  size: number | null;
  durationSec: number | null;
  filename: string | null;
}

export interface MediaRefusal {
  key: string;
  params?: TranslationParams;
}

/** Why this file, sent on `channel`, cannot be relayed (channel, size, length, type), or undefined when it can. */
export function refuseMedia(m: IncomingMedia, channel: Channel): MediaRefusal | undefined {
  if (!RESEND_BY_REFERENCE.includes(channel)) return { key: 'relay:media.otherChannel' };
  if (!m.ref || m.ref.length > 512) return { key: 'relay:media.unreadable' };
  if (m.size !== undefined && m.size > MAX_MEDIA_BYTES) return { key: 'relay:media.tooBig', params: { max: MAX_MEDIA_BYTES / 1024 / 1024 } };
  if (m.durationSec !== undefined && m.durationSec > MAX_MEDIA_SECONDS) return { key: 'relay:media.tooLong', params: { max: MAX_MEDIA_SECONDS / 60 } };
  if (m.caption !== undefined && m.caption.length > MAX_CAPTION_CHARS) return { key: 'relay:media.captionTooLong', params: { max: MAX_CAPTION_CHARS } };
  if (m.kind === 'document') {
    const typeOk = m.mimeType ? DOCUMENT_TYPES.some((re) => re.test(m.mimeType!)) : false;
    const nameOk = m.filename ? DOCUMENT_EXTENSIONS.test(m.filename) : false;
    if (!typeOk && !nameOk) return { key: 'relay:media.badType' };
  }
  return undefined;
}

/** Whether a file from `source` can reach someone who uses `recipientChannels`. */
export function mediaReaches(source: Channel, recipientChannels: readonly Channel[]): boolean {
  return RESEND_BY_REFERENCE.includes(source) && recipientChannels.includes(source);
}

/** The stored form of an incoming file (the caption goes in the message text). */
export function toRelayMedia(channel: Channel, m: IncomingMedia): RelayMedia {
  return { kind: m.kind, channel, ref: m.ref, mimeType: m.mimeType ?? null, size: m.size ?? null, durationSec: m.durationSec ?? null, filename: m.filename?.slice(0, 200) ?? null };
}

/** "0:42", "12:05": minutes and seconds, the way phones show a voice note. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One line that says what the file is ("🎤 Voice message (0:42)"), so a screen that cannot show it still tells. */
export function describeMedia(r: { t(key: string, params?: TranslationParams): string }, m: Pick<RelayMedia, 'kind' | 'durationSec' | 'filename'>): string {
  if (m.kind === 'document') return r.t('relay:media.document', { name: m.filename || '—' });
  if (m.kind === 'photo') return r.t('relay:media.photo');
  return r.t(`relay:media.${m.kind}`, { duration: m.durationSec !== null && m.durationSec !== undefined ? formatDuration(m.durationSec) : '—' });
}
