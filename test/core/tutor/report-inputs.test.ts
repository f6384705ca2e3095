/**
 * Answers typed at one step of the guided report, and the caseload search.
 */
import { describe, expect, it } from 'vitest';
import { cleanNote, parseDateAnswer, parseHoursAnswer } from '../../../core/tutor/report-inputs';
import { searchBeneficiaries } from '../../../core/tutor/beneficiary-search';

const today = '2026-11-23'; // a Monday

describe('hours typed alone', () => {
  it.each([
    ['2', 2],
    ['1,5', 1.5],
    ['1.5', 1.5],
    ['٣', 3],
    ['۲', 2],
    ['2 ore', 2],
    ['90 min', 1.5],
    ["mezz'ora", 0.5],
    ['1½', 1.5],
  ])('%j → %d', (text, hours) => expect(parseHoursAnswer(text, today)).toBe(hours));

  it.each(['', 'abc', 'due', '0', '-2', '2 ore ieri', 'Ahmed', '2 tutoraggio', 'x'.repeat(100)])('%j is not an amount', (text) => {
    expect(parseHoursAnswer(text, today)).toBeUndefined();
  });
});

describe('dates typed alone', () => {
  it.each([
    ['oggi', '2026-11-23'],
    ['ieri', '2026-11-22'],
    ['yesterday', '2026-11-22'],
    ['20/11', '2026-11-20'],
    ['20/11/2026', '2026-11-20'],
    ['2026-11-20', '2026-11-20'],
    ['venerdì', '2026-11-20'],
    ['١٨/١١', '2026-11-18'],
  ])('%j → %s', (text, date) => expect(parseDateAnswer(text, today)).toEqual({ ok: true, date }));

  it.each([
    ['31/02/2026', 'invalid_date'],
    ['2026-12-01', 'future_date'],
    ['ciao', 'not_a_date'],
    ['', 'not_a_date'],
  ])('%j → %s', (text, code) => expect(parseDateAnswer(text, today)).toEqual({ ok: false, code }));

  it('accepts a future full date only when asked to (an internship starting next month)', () => {
    expect(parseDateAnswer('01/12/2026', today, { allowFuture: true })).toEqual({ ok: true, date: '2026-12-01' });
    expect(parseDateAnswer('2027-01-15', today, { allowFuture: true })).toEqual({ ok: true, date: '2027-01-15' });
    expect(parseDateAnswer('01/12/2026', today)).toEqual({ ok: false, code: 'future_date' });
  });
});

describe('notes', () => {
  it('trims, drops invisible characters, caps the length, and treats blank as no note', () => {
    expect(cleanNote('  colloquio\u200B  in azienda ')).toBe('colloquio in azienda');
    expect(cleanNote(' \u200B ')).toBeUndefined();
    expect([...cleanNote('é'.repeat(400))!].length).toBe(300);
  });
});

describe('caseload search', () => {
  const rows = [
    { code: 'B-0001', fullName: 'Ahmed Hassan' },
    { code: 'B-0006', fullName: 'Ahmed Karimi' },
    { code: 'B-0011', fullName: 'Mohamed Traoré' },
    { code: 'B-0021', fullName: 'Youssef El Amrani' },
    { code: 'B-0042', fullName: 'Ahmedou Diallo' },
  ];
  it.each([
    ['B-0042', ['B-0042']],
    ['b42', ['B-0042']],
    ['0001', ['B-0001']],
    ['Ahmed', ['B-0001', 'B-0006']],
    ['ahmed hassan', ['B-0001']],
    ['Hassan Ahmed', ['B-0001']],
    ['traore', ['B-0011']],
    ['Ahm', ['B-0001', 'B-0006', 'B-0042']],
    ['el amrani', ['B-0021']],
    ['Fatima', []],
    ['', []],
    ['B-9999', []],
  ])('%j → %j', (query, codes) => expect(searchBeneficiaries(rows, query).map((r) => r.code)).toEqual(codes));
});
