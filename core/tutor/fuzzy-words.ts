/**
 * Typo tolerance for the tutor's words and names: a bounded edit distance (insert, delete, substitute,
 * swap of neighbours) and a transliteration skeleton, so "tutoraggo", "Hasan" or "Mohammed" still
 * meet "tutoraggio", "Hassan" and "Mohamed". Pure, linear in the words' length times the bound.
 */

/** True when a and b are at most `max` edits apart (optimal string alignment distance). */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > max) return false;
  // Rolling rows of the distance table, only the band |i - j| <= max matters.
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return false;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

/** How many typos a word of this length may carry: none below 5 letters, 1 up to 8, then 2. */
export function typoBudget(length: number): number {
  return length < 5 ? 0 : length <= 8 ? 1 : 2;
}

/** A word typed with a typo: same word within the budget of the shorter of the two. */
export function typoOf(typed: string, word: string): boolean {
  return withinEdits(typed, word, typoBudget(Math.min(typed.length, word.length)));
}

/**
 * The consonant skeleton names are compared by when spelled in different transliterations: doubled
 * letters single ("Hassan" = "Hasan"), common Arabic/Persian/West African spellings merged
 * (ou/oo/u, ee/i/y, ph/f, kh/k, dh/d, th/t, q/k/c, w/v, j/g before e and i are NOT merged: too loose).
 * Input must be lower case without accents.
 */
export function nameSkeleton(word: string): string {
  let s = word.replace(/[^a-z]/g, '');
  s = s.replace(/ph/g, 'f').replace(/kh/g, 'k').replace(/dh/g, 'd').replace(/th/g, 't').replace(/sh/g, 's').replace(/ch/g, 'c');
  s = s.replace(/ou|oo/g, 'u').replace(/ee|ie|y/g, 'i').replace(/q|ck|k/g, 'c').replace(/w/g, 'v');
  // Doubled letters single, then vowels a/e and o/u merged (Mohamed, Muhammad; Youssef, Yusuf).
  s = s.replace(/(.)\1+/g, '$1').replace(/e/g, 'a').replace(/o/g, 'u');
  return s;
}
