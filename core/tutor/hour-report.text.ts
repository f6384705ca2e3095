/**
 * Text clean-up and tokens for the hour-report parser (see hour-report.parser.ts): invisible
 * characters and emoji removed, digits made ASCII, NFKC; the note split off; words tokenised with
 * a matching key (lower case, no accents, one kind of apostrophe). Linear work only.
 */

/**
 * Format characters (zero-width, bidi marks, BOM, soft hyphen, tags), variation selectors, Hangul
 * fillers, and the two combining marks emoji use (grapheme joiner, keycap). Combining marks stay
 * out of character classes, where they would combine with the previous character.
 */
const INVISIBLE_RE = /\p{Cf}|\p{Variation_Selector}|[\u115F\u1160\u3164\uFFA0]|\u034F|\u20E3/gu;
const EMOJI_RE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}]/gu;
const CONTROL_RE = /\p{Cc}/gu;
/** Code points of the digit zero in the scripts tutors and beneficiaries write; NFKC covers the rest. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0xff10];

function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((z) => cp >= z && cp < z + 10);
    return zero === undefined ? ch : String(cp - zero);
  });
}

export function cleanText(s: string): string {
  let t = s.replace(INVISIBLE_RE, '').replace(EMOJI_RE, ' ').replace(CONTROL_RE, ' ');
  t = asciiDigits(t).replace(/\u066B/g, '.'); // ARABIC DECIMAL SEPARATOR
  t = t.replace(/(\d) ?½/g, '$1.5').replace(/½/g, '0.5'); // before NFKC, which would make "1⁄2"
  return t.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface Token {
  /** As typed, after clean-up and edge punctuation removed. */
  raw: string;
  /** For matching: lower case, no accents, one kind of apostrophe. */
  key: string;
  /** Letters typed with a final dot ("tut.", "orient."): may stand for a longer word. */
  abbrev?: boolean;
}

const EDGE_PUNCT = new Set(',;:!?¡¿()[]{}"«»“”„‚*#_~<>|°º،؛؟۔…'.split(''));
const PUNCT_ONLY_RE = /^[\p{P}\p{S}]+$/u;
/** Italian elisions split off so "l'altro ieri" and "dell'11/11" match word by word. */
const ELISION_RE = /^(l|dell|all|nell|dall|sull|un)'(.+)$/;

function keyOf(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´ʼ]/g, "'");
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const word of text.split(' ')) {
    let a = 0;
    let b = word.length;
    while (a < b && EDGE_PUNCT.has(word[a] as string)) a++;
    while (b > a && (EDGE_PUNCT.has(word[b - 1] as string) || word[b - 1] === '.')) b--;
    const raw = word.slice(a, b);
    // A lone dash or symbol is not a word; "-2h" keeps its sign so it stays invalid hours.
    if (raw === '' || PUNCT_ONLY_RE.test(raw)) continue;
    const key = keyOf(raw);
    const elided = ELISION_RE.exec(key);
    const cut = elided ? raw.search(/['’‘`´ʼ]/) + 1 : 0;
    if (elided && cut > 0 && cut < raw.length) {
      out.push({ raw: raw.slice(0, cut), key: `${elided[1]}'` });
      out.push({ raw: raw.slice(cut), key: keyOf(raw.slice(cut)) });
    } else if (b < word.length && word[b] === '.' && /^[a-z]{2,}$/.test(key)) out.push({ raw, key, abbrev: true });
    else out.push({ raw, key });
  }
  return out;
}

const NOTE_RE = /\s[-–—]+\s|(?:^|\s)(?:nota|note|notes|commento|comment)\s?:/iu;

/** The header and the note after it, as the "Note" rule in hour-report.parser.ts says. */
export function splitNote(text: string): { header: string; note?: string } {
  const m = NOTE_RE.exec(text);
  if (!m) return { header: text };
  const note = text.slice(m.index + m[0].length).trim();
  return note === '' ? { header: text.slice(0, m.index) } : { header: text.slice(0, m.index), note };
}
