/**
 * Finds beneficiaries in a caseload by what a tutor types: a code ("B-0042", "b42", "0042") or
 * name words in any order, any case, with or without accents ("ahmed", "Hassan Ahmed", "traore"
 * for Traoré). Every typed word must start a word of the name; whole-word matches rank first.
 */
export interface Searchable {
  code: string;
  fullName: string;
}

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '')
    .toLowerCase();

/** "B-0042", "b 42", "B0042" → "B-0042"-style digits for comparison; undefined if the text is not a code. */
function codeDigits(text: string): { prefix: string; n: number } | undefined {
  const m = /^([a-z])?\s*-?\s*(\d{1,6})$/.exec(fold(text).trim());
  return m ? { prefix: m[1] ?? '', n: Number(m[2]) } : undefined;
}

/** Matches, best first; empty when nothing fits. */
export function searchBeneficiaries<T extends Searchable>(rows: readonly T[], query: string): T[] {
  const q = query.trim();
  if (q === '') return [];
  const code = codeDigits(q);
  if (code) {
    const hits = rows.filter((r) => {
      const rc = codeDigits(r.code);
      return rc !== undefined && rc.n === code.n && (code.prefix === '' || code.prefix === rc.prefix);
    });
    if (hits.length > 0) return hits;
  }
  const words = fold(q).split(/[^\p{L}\p{Nd}'-]+/u).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const scored: Array<{ row: T; score: number }> = [];
  for (const row of rows) {
    const nameWords = fold(row.fullName).split(/[^\p{L}\p{Nd}'-]+/u).filter(Boolean);
    let score = 0;
    let all = true;
    for (const w of words) {
      if (nameWords.includes(w)) score += 2;
      else if (nameWords.some((n) => n.startsWith(w))) score += 1;
      else all = false;
    }
    if (all) scored.push({ row, score });
  }
  scored.sort((a, b) => b.score - a.score || a.row.fullName.localeCompare(b.row.fullName));
  // When some candidates match every word exactly and others only by prefix, keep the exact ones.
  const best = scored[0]?.score;
  const top = scored.filter((s) => s.score === best && best === words.length * 2);
  return (top.length > 0 ? top : scored).map((s) => s.row);
}
