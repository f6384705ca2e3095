/** Dates on tutor screens and in invite messages: the Gregorian calendar in every language. */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../core/tutor/tutor-format';

describe('formatDate', () => {
  it.each(['fa', 'ps', 'ar', 'it', 'en'])('shows 2026 (Gregorian, Latin digits) in %s', (lang) => {
    const text = formatDate(lang, '2026-12-08');
    expect(text).toContain('2026');
    expect(text).toContain('8');
    expect(text).not.toContain('1405');
  });
});
