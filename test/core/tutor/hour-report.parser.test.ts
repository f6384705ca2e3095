import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SERVICE_AREAS, type ServiceArea } from '../../../core/programme/programme';
import { parseHourReport, type ParseErrorCode, type PartialHourReport } from '../../../core/tutor/hour-report.parser';

/** A Wednesday. */
const TODAY = '2026-11-25';
const YESTERDAY = '2026-11-24';

type Good = [line: string, hours: number, area: ServiceArea, who: string, date: string, note?: string];
type Bad = [line: string, errors: ParseErrorCode[], partial?: PartialHourReport];

const good: Good[] = [
  // The brief's examples.
  ['3 ore tutoraggio Ahmed ieri', 3, 'tutoring', 'Ahmed', YESTERDAY],
  ['2h orientamento specialistico B-0042 20/11', 2, 'specialist_orientation', 'B-0042', '2026-11-20'],
  ['1,5 accoglienza Fatima oggi', 1.5, 'reception', 'Fatima', TODAY],
  ['2 hours tutoring Ahmed yesterday', 2, 'tutoring', 'Ahmed', YESTERDAY],
  ['tutoring 2.5h Fatima Bah 2026-11-20', 2.5, 'tutoring', 'Fatima Bah', '2026-11-20'],
  ['4 ore orientamento lavoro Ahmed lunedì', 4, 'job_orientation', 'Ahmed', '2026-11-23'],
  // Hour tokens.
  ['3 tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3h tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 h tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['1 ora accoglienza Fatima', 1, 'reception', 'Fatima', TODAY],
  ['1 hour reception Fatima', 1, 'reception', 'Fatima', TODAY],
  ['3hrs tutoring Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['2 hr tutoring Ahmed', 2, 'tutoring', 'Ahmed', TODAY],
  ['1½ ore tutoraggio Ahmed', 1.5, 'tutoring', 'Ahmed', TODAY],
  ['1 ½ ore tutoraggio Ahmed', 1.5, 'tutoring', 'Ahmed', TODAY],
  ['½ ora accoglienza Fatima', 0.5, 'reception', 'Fatima', TODAY],
  ["mezz'ora accoglienza Fatima", 0.5, 'reception', 'Fatima', TODAY],
  ['half an hour reception Fatima', 0.5, 'reception', 'Fatima', TODAY],
  ["un'ora tutoraggio Ahmed", 1, 'tutoring', 'Ahmed', TODAY],
  ['2 ore e mezza tutoraggio Ahmed', 2.5, 'tutoring', 'Ahmed', TODAY],
  ['2 hours and a half tutoring Ahmed', 2.5, 'tutoring', 'Ahmed', TODAY],
  ['90 min tutoraggio Ahmed', 1.5, 'tutoring', 'Ahmed', TODAY],
  ['2 ore e 30 minuti tutoraggio Ahmed', 2.5, 'tutoring', 'Ahmed', TODAY],
  ['1h30 tutoraggio Ahmed', 1.5, 'tutoring', 'Ahmed', TODAY],
  ['0,5 accoglienza Fatima', 0.5, 'reception', 'Fatima', TODAY],
  ['2,5h tutoraggio Ahmed', 2.5, 'tutoring', 'Ahmed', TODAY],
  ['ore 3 tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['tutoraggio Ahmed 2', 2, 'tutoring', 'Ahmed', TODAY],
  ['12 ore tutoraggio Ahmed', 12, 'tutoring', 'Ahmed', TODAY],
  // Case and accents.
  ['TUTORAGGIO 3 ORE AHMED IERI', 3, 'tutoring', 'AHMED', YESTERDAY],
  ['3 Ore Tutoraggio ahmed Ieri', 3, 'tutoring', 'ahmed', YESTERDAY],
  ['4 ore orientamento lavoro Ahmed lunedi', 4, 'job_orientation', 'Ahmed', '2026-11-23'],
  ['4 ore ORIENTAMENTO LAVORO Ahmed LUNEDÌ', 4, 'job_orientation', 'Ahmed', '2026-11-23'],
  // Area synonyms.
  ['2 ore presa in carico Fatima', 2, 'reception', 'Fatima', TODAY],
  ['2 hours intake Fatima', 2, 'reception', 'Fatima', TODAY],
  ['2 ore accoglienza e presa in carico Fatima', 2, 'reception', 'Fatima', TODAY],
  ['2 ore orientamento di secondo livello Ahmed', 2, 'specialist_orientation', 'Ahmed', TODAY],
  ['2 hours specialist orientation Ahmed', 2, 'specialist_orientation', 'Ahmed', TODAY],
  ['2 ore tutor didattico Ahmed', 2, 'tutoring', 'Ahmed', TODAY],
  ['2 ore orientamento al lavoro Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 ore orientamento opportunità occupazionali Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 ore orientamento opportunita occupazionali Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ["2 ore orientamento per l'individuazione delle opportunità occupazionali Ahmed", 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 ore ricerca lavoro Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 hours job orientation Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 hours job search Ahmed', 2, 'job_orientation', 'Ahmed', TODAY],
  ['2 ore azione complementare Ahmed', 2, 'complementary', 'Ahmed', TODAY],
  ['2 ore complementare Ahmed', 2, 'complementary', 'Ahmed', TODAY],
  ['2 ore attivita complementare Ahmed', 2, 'complementary', 'Ahmed', TODAY],
  ['2 hours complementary Ahmed', 2, 'complementary', 'Ahmed', TODAY],
  // Dates.
  ['3 ore tutoraggio Ahmed 20/11/2026', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 20-11-2026', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 2026-11-20', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 20/11/26', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 20.11', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 5.3', 3, 'tutoring', 'Ahmed', '2026-03-05'],
  ['3 ore tutoraggio Ahmed 20-11', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 25/11', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tutoraggio Ahmed 30/11', 3, 'tutoring', 'Ahmed', '2025-11-30'],
  ['3 ore tutoraggio Ahmed 1/1', 3, 'tutoring', 'Ahmed', '2026-01-01'],
  ['3 ore tutoraggio Ahmed 20 novembre', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed 1 dicembre', 3, 'tutoring', 'Ahmed', '2025-12-01'],
  ['3 hours tutoring Ahmed 20 nov 2025', 3, 'tutoring', 'Ahmed', '2025-11-20'],
  ['3 ore tutoraggio Ahmed il 20/11', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed del 20/11', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 hours tutoring Ahmed on 20/11', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ["3 ore tutoraggio Ahmed dell'11/11", 3, 'tutoring', 'Ahmed', '2026-11-11'],
  ['3 ore tutoraggio Ahmed oggi', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 hours tutoring Ahmed today', 3, 'tutoring', 'Ahmed', TODAY],
  ["3 ore tutoraggio Ahmed l'altro ieri", 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ["3 ore tutoraggio Ahmed l'altroieri", 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 ore tutoraggio Ahmed l’altro ieri', 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 ore tutoraggio Ahmed altroieri', 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 hours tutoring Ahmed the day before yesterday', 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 ore tutoraggio Ahmed oggi today', 3, 'tutoring', 'Ahmed', TODAY],
  // Weekdays: today (Wednesday) is today; "scorso"/"last" on today's weekday is a week ago.
  ['3 ore tutoraggio Ahmed martedì', 3, 'tutoring', 'Ahmed', YESTERDAY],
  ['3 ore tutoraggio Ahmed mercoledì', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tutoraggio Ahmed mercoledì scorso', 3, 'tutoring', 'Ahmed', '2026-11-18'],
  ['3 ore tutoraggio Ahmed giovedì', 3, 'tutoring', 'Ahmed', '2026-11-19'],
  ['3 ore tutoraggio Ahmed venerdi', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['3 ore tutoraggio Ahmed sabato', 3, 'tutoring', 'Ahmed', '2026-11-21'],
  ['3 ore tutoraggio Ahmed domenica', 3, 'tutoring', 'Ahmed', '2026-11-22'],
  ['3 hours tutoring Ahmed monday', 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 hours tutoring Ahmed last monday', 3, 'tutoring', 'Ahmed', '2026-11-23'],
  ['3 hours tutoring Ahmed last Wednesday', 3, 'tutoring', 'Ahmed', '2026-11-18'],
  ['3 hours tutoring Ahmed Sunday', 3, 'tutoring', 'Ahmed', '2026-11-22'],
  // "d.m" versus decimal hours.
  ['2.5 tutoraggio Ahmed 20.11', 2.5, 'tutoring', 'Ahmed', '2026-11-20'],
  ['20.11 tutoraggio Ahmed 1.5', 1.5, 'tutoring', 'Ahmed', '2026-11-20'],
  ['1.5 accoglienza Fatima', 1.5, 'reception', 'Fatima', TODAY],
  // Other scripts' digits.
  ['٣ ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['٣٫٥ ore tutoraggio Ahmed', 3.5, 'tutoring', 'Ahmed', TODAY],
  ['۳ ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['۱٫۵ accoglienza Fatima', 1.5, 'reception', 'Fatima', TODAY],
  ['３ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['１．５ ore tutoraggio Ahmed', 1.5, 'tutoring', 'Ahmed', TODAY],
  ['৩ ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['३ ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tutoraggio Ahmed ٢٠/١١', 3, 'tutoring', 'Ahmed', '2026-11-20'],
  ['2 ore tutoraggio B-٠٠٤٢', 2, 'tutoring', 'B-0042', TODAY],
  // Emoji, invisible characters, spaces.
  ['3 ore 👍 tutoraggio Ahmed ieri 🙏', 3, 'tutoring', 'Ahmed', YESTERDAY],
  ['3️⃣ ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['👨‍👩‍👧 2h tutoring Ahmed', 2, 'tutoring', 'Ahmed', TODAY],
  ['🇮🇹 3 ore tutoraggio Ahmed👍🏽', 3, 'tutoring', 'Ahmed', TODAY],
  ['3\u200Bore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tuto\u200Braggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['\u200F3 ore tutoraggio أحمد ieri\u200E', 3, 'tutoring', 'أحمد', YESTERDAY],
  ['\uFEFF3 ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['\u20683 ore tutoraggio Ahmed\u2069', 3, 'tutoring', 'Ahmed', TODAY],
  ['3 ore tutoraggio A\u00ADhmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['\u202B3 ore tutoraggio Ahmed\u202C', 3, 'tutoring', 'Ahmed', TODAY],
  ['  3   ore   tutoraggio    Ahmed  ', 3, 'tutoring', 'Ahmed', TODAY],
  ['3\u00A0ore\ttutoraggio\nAhmed', 3, 'tutoring', 'Ahmed', TODAY],
  ['3\u3000ore tutoraggio Ahmed', 3, 'tutoring', 'Ahmed', TODAY],
  // Fillers and names.
  ['ho fatto 3 ore di tutoraggio con Ahmed ieri', 3, 'tutoring', 'Ahmed', YESTERDAY],
  ['3 ore di accoglienza per Fatima Bah', 3, 'reception', 'Fatima Bah', TODAY],
  ['2 ore accoglienza Di Stefano Maria', 2, 'reception', 'Di Stefano Maria', TODAY],
  ['2 ore tutoraggio beneficiario B-0042', 2, 'tutoring', 'B-0042', TODAY],
  ['2 ore tutoraggio Mohamed El Amrani ieri', 2, 'tutoring', 'Mohamed El Amrani', YESTERDAY],
  ['2 ore tutoraggio Ahmed, ieri.', 2, 'tutoring', 'Ahmed', YESTERDAY],
  ["2 ore tutoraggio Ahmed Sa'id", 2, 'tutoring', "Ahmed Sa'id", TODAY],
  ['2 ore tutoraggio Nguyễn Thị Lan', 2, 'tutoring', 'Nguyễn Thị Lan', TODAY],
  ['2 ore tutoraggio أحمد محمد', 2, 'tutoring', 'أحمد محمد', TODAY],
  ['2 ore tutoraggio Ahmed -', 2, 'tutoring', 'Ahmed', TODAY],
  ['2 ore tutoraggio Ahmed H. ieri', 2, 'tutoring', 'Ahmed H', YESTERDAY],
  ['tutoraggio Ahmed h 2', 2, 'tutoring', 'Ahmed', TODAY],
  ['2h tutoraggio Ahmed 3', 2, 'tutoring', 'Ahmed 3', TODAY],
  // Notes.
  ['3 ore tutoraggio Ahmed ieri - colloquio PFI', 3, 'tutoring', 'Ahmed', YESTERDAY, 'colloquio PFI'],
  ['3 ore tutoraggio Ahmed nota: portato il CV', 3, 'tutoring', 'Ahmed', TODAY, 'portato il CV'],
  ['2 hours tutoring Ahmed note: CV update - ok', 2, 'tutoring', 'Ahmed', TODAY, 'CV update - ok'],
  ['3 ore tutoraggio Ahmed 20-11-2026 — ok', 3, 'tutoring', 'Ahmed', '2026-11-20', 'ok'],
  ['3 ore tutoraggio Ahmed - ieri', 3, 'tutoring', 'Ahmed', TODAY, 'ieri'],
];

const bad: Bad[] = [
  ['', ['empty'], {}],
  ['   ', ['empty'], {}],
  ['\u200B\u200F\uFEFF', ['empty'], {}],
  ['👍🙏', ['empty'], {}],
  ['3 ore tutoraggio ' + 'A'.repeat(484), ['too_long'], {}],
  ['x'.repeat(5000), ['too_long'], {}],
  ['tutoraggio Ahmed ieri', ['missing_hours'], { area: 'tutoring', beneficiaryQuery: 'Ahmed', date: YESTERDAY }],
  ['abc ore tutoraggio Ahmed', ['invalid_hours'], { rawHours: 'abc', area: 'tutoring', beneficiaryQuery: 'Ahmed' }],
  ['0 ore tutoraggio Ahmed', ['invalid_hours'], { rawHours: '0' }],
  ['0h tutoraggio Ahmed', ['invalid_hours'], { rawHours: '0h' }],
  ['0 tutoraggio Ahmed', ['invalid_hours'], { rawHours: '0' }],
  ['-2h tutoraggio Ahmed', ['invalid_hours'], { rawHours: '-2h' }],
  ['-2 ore tutoraggio Ahmed', ['invalid_hours'], { rawHours: '-2' }],
  ['1,5,5 ore tutoraggio Ahmed', ['invalid_hours'], { rawHours: '1,5,5' }],
  ['1000 ore tutoraggio Ahmed', ['invalid_hours'], { rawHours: '1000' }],
  ['25 tutoraggio Ahmed', ['missing_hours']],
  ['2h tutoraggio Ahmed 3h', ['ambiguous_hours'], { area: 'tutoring' }],
  ['3 ore Ahmed ieri', ['missing_area'], { hours: 3, beneficiaryQuery: 'Ahmed', date: YESTERDAY }],
  ['3 ore orientamento Ahmed', ['ambiguous_area'], { hours: 3, areaCandidates: ['specialist_orientation', 'job_orientation'], beneficiaryQuery: 'Ahmed' }],
  ['3 hours orientation Ahmed', ['ambiguous_area'], { areaCandidates: ['specialist_orientation', 'job_orientation'] }],
  ['3 ore tutoraggio accoglienza Ahmed', ['ambiguous_area'], { areaCandidates: ['tutoring', 'reception'] }],
  ['3 ore tutoraggio ieri', ['missing_beneficiary'], { hours: 3, area: 'tutoring', date: YESTERDAY }],
  ['3 ore tutoraggio con', ['missing_beneficiary']],
  ['3 ore tutoraggio Ahmed 31/02', ['invalid_date'], { rawDate: '31/02', hours: 3, area: 'tutoring', beneficiaryQuery: 'Ahmed' }],
  ['3 ore tutoraggio Ahmed 32/01', ['invalid_date']],
  ['3 ore tutoraggio Ahmed 2026-13-01', ['invalid_date']],
  ['3 ore tutoraggio Ahmed 29/02', ['invalid_date']],
  ['3 ore tutoraggio Ahmed 31/04/2026', ['invalid_date']],
  ['3 ore tutoraggio Ahmed 31.02', ['invalid_date']],
  ['3 ore tutoraggio Ahmed 2026-12-01', ['future_date'], { rawDate: '2026-12-01' }],
  ['3 ore tutoraggio Ahmed 26/11/2026', ['future_date']],
  ['3 ore tutoraggio Ahmed ieri 20/11', ['ambiguous_date'], { rawDate: 'ieri 20/11' }],
  ['orientamento Ahmed', ['missing_hours', 'ambiguous_area']],
  ['Ahmed', ['missing_hours', 'missing_area'], { beneficiaryQuery: 'Ahmed', date: TODAY }],
  ['3', ['missing_area', 'missing_beneficiary'], { hours: 3 }],
  ['nota: solo una nota', ['missing_hours', 'missing_area', 'missing_beneficiary'], { note: 'solo una nota' }],
  ['ore tutoraggio', ['missing_hours', 'missing_beneficiary']],
];

describe('parseHourReport', () => {
  it('has 100+ table cases', () => {
    expect(good.length + bad.length).toBeGreaterThanOrEqual(100);
  });

  it.each(good)('parses %j', (line, hours, area, who, date, note) => {
    const r = parseHourReport(line, TODAY);
    const value = note === undefined ? { hours, area, beneficiaryQuery: who, date } : { hours, area, beneficiaryQuery: who, date, note };
    expect(r).toEqual({ ok: true, value });
  });

  it.each(bad)('rejects %j', (line, errors, partial) => {
    const r = parseHourReport(line, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(errors);
    if (partial) expect(r.partial).toMatchObject(partial);
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
