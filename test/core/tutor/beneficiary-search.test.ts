import { describe, expect, it } from 'vitest';
import { searchRanked } from '../../../core/tutor/beneficiary-search';
import { nameSkeleton, withinEdits } from '../../../core/tutor/fuzzy-words';

const rows = [
  { code: 'B-0001', fullName: 'Ahmed Hassan' },
  { code: 'B-0002', fullName: 'Fatima Diallo' },
  { code: 'B-0006', fullName: 'Ahmed Karimi' },
  { code: 'B-0011', fullName: 'Mohamed Traoré' },
  { code: 'B-0021', fullName: 'Youssef El Amrani' },
  { code: 'B-0030', fullName: 'أحمد محمد' },
];
const found = (q: string) => searchRanked(rows, q).map((r) => [r.row.code, r.kind]);

describe('names spelled another way', () => {
  it.each([
    ['Hasan', [['B-0001', 'fuzzy']]],
    ['Fatma', [['B-0002', 'fuzzy']]],
    ['Fatma Diallo', [['B-0002', 'fuzzy']]],
    ['Mohammed', [['B-0011', 'fuzzy']]],
    ['Muhammad Traore', [['B-0011', 'fuzzy']]],
    ['Yusuf', [['B-0021', 'fuzzy']]],
    ['Karimy', [['B-0006', 'fuzzy']]],
    ['Ahmad', [['B-0001', 'fuzzy'], ['B-0006', 'fuzzy']]],
  ])('%j → %j', (q, expected) => expect(found(q)).toEqual(expected));

  it('an exact match always wins over approximate ones, and is not "fuzzy"', () => {
    expect(found('Ahmed')).toEqual([['B-0001', 'name'], ['B-0006', 'name']]);
    expect(found('Hassan')).toEqual([['B-0001', 'name']]);
    expect(found('b1')).toEqual([['B-0001', 'code']]);
  });

  it('short or unrelated words match nothing approximately; other scripts match exactly', () => {
    expect(found('Ali')).toEqual([]);
    expect(found('Giovanni')).toEqual([]);
    expect(found('أحمد')).toEqual([['B-0030', 'name']]);
  });

  it('the edit distance is bounded and counts a swap as one edit', () => {
    expect(withinEdits('tutoraggio', 'tutroaggio', 1)).toBe(true);
    expect(withinEdits('tutoraggio', 'tutoring', 2)).toBe(false);
    expect(withinEdits('abc', 'abc', 0)).toBe(true);
    expect(nameSkeleton('mohammed')).toBe(nameSkeleton('muhamad'));
    expect(nameSkeleton('hassan')).toBe(nameSkeleton('hasan'));
  });
});
