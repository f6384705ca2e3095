/**
 * How tutor screens show numbers, dates and statuses in the reader's language. Pure (Intl only).
 * Digits stay Latin in every language: codes (B-0042) and dates are read against paper forms.
 */
import type { TurnContext } from '../conversation/flow';
import type { ServiceArea } from '../programme/programme';
import type { InternshipStatus } from './internship.state-machine';

type T = Pick<TurnContext, 't' | 'lang'>;

/** 1.5 → "1,5" in Italian and French, "1.5" in English and Arabic. */
export function formatNumber(lang: string, n: number): string {
  return new Intl.NumberFormat(`${lang}-u-nu-latn`, { maximumFractionDigits: 2 }).format(n);
}

/** "3 ore", "1 hour", "1,5 heure"... through the `tutor:hours` plural. */
export function hoursText(ctx: T, n: number): string {
  return ctx.t('tutor:hours', { count: n, hours: formatNumber(ctx.lang, n) });
}

/** 'YYYY-MM-DD' → "23 nov 2026" in the reader's language, always Gregorian (fa/ps default to the Persian calendar). */
export function formatDate(lang: string, iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(`${lang}-u-nu-latn`, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC', calendar: 'gregory' }).format(new Date(`${iso}T12:00:00Z`));
}

export function areaLabel(ctx: T, area: ServiceArea): string {
  return ctx.t(`tutor:area.${area}`);
}

/** Status with its at-a-glance emoji; null = no internship yet. */
export function statusLabel(ctx: T, status: InternshipStatus | null): string {
  return ctx.t(`tutor:status.${status ?? 'none'}`);
}
