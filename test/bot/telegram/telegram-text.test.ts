/** Splitting long texts for Telegram's 4096-character limit. */
import { describe, expect, it } from 'vitest';
import { splitMessage } from '../../../bot/telegram/telegram.text';

describe('splitMessage', () => {
  it.each([
    ['short text', 'Ciao', ['Ciao']],
    ['empty text', '', ['']],
    ['at the limit', 'a'.repeat(10), ['a'.repeat(10)]],
  ])('%s stays whole', (_name, text, expected) => {
    expect(splitMessage(text, 10)).toEqual(expected);
  });

  it('prefers a paragraph break, then a line break, then a space', () => {
    expect(splitMessage('aaaaaa\n\nbbbb cc', 10)).toEqual(['aaaaaa', 'bbbb cc']);
    expect(splitMessage('aaaaaa\nbbbb cc', 10)).toEqual(['aaaaaa', 'bbbb cc']);
    expect(splitMessage('aaaaaa bbbbbb', 10)).toEqual(['aaaaaa', 'bbbbbb']);
  });

  it('cuts hard a text without breaks, never inside a surrogate pair', () => {
    const parts = splitMessage('🙂'.repeat(9), 10);
    expect(parts.join('')).toBe('🙂'.repeat(9));
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(10);
      expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it('keeps Arabic, digits of other scripts and zero-width characters intact', () => {
    const text = ('مرحبا ٣ ۳ \u200B ').repeat(2000);
    const parts = splitMessage(text);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
  });
});
