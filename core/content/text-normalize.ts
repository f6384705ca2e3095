/**
 * Text normalization for search. Query and index go through the same function, so a user finds
 * "busta paga" whatever keyboard, accents, Arabic-script letter variants or invisible characters
 * they typed. Not for display: the output is lossy on purpose.
 */

/** Zero-width characters, soft hyphen, bidi controls (LRM/RLM/ALM, embeddings, isolates), BOM. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Latin combining diacritics, removed after canonical decomposition. */
const LATIN_DIACRITICS = /[\u0300-\u036F]/g;

/**
 * Arabic-script marks: Quranic signs, harakat/tashkeel (incl. hamza above/below as marks),
 * superscript alef, small high signs, and tatweel.
 */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/g;

/** Letter variants folded to one form, so Arabic, Persian/Dari, Urdu and Pashto keyboards meet. */
const ARABIC_LETTERS: Record<string, string> = {
  '\u0622': '\u0627', // آ → ا
  '\u0623': '\u0627', // أ → ا
  '\u0625': '\u0627', // إ → ا
  '\u0671': '\u0627', // ٱ → ا
  '\u0672': '\u0627', // ٲ → ا
  '\u0673': '\u0627', // ٳ → ا
  '\u0629': '\u0647', // ة → ه
  '\u06C3': '\u0647', // ۃ → ه
  '\u06C1': '\u0647', // ہ (Urdu heh goal) → ه
  '\u06C2': '\u0647', // ۂ → ه
  '\u06BE': '\u0647', // ھ (heh doachashmee) → ه
  '\u06D5': '\u0647', // ە → ه
  '\u0649': '\u064A', // ى → ي
  '\u06CC': '\u064A', // ی (Farsi yeh) → ي
  '\u06CD': '\u064A', // ۍ (Pashto) → ي
  '\u06D0': '\u064A', // ې (Pashto) → ي
  '\u06D2': '\u064A', // ے (Urdu yeh barree) → ي
  '\u0626': '\u064A', // ئ → ي
  '\u0624': '\u0648', // ؤ → و
  '\u06A9': '\u0643', // ک (keheh) → ك
  '\u06AA': '\u0643', // ڪ → ك
};
const ARABIC_LETTER_RE = new RegExp(`[${Object.keys(ARABIC_LETTERS).join('')}]`, 'g');

/**
 * Decimal digits of any script (Arabic-Indic ٣, Persian ۳, Bengali ৩, Devanagari ३, Ethiopic-adjacent
 * Myanmar, fullwidth ３...) → ASCII digits. Unicode puts each script's digits 0-9 in a row of ten
 * consecutive code points; the zero is found by walking back to the start of that row.
 */
export function foldDigits(text: string): string {
  return text.replace(/\P{ASCII}/gu, (d) => {
    if (!/^\p{Nd}$/u.test(d)) return d;
    const compat = d.normalize('NFKC');
    if (/^[0-9]$/.test(compat)) return compat;
    const c = d.codePointAt(0)!;
    let zero = c;
    // Rows that touch another row (the mathematical digits) were folded to ASCII by NFKC above.
    while (zero > c - 9 && /^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String(c - zero);
  });
}

/**
 * NFKC, invisible characters removed, lower case, Latin diacritics removed, Arabic-script letters
 * folded and marks removed, digits folded, punctuation and spaces collapsed to single spaces.
 * Bengali and Ethiopic letters are kept as they are (only their punctuation becomes a space).
 */
export function normalizeText(input: string): string {
  let text = input.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  text = text.normalize('NFD').replace(LATIN_DIACRITICS, '').replace(ARABIC_MARKS, '').normalize('NFC');
  text = text.replace(ARABIC_LETTER_RE, (ch) => ARABIC_LETTERS[ch] ?? ch);
  // NFC may recompose alef + hamza into a variant again; fold once more after composition.
  text = text.replace(ARABIC_MARKS, '').replace(ARABIC_LETTER_RE, (ch) => ARABIC_LETTERS[ch] ?? ch);
  text = foldDigits(text).replace(/ß/g, 'ss');
  return text
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalized words of a text. */
export function tokenize(input: string): string[] {
  const normalized = normalizeText(input);
  return normalized === '' ? [] : normalized.split(' ');
}

/** True when the (normalized) word is plain Latin letters/digits, where typo tolerance applies. */
export function isLatinWord(word: string): boolean {
  return /^[a-z0-9]+$/.test(word);
}
