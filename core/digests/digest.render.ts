/**
 * Turns digest facts into messages a coordinator reads on a phone: one block per kind of problem, each
 * with who (names and codes, at most `MAX_LINES`), how many, and what to do. Texts come from the
 * `coordinator` namespace; nothing is concatenated across translations except whole lines.
 */
import type { OutgoingMessage } from '../messages';
import type { TranslationParams } from '../ports/translator';
import type { DigestFacts, DigestKind, PersonRef } from './digest.ports';
import { DIGEST_RULES } from './digest.ports';

/** Lines listed per block; the rest is summarised as "…and N more". */
export const MAX_LINES = 5;
/** Telegram refuses messages over 4096 characters; blocks are split well below that. */
const MAX_MESSAGE_CHARS = 3500;

type T = (key: string, params?: TranslationParams) => string;

export interface DigestRenderOptions {
  kind: DigestKind;
  /** e.g. "Piemonte"; undefined for a national coordinator. */
  scopeLabel?: string;
  /** Local date of the digest, YYYY-MM-DD. */
  today: string;
  lang: string;
  timezone: string;
}

/** Formats a YYYY-MM-DD calendar date for people, in their language (e.g. "10 dic 2026"). */
export function formatDay(isoDate: string, lang: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Formats an instant as a local date and time in `timezone`. */
export function formatInstant(at: Date, lang: string, timezone: string): string {
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: timezone }).format(at);
}

const who = (p: PersonRef) => ({ name: p.fullName, code: p.code });

function block<I>(t: T, key: string, items: I[], line: (item: I) => string, count = items.length, extra: TranslationParams = {}): string | undefined {
  if (items.length === 0) return undefined;
  const lines = [t(`coordinator:digest.${key}.title`, { count, ...extra }), ...items.slice(0, MAX_LINES).map(line)];
  if (items.length > MAX_LINES) lines.push(t('coordinator:digest.more', { count: items.length - MAX_LINES }));
  lines.push(t(`coordinator:digest.${key}.todo`));
  return lines.join('\n');
}

/** The blocks of a digest, in the order a coordinator should act on them. Empty = nothing to report. */
export function digestBlocks(t: T, f: DigestFacts, o: DigestRenderOptions): string[] {
  const day = (iso: string) => formatDay(iso, o.lang);
  const none = t('coordinator:digest.noTutor');
  const blocks = [
    block(t, 'declined', f.declined, (d) => t('coordinator:digest.declined.item', { ...who(d.beneficiary), date: formatInstant(d.startsAt, o.lang, o.timezone), tutor: d.tutor?.fullName ?? none })),
    block(t, 'unreachable', f.unreachable, (u) => t('coordinator:digest.unreachable.item', { ...who(u.beneficiary), channel: u.channel, date: formatInstant(u.since, o.lang, o.timezone) })),
    block(t, 'endingSoon', f.endingSoon, (e) => t('coordinator:digest.endingSoon.item', { ...who(e.beneficiary), date: day(e.endDate), tutor: e.tutor?.fullName ?? none }), f.endingSoon.length, {
      days: o.kind === 'daily' ? DIGEST_RULES.endingWithinDays.daily : DIGEST_RULES.endingWithinDays.weekly,
    }),
    block(t, 'clearances', f.clearancesPending, (c) => t('coordinator:digest.clearances.item', { ...who(c.beneficiary), entity: c.entity, date: day(c.requestedOn), count: c.days })),
    block(t, 'followUps', f.followUpsOverdue, (u) => t('coordinator:digest.followUps.item', { name: u.tutor?.fullName ?? none, code: u.tutor?.code ?? '-', count: u.count, date: day(u.oldestDue) }), sum(f.followUpsOverdue.map((u) => u.count))),
    block(t, 'missingReports', f.missingReports, (m) => t('coordinator:digest.missingReports.item', { ...who(m.tutor), count: m.beneficiaries })),
    block(t, 'inactive', f.inactive, (i) => t('coordinator:digest.inactive.item', { ...who(i.beneficiary), count: i.days })),
  ];
  return blocks.filter((b): b is string => b !== undefined);
}

/**
 * The digest as messages; null when a daily digest has nothing urgent (nobody wants an empty ping at
 * 08:30), while an empty weekly digest says so, so the coordinator knows the bot is working.
 */
export function renderDigest(t: T, facts: DigestFacts, o: DigestRenderOptions): OutgoingMessage[] | null {
  const blocks = digestBlocks(t, facts, o);
  if (blocks.length === 0 && o.kind === 'daily') return null;
  const title = t(o.scopeLabel ? `coordinator:digest.title.${o.kind}` : `coordinator:digest.titleNational.${o.kind}`, { scope: o.scopeLabel, date: formatDay(o.today, o.lang) });
  if (blocks.length === 0) return [{ text: `${title}\n\n${t('coordinator:digest.allGood')}` }];
  const messages: OutgoingMessage[] = [];
  let current = title;
  for (const b of blocks) {
    if (current.length + b.length + 2 > MAX_MESSAGE_CHARS) {
      messages.push({ text: current });
      current = b;
    } else current = `${current}\n\n${b}`;
  }
  messages.push({ text: current });
  return messages;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
