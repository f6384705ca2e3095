/**
 * Internship changes in words: the event built from a tutor's answers, a change typed in words, why a
 * change or its date is refused (and what is allowed), and the audit form of a snapshot (codes and
 * dates only). Shared by the change and its correction.
 */
import type { TurnContext } from '../conversation/flow';
import { EVENT_TYPES, type EventType, type InternshipEvent, type InternshipSnapshot, type InternshipStatus, type TransitionResult } from './internship.state-machine';
import type { TransitionDateProblem } from './internship.rules';
import { formatDate, statusLabel } from './tutor-format';
import { str } from './tutor.context';

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
/** Changes typed in words (it, en, fr). "annulla"/"cancel" are global commands, so not here. */
const EVENT_WORDS: Record<EventType, string[]> = {
  request_clearance: ['richiesta nulla osta', 'nulla osta richiesto', 'richiesto', 'request clearance', 'clearance requested', 'requested', 'demande'],
  grant_clearance: ['nulla osta concesso', 'concesso', 'granted', 'clearance granted', 'accorde'],
  refuse_clearance: ['nulla osta negato', 'negato', 'rifiutato', 'refused', 'clearance refused', 'refuse'],
  activate: ['attivato', 'attiva', 'attivare', 'activate', 'activated', 'active'],
  start: ['avviato', 'avvia', 'iniziato', 'in corso', 'start', 'started', 'in progress', 'commence'],
  conclude: ['concluso', 'concludi', 'concludere', 'terminato', 'concluded', 'conclude', 'finished', 'ended', 'termine', 'conclu'],
  cease: ['cessato', 'interrotto', 'cessa', 'ceased', 'cease', 'stopped', 'interrompu'],
  cancel: ['annullato', 'cancelled', 'canceled', 'annule'],
};

export function eventFromWords(text: string): EventType | undefined {
  const t = fold(text);
  return EVENT_TYPES.find((e) => EVENT_WORDS[e].includes(t));
}

/** Builds the state machine's event from the collected answers. */
export function buildEvent(ev: EventType, d: Record<string, unknown>): InternshipEvent {
  const date = str(d, 'date') ?? '';
  switch (ev) {
    case 'activate':
      return { type: ev, startDate: date, hostCompany: str(d, 'host') ?? '', atecoSection: (str(d, 'ateco') ?? '') as never, province: str(d, 'prov') ?? '' };
    case 'start':
      return { type: ev, date };
    case 'conclude':
      return { type: ev, endDate: date };
    case 'cease': {
      const note = str(d, 'note');
      return { type: ev, date, reason: (str(d, 'reason') ?? 'other') as never, ...(note ? { note } : {}) };
    }
    default:
      return { type: ev, date };
  }
}

/** A refusal in words: why, and what is possible now. */
export function refusalText(ctx: TurnContext, status: InternshipStatus | null, r: Extract<TransitionResult, { ok: false }>, ev: EventType): string {
  if (r.code === 'invalid_payload') return ctx.t(r.reason.includes('precede') ? 'tutor:internship.dateOrder' : 'tutor:internship.invalidData');
  const allowed = new Intl.ListFormat(ctx.lang, { type: 'disjunction' }).format(r.allowed.map((e) => ctx.t(`tutor:event.${e}`)));
  return r.allowed.length === 0
    ? ctx.t('tutor:internship.noneAllowed', { status: statusLabel(ctx, status), event: ctx.t(`tutor:event.${ev}`) })
    : ctx.t('tutor:internship.notAllowed', { status: statusLabel(ctx, status), event: ctx.t(`tutor:event.${ev}`), allowed });
}

/** Why a date cannot be the date of this change, and what is allowed. */
export function dateProblemText(ctx: TurnContext, p: TransitionDateProblem): string {
  if (p.code === 'future') return ctx.t('tutor:rules.future');
  return ctx.t(`tutor:internship.dateRule.${p.code === 'before_path' ? 'beforePath' : p.code === 'after_path' ? 'afterPath' : 'tooFarAhead'}`, { date: formatDate(ctx.lang, p.boundary) });
}

/** The audit keeps the status, dates and codes (old → new), never free text (notes, company name). */
export function snapshotForAudit(s: InternshipSnapshot | null): Record<string, unknown> | null {
  if (!s) return null;
  const { ceaseNote, refusalReason, cancelReason, hostCompany, ...rest } = s;
  return {
    ...rest,
    // The company name is typed by the tutor (often a person's name for a sole trader): free text, not a code.
    ...(hostCompany ? { hostCompany: 'set' } : {}),
    ...(ceaseNote ? { ceaseNote: 'set' } : {}),
    ...(refusalReason ? { refusalReason: 'set' } : {}),
    ...(cancelReason ? { cancelReason: 'set' } : {}),
  };
}
