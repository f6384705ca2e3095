/** The pure rules of relaying: joining the parts of a long text, and which files may go where. */
import { describe, expect, it } from 'vitest';
import { JOIN_WINDOW_MS, joinParts, joinStep, pendingOf, SPLIT_PART_MIN } from '../../../core/relay/long-text';
import { describeMedia, formatDuration, MAX_MEDIA_BYTES, mediaReaches, refuseMedia } from '../../../core/relay/media-policy';
import type { IncomingMedia } from '../../../core/messages';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, s));
const part = (c: string) => c.repeat(4096);

describe('long texts', () => {
  it('a short text is complete at once', () => {
    expect(joinStep(undefined, 'hello', 'telegram:1:5', at(0))).toEqual({ kind: 'complete', text: 'hello', sourceRef: 'telegram:1:5' });
  });

  it('a part as long as Telegram cuts waits for the next; a shorter part ends it', () => {
    const first = joinStep(undefined, part('a'), 'telegram:1:5', at(0));
    expect(first).toMatchObject({ kind: 'wait', pending: { parts: [part('a')], sourceRef: 'telegram:1:5' } });
    const second = joinStep(first.kind === 'wait' ? first.pending : undefined, part('b'), 'telegram:1:6', at(1));
    expect(second.kind).toBe('wait');
    const last = joinStep(second.kind === 'wait' ? second.pending : undefined, 'end', 'telegram:1:7', at(2));
    expect(last).toEqual({ kind: 'complete', text: `${part('a')}\n${part('b')}\nend`, sourceRef: 'telegram:1:5' });
  });

  it('a text long after the pending parts is not glued to them', () => {
    const first = joinStep(undefined, part('a'), null, at(0));
    if (first.kind !== 'wait') throw new Error('expected wait');
    expect(joinStep(first.pending, 'hello', null, new Date(at(0).getTime() + JOIN_WINDOW_MS + 1)).kind).toBe('stale');
  });

  it('keeps the space Telegram left at a cut, adds a line break where it left none', () => {
    expect(joinParts(['one ', 'two'])).toBe('one two');
    expect(joinParts(['one', ' two'])).toBe('one two');
    expect(joinParts(['one', 'two'])).toBe('one\ntwo');
  });

  it('reads pending parts back from stored JSON, and nothing else', () => {
    const stored = JSON.parse(JSON.stringify({ long: { parts: ['a'], at: 5, sourceRef: null } })) as Record<string, unknown>;
    expect(pendingOf(stored)).toEqual({ parts: ['a'], at: 5, sourceRef: null });
    expect(pendingOf({ long: { parts: [1], at: 5 } })).toBeUndefined();
    expect(pendingOf({})).toBeUndefined();
  });

  it('counts Telegram’s own part length as a part', () => {
    expect(SPLIT_PART_MIN).toBeLessThanOrEqual(4096);
    expect(joinStep(undefined, 'x'.repeat(SPLIT_PART_MIN - 1), null, at(0)).kind).toBe('complete');
  });
});

describe('files', () => {
  const voice: IncomingMedia = { type: 'media', kind: 'voice', ref: 'AwACAgQAAxkBAAIB', durationSec: 42, size: 90_000, mimeType: 'audio/ogg' };
  const doc = (mimeType: string | undefined, filename?: string): IncomingMedia => ({ type: 'media', kind: 'document', ref: 'BQACAgQ', mimeType, filename, size: 1000 });

  it.each([
    ['a voice note', voice, undefined],
    ['a voice note of 11 minutes', { ...voice, durationSec: 660 }, 'relay:media.tooLong'],
    ['a file of 21 MB', { ...voice, size: MAX_MEDIA_BYTES + 1 }, 'relay:media.tooBig'],
    ['a PDF', doc('application/pdf', 'contratto.pdf'), undefined],
    ['a Word file', doc('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'cv.docx'), undefined],
    ['a photo sent as a file', doc('image/jpeg', 'IMG_1.jpg'), undefined],
    ['a PDF Telegram did not type', doc(undefined, 'busta.PDF'), undefined],
    ['a program', doc('application/x-msdownload', 'setup.exe'), 'relay:media.badType'],
    ['an Android package', doc('application/vnd.android.package-archive', 'app.apk'), 'relay:media.badType'],
    ['a file without a handle', { ...voice, ref: '' }, 'relay:media.unreadable'],
    ['a caption of 2000 characters', { ...voice, caption: 'x'.repeat(2000) }, 'relay:media.captionTooLong'],
  ])('%s', (_what, media, refusal) => expect(refuseMedia(media as IncomingMedia, 'telegram')?.key).toBe(refusal));

  it('refuses anything sent on Teams: its handles cannot be sent again elsewhere', () => {
    expect(refuseMedia(voice, 'teams')?.key).toBe('relay:media.otherChannel');
  });

  it('reaches a recipient only on the channel the handle belongs to', () => {
    expect(mediaReaches('telegram', ['telegram'])).toBe(true);
    expect(mediaReaches('telegram', ['teams', 'telegram'])).toBe(true);
    expect(mediaReaches('telegram', ['teams'])).toBe(false);
    expect(mediaReaches('teams', ['teams'])).toBe(false);
    expect(mediaReaches('telegram', [])).toBe(false);
  });

  it('says what the file is', () => {
    const t = (key: string, p?: Record<string, unknown>) => `${key}${p ? JSON.stringify(p) : ''}`;
    expect(describeMedia({ t }, { kind: 'voice', durationSec: 75, filename: null })).toBe('relay:media.voice{"duration":"1:15"}');
    expect(describeMedia({ t }, { kind: 'document', durationSec: null, filename: 'cv.pdf' })).toBe('relay:media.document{"name":"cv.pdf"}');
    expect(formatDuration(3)).toBe('0:03');
    expect(formatDuration(605)).toBe('10:05');
  });
});
