/** Languages Ponte speaks, each named in its own script. Order = order on the language screen. */
export interface LanguageInfo {
  code: string;
  nativeName: string;
  dir: 'ltr' | 'rtl';
}

export const LANGUAGES: readonly LanguageInfo[] = [
  { code: 'it', nativeName: 'Italiano', dir: 'ltr' },
  { code: 'en', nativeName: 'English', dir: 'ltr' },
  { code: 'fr', nativeName: 'Français', dir: 'ltr' },
  { code: 'ar', nativeName: 'العربية', dir: 'rtl' },
  { code: 'ur', nativeName: 'اردو', dir: 'rtl' },
  { code: 'bn', nativeName: 'বাংলা', dir: 'ltr' },
  { code: 'ps', nativeName: 'پښتو', dir: 'rtl' },
  { code: 'fa', nativeName: 'دری / فارسی', dir: 'rtl' },
  { code: 'ti', nativeName: 'ትግርኛ', dir: 'ltr' },
  { code: 'so', nativeName: 'Soomaali', dir: 'ltr' },
];

export const DEFAULT_LANGUAGE = 'it';

export function languageInfo(code: string, available: readonly string[] = LANGUAGES.map((l) => l.code)): LanguageInfo | undefined {
  return LANGUAGES.find((l) => l.code === code && available.includes(l.code));
}

export function isRtl(code: string): boolean {
  return LANGUAGES.find((l) => l.code === code)?.dir === 'rtl';
}

/** Maps a channel hint such as `en-GB`, `ar_EG` or `prs` to a language we have, or undefined. */
export function matchLanguage(hint: string | undefined, available: readonly string[]): string | undefined {
  if (!hint) return undefined;
  const base = hint.toLowerCase().split(/[-_]/)[0] ?? '';
  const alias: Record<string, string> = { prs: 'fa', per: 'fa', fas: 'fa', urd: 'ur', ben: 'bn', pus: 'ps', tir: 'ti', som: 'so', ara: 'ar' };
  const code = alias[base] ?? base;
  return available.includes(code) ? code : undefined;
}
