/**
 * Dates, times, hours and plurals for a person, in their language and time zone. Pure (Intl only).
 * Always the Gregorian calendar and a 24-hour clock: appointments and documents are Italian, and a
 * Persian or Hijri date would not match the letter from the Job Centre.
 */
import type { TurnContext } from '../conversation/flow';

type Translate = Pick<TurnContext, 't' | 'lang'>;

const cache = new Map<string, Intl.DateTimeFormat>();

function localeOf(lang: string): string {
  return `${lang}-u-ca-gregory`;
}

function formatter(lang: string, tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(localeOf(lang), { ...opts, timeZone: tz, calendar: 'gregory' });
    } catch {
      // A language ICU does not know (or a bad zone): fall back to English in Rome rather than fail a screen.
      f = new Intl.DateTimeFormat('en-u-ca-gregory', { ...opts, timeZone: 'Europe/Rome' });
    }
    cache.set(key, f);
  }
  return f;
}

/** "Monday 30 March, 09:00" in the person's language and zone. */
export function formatDateTime(instant: Date, lang: string, tz: string): string {
  return formatter(lang, tz, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** "09:00" in the person's zone. */
export function formatTime(instant: Date, lang: string, tz: string): string {
  return formatter(lang, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** A calendar date stored as YYYY-MM-DD ("30 March 2026"); it has no zone, so it is read as UTC. */
export function formatDay(isoDate: string | null | undefined, lang: string): string {
  if (!isoDate || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return '—';
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return formatter(lang, 'UTC', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Short date for buttons ("30 Mar 09:00"). */
export function formatShort(instant: Date, lang: string, tz: string): string {
  return formatter(lang, tz, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/** Hours with at most one decimal, in the language's own decimal mark (1,5 / 1.5). */
export function formatHours(hours: number, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(hours);
  } catch {
    return String(Math.round(hours * 10) / 10);
  }
}

/** A whole number in the language's own digits (Bengali ১২, Persian and Pashto ۱۲), like dates and hours. */
export function formatCount(n: number, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1, useGrouping: false }).format(n);
  } catch {
    return String(n);
  }
}

/**
 * A plural text. The plural form is chosen here with Intl.PluralRules rather than by i18next, because
 * the engine isolates every parameter of a right-to-left sentence, which turns `count` into a string
 * and stops i18next choosing the form (it then prints the key). Keys follow i18next's `_one/_other`.
 */
export function plural(ctx: Translate, key: string, count: number, params: Record<string, string | number> = {}): string {
  let form = 'other';
  try {
    form = new Intl.PluralRules(ctx.lang).select(count);
  } catch {
    /* unknown language: 'other' */
  }
  // The number is shown in the language's digits, as dates and hours are on the same screen; the form
  // is already chosen, so i18next gets the explicit key and `count` only as the text to show.
  const shown = { ...params, count: formatCount(count, ctx.lang) };
  const text = ctx.t(`${key}_${form}`, shown);
  // A translation without that form: use the general one rather than show a key.
  return text === `${key}_${form}` || text.endsWith(`${key.split(':').pop()}_${form}`) ? ctx.t(`${key}_other`, shown) : text;
}
