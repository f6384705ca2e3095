/** "did you mean …?" for a name typed with a typo (a region, a province), from the names that exist. */
import { typoOf } from '../../core/tutor/fuzzy-words';

const key = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^a-zA-Z]/g, '').toLowerCase();

/** ' (did you mean X?)' when exactly one known name is a typo away from `typed`, else ''. */
export function suggestion(typed: string, known: readonly string[]): string {
  const k = key(typed);
  const close = k.length >= 3 ? known.filter((n) => typoOf(k, key(n))) : [];
  return close.length === 1 ? ` (did you mean ${close[0]}?)` : '';
}
