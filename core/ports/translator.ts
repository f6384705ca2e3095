/** Renders a user-visible text. Keys are `namespace:path`, e.g. `onboarding:consent.text`. */
export type TranslationParams = Record<string, string | number | boolean | undefined>;

export interface Translator {
  t(lng: string, key: string, params?: TranslationParams): string;
  /** Language codes with complete translations. */
  languages(): readonly string[];
  /** Whether a key exists (in that language or the fallback). */
  exists(lng: string, key: string): boolean;
}
