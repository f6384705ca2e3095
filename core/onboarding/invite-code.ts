/**
 * Invite codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U), shown as
 * `XXXX-XXXX`, typed in any case, with or without the dash or spaces.
 */
import { foldDigits } from '../content/text-normalize';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;
export const INVITE_VALIDITY_DAYS = 14;

/**
 * Dashes and separators people type between the two halves: any dash (hyphen, en/em dash, minus,
 * non-breaking hyphen...), spaces of any kind, dots, underscores, slashes, and invisible marks.
 */
const SEPARATORS = /[\p{Pd}\p{Zs}\u2212\u2796\u00AD._/\\·\u200B-\u200F\u2066-\u2069\uFEFF\s]/gu;

/**
 * Canonical form for storage and lookup: upper case, no separators, digits of any script as ASCII,
 * look-alikes mapped. Undefined if it cannot be a code.
 */
export function normalizeInviteCode(raw: string): string | undefined {
  const cleaned = foldDigits(raw.normalize('NFKC'))
    .replace(SEPARATORS, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_LENGTH) return undefined;
  return [...cleaned].every((c) => CODE_ALPHABET.includes(c)) ? cleaned : undefined;
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Makes a code from random bytes (the caller supplies them: core has no randomness of its own). */
export function makeInviteCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(CODE_LENGTH);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}
