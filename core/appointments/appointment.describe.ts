/**
 * How an appointment reads in a chat: one complete translated line per field (what, when, where,
 * with whom, what to bring), in the reader's language and on the reader's wall clock.
 */
import type { TranslationParams } from '../ports/translator';
import { formatDateTime, formatShort, formatTime } from '../beneficiary/locale-format';
import { addLocalDays, localDate } from '../time/zoned-time';
import type { AppointmentView } from './appointment.types';

/** What both a turn and an outbox render give: a translator bound to the reader's language, and the time of reading. */
export interface Reader {
  lang: string;
  now: Date;
  t(key: string, params?: TranslationParams): string;
}

/**
 * When, as people say it: "today at 10:30", "tomorrow at 09:00", else the weekday, date and time, on
 * the reader's wall clock (a reminder read at 23:59 and one read at 00:01 say different days, rightly).
 */
export function whenText(r: Reader, instant: Date, tz: string): string {
  const day = localDate(instant, tz);
  const today = localDate(r.now, tz);
  if (day === today) return r.t('appointments:when.today', { time: formatTime(instant, r.lang, tz) });
  if (day === addLocalDays(today, 1)) return r.t('appointments:when.tomorrow', { time: formatTime(instant, r.lang, tz) });
  return formatDateTime(instant, r.lang, tz);
}

export function kindLabel(r: Reader, a: Pick<AppointmentView, 'kind'>): string {
  return r.t(`appointments:kind.${a.kind}`);
}

/** The card: kind, date and time, place and address, with whom, what to bring, note. */
export function appointmentCard(r: Reader, a: AppointmentView, tz: string): string {
  const lines = [`📅 ${kindLabel(r, a)}`, r.t('appointments:card.when', { when: whenText(r, a.startsAt, tz) })];
  if (a.place && a.address) lines.push(r.t('appointments:card.whereAddress', { place: a.place, address: a.address }));
  else if (a.place || a.address) lines.push(r.t('appointments:card.where', { place: a.place ?? a.address ?? '' }));
  // The demo and older rows say just "tutor": show the tutor's name instead of the word.
  const who = a.withWhom === 'tutor' ? a.tutor?.fullName : a.withWhom;
  if (who) lines.push(r.t('appointments:card.with', { name: who }));
  if (a.bring) lines.push(r.t('appointments:card.bring', { bring: a.bring }));
  if (a.note) lines.push(r.t('appointments:card.note', { note: a.note }));
  return lines.join('\n');
}

/** The beneficiary's own answer, as they read it. */
export function responseLine(r: Reader, a: AppointmentView): string {
  return r.t(`appointments:response.${a.response}`);
}

/** The marker a tutor sees next to an appointment: unconfirmed, confirmed, cannot come. */
export function tutorMarker(r: Reader, a: AppointmentView): string {
  return r.t(`appointments:marker.${a.response}`);
}

/** One line for lists and buttons: "⏳ 30 Mar 09:00 · Ahmed Hassan (B-0001)". */
export function tutorListLine(r: Reader, a: AppointmentView, tz: string): string {
  return r.t('appointments:tutor.line', { marker: tutorMarker(r, a), when: formatShort(a.startsAt, r.lang, tz), name: a.beneficiary.fullName, code: a.beneficiary.code, kind: kindLabel(r, a) });
}
