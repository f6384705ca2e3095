/**
 * Unicode isolation for values placed inside translated sentences. In a right-to-left sentence a
 * Latin name, a code like B-0042 or a number can flip the order of the words around it; wrapping
 * the value in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE keeps it in place. Invisible when rendered.
 */
const FSI = '\u2068';
const PDI = '\u2069';
const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export function isolate(value: string): string {
  return value === '' || value.startsWith(FSI) ? value : `${FSI}${value}${PDI}`;
}

/** Isolation is needed when either the sentence or the value is right-to-left. */
export function needsIsolation(rtlSentence: boolean, value: string): boolean {
  return rtlSentence || RTL_CHARS.test(value);
}

export function stripIsolation(text: string): string {
  return text.replace(/[\u2066-\u2069]/g, '');
}
