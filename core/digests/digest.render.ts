/**
 * Turns digest facts into messages a coordinator reads on a phone: one block per kind of problem, each
 * with who (names and codes, at most `MAX_LINES`), how many, and what to do; the full lists come as a
 * CSV file and as paged lists in the chat. Texts come from the `coordinator` namespace; nothing is
 * concatenated across translations except whole lines.
 */
import type { OutgoingMessage } from '../messages';
import type { TranslationParams } from '../ports/translator';
import type { DigestBlock, DigestFacts, DigestItems, DigestKind, PersonRef, Slice } from './digest.ports';
import { DIGEST_BLOCKS, DIGEST_RULES } from './digest.ports';

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

/** One item of a block as a line ("• Ahmed Hassan (B-0001): …"), in the digest and in the paged lists. */
export function blockLine<B extends DigestBlock>(t: T, block: B, item: DigestItems[B], o: Pick<DigestRenderOptions, 'lang' | 'timezone'>): string {
  const none = t('coordinator:digest.noTutor');
  const day = (iso: string) => formatDay(iso, o.lang);
  const it = item as DigestItems[DigestBlock];
  switch (block) {
    case 'declined': {
      const d = it as DigestItems['declined'];
      return t('coordinator:digest.declined.item', { ...who(d.beneficiary), date: formatInstant(d.startsAt, o.lang, o.timezone), tutor: d.tutor?.fullName ?? none });
    }
    case 'unreachable': {
      const u = it as DigestItems['unreachable'];
      return t('coordinator:digest.unreachable.item', { ...who(u.beneficiary), channel: u.channel, date: formatInstant(u.since, o.lang, o.timezone) });
    }
    case 'endingSoon': {
      const e = it as DigestItems['endingSoon'];
      return t('coordinator:digest.endingSoon.item', { ...who(e.beneficiary), date: day(e.endDate), tutor: e.tutor?.fullName ?? none });
    }
    case 'clearances': {
      const c = it as DigestItems['clearances'];
      return t('coordinator:digest.clearances.item', { ...who(c.beneficiary), entity: c.entity, date: day(c.requestedOn), count: c.days });
    }
    case 'followUps': {
      const u = it as DigestItems['followUps'];
      return t('coordinator:digest.followUps.item', { name: u.tutor?.fullName ?? none, code: u.tutor?.code ?? '-', count: u.count, date: day(u.oldestDue) });
    }
    case 'missingReports': {
      const m = it as DigestItems['missingReports'];
      return t('coordinator:digest.missingReports.item', { ...who(m.tutor), count: m.beneficiaries });
    }
    default: {
      const i = it as DigestItems['inactive'];
      return t('coordinator:digest.inactive.item', { ...who(i.beneficiary), count: i.days });
    }
  }
}

/** A block's title with its count ("⏰ Tutor che non segnano ore da 7 giorni: 143"). */
export function blockTitle(t: T, block: DigestBlock, slice: Slice<unknown>, kind: DigestKind): string {
  const extra = block === 'endingSoon' ? { days: kind === 'daily' ? DIGEST_RULES.endingWithinDays.daily : DIGEST_RULES.endingWithinDays.weekly } : {};
  return t(`coordinator:digest.${block}.title`, { count: slice.units ?? slice.total, ...extra });
}

function block(t: T, b: DigestBlock, f: DigestFacts, o: DigestRenderOptions): string | undefined {
  const slice = f[b] as Slice<DigestItems[DigestBlock]>;
  if (slice.total === 0) return undefined;
  const lines = [blockTitle(t, b, slice, o.kind), ...slice.items.slice(0, MAX_LINES).map((item) => blockLine(t, b, item, o))];
  if (slice.total > MAX_LINES) lines.push(t('coordinator:digest.more', { count: slice.total - MAX_LINES }));
  lines.push(t(`coordinator:digest.${b}.todo`));
  return lines.join('\n');
}

/** The blocks of a digest, in the order a coordinator should act on them. Empty = nothing to report. */
export function digestBlocks(t: T, f: DigestFacts, o: DigestRenderOptions): string[] {
  return DIGEST_BLOCKS.map((b) => block(t, b, f, o)).filter((b): b is string => b !== undefined);
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
