import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICE_AREAS } from '../../../core/programme/programme';
import { parseHourReport } from '../../../core/tutor/hour-report.parser';
import { PHRASINGS, TODAY } from './hour-report.phrasings';

const categories = new Set(PHRASINGS.map((p) => p.category));

describe('parseHourReport', () => {
  it('has a table of 150+ phrasings in every category the tutors write', () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(150);
    for (const c of ['typos', 'abbreviations', 'verbs and fillers', 'number words', 'names as typed', 'future dates', 'missing parts (asked for)', "other scripts' digits", 'emoji and invisible characters', 'empty and very long input']) {
      expect(categories.has(c), c).toBe(true);
    }
  });

  it.each(PHRASINGS.map((p) => [p.category, p.line.length > 80 ? `${p.line.slice(0, 77)}…` : p.line, p] as const))('%s: %j', (_category, _line, p) => {
    const r = parseHourReport(p.line, p.today ?? TODAY);
    if ('errors' in p.reads) {
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual(p.reads.errors);
      if (p.reads.partial) expect(r.partial).toMatchObject(p.reads.partial);
      return;
    }
    const { hours, area, who, date, note } = p.reads;
    expect(r).toEqual({ ok: true, value: { hours, area, beneficiaryQuery: who, date, ...(note !== undefined ? { note } : {}) } });
  });

  it('accepts exactly 500 code points and measures in code points, not UTF-16 units', () => {
    expect(parseHourReport('3 ore tutoraggio ' + 'A'.repeat(483), TODAY).ok).toBe(true);
    // 𝐀 (U+1D400) is two UTF-16 units; NFKC makes it "A".
    expect(parseHourReport('3 ore tutoraggio ' + '𝐀'.repeat(483), TODAY).ok).toBe(true);
  });

  it('answers long and adversarial lines (no catastrophic backtracking)', () => {
    const lines = [
      'x'.repeat(5000),
      '3 ore tutoraggio '.repeat(300),
      '1'.repeat(5000),
      '\u200B'.repeat(5000),
      '1.1.1.1,'.repeat(600),
      'orientamento '.repeat(38),
      '1 '.repeat(249),
      "l'".repeat(249),
    ];
    // Speed is not asserted here (benchmarks measure speed): a catastrophic regex would hang and hit
    // the test timeout; what is asserted is that each line gets an answer.
    for (const line of lines) expect(typeof parseHourReport(line, TODAY).ok).toBe('boolean');
    expect(parseHourReport('3 ore tutoraggio '.repeat(300), TODAY)).toMatchObject({ ok: false, errors: ['too_long'] });
    const huge = 'a'.repeat(5_000_000);
    expect(parseHourReport(huge, TODAY)).toEqual({ ok: false, errors: ['too_long'], partial: {} });
  });

  it('honours maxLength', () => {
    expect(parseHourReport('3 ore tutoraggio Ahmed', TODAY, { maxLength: 10 })).toMatchObject({ ok: false, errors: ['too_long'] });
  });

  it('resolves "29/02" to the last leap day within a year', () => {
    expect(parseHourReport('3 ore tutoraggio Ahmed 29/02', '2025-01-10')).toMatchObject({ ok: true, value: { date: '2024-02-29' } });
    expect(parseHourReport('3 ore tutoraggio Ahmed 29/02', '2028-03-01')).toMatchObject({ ok: true, value: { date: '2028-02-29' } });
  });

  it('rejects an invalid today as a programming error', () => {
    expect(() => parseHourReport('3 ore tutoraggio Ahmed', '25/11/2026')).toThrow(RangeError);
  });

  it('never throws on non-string input', () => {
    expect(parseHourReport(undefined as unknown as string, TODAY)).toMatchObject({ ok: false, errors: ['empty'] });
  });
});

describe('parseHourReport properties', () => {
  const todayArb = fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const fragments = [
    '3', '1,5', '٣٫٥', '۱٫۵', '０', '½', 'ore', 'h', '2h', 'hours', 'e', 'mezza', 'min', 'tutoraggio', 'orientamento', 'lavoro', 'specialistico', 'accoglienza',
    'complementare', 'job', 'search', 'Ahmed', 'B-0042', 'ieri', "l'altro", 'oggi', 'lunedì', 'scorso', '20/11', '31/02', '29.02', '2026-11-20', '20',
    'novembre', '-', '—', 'nota:', '👍', '\u200B', '\u200F', ',', '.', '  ',
  ];
  const soup = fc.array(fc.constantFrom(...fragments), { maxLength: 14 }).map((a) => a.join(' '));
  const lines = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 700 }), soup);

  it('never throws, and ok results are well formed', () => {
    fc.assert(
      fc.property(lines, todayArb, (line, today) => {
        const r = parseHourReport(line, today);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          return;
        }
        expect(r.value.hours).toBeGreaterThan(0);
        expect(Number.isFinite(r.value.hours)).toBe(true);
        expect(SERVICE_AREAS).toContain(r.value.area);
        expect(r.value.beneficiaryQuery.trim()).not.toBe('');
        expect(r.value.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(new Date(`${r.value.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(r.value.date);
        expect(r.value.date <= today).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
