/**
 * Long texts arrive whole. Telegram clients split a text longer than 4096 characters into consecutive
 * messages; relaying each would hand the tutor fragments (or, with a length limit, only the last one
 * while the sender reads "sent"). A message this long may have a next part: it is kept in the
 * conversation state (durable: a restart or another instance continues it, no timer involved) and
 * joined with the parts that follow within a short window. A shorter part ends it; the person can also
 * send what arrived so far with a button. Pure.
 */

/** Telegram's limit is 4096 UTF-16 units; a client's part can end a little earlier, at a space or a line break. */
export const SPLIT_PART_MIN = 3900;
/** Parts of one split message arrive within a second or two; two minutes leaves room for a slow network. */
export const JOIN_WINDOW_MS = 2 * 60_000;

export interface PendingText {
  parts: string[];
  /** When the last part arrived (ms since epoch). */
  at: number;
  /** Where the first part came from, for edits. */
  sourceRef: string | null;
}

export type JoinStep =
  /** More may follow: keep `pending`. */
  | { kind: 'wait'; pending: PendingText }
  /** The whole text. */
  | { kind: 'complete'; text: string; sourceRef: string | null }
  /** A text arrived long after the pending parts: ask the person what to do with those first. */
  | { kind: 'stale'; pending: PendingText };

/** Telegram drops the space or line break it split at; a line break keeps both words and sentences apart. */
export function joinParts(parts: readonly string[]): string {
  return parts.reduce((all, p) => (all === '' ? p : /\s$/.test(all) || /^\s/.test(p) ? all + p : `${all}\n${p}`), '');
}

export function joinStep(pending: PendingText | undefined, text: string, sourceRef: string | null, now: Date): JoinStep {
  const long = text.length >= SPLIT_PART_MIN;
  if (!pending) return long ? { kind: 'wait', pending: { parts: [text], at: now.getTime(), sourceRef } } : { kind: 'complete', text, sourceRef };
  if (now.getTime() - pending.at > JOIN_WINDOW_MS) return { kind: 'stale', pending };
  const parts = [...pending.parts, text];
  return long ? { kind: 'wait', pending: { parts, at: now.getTime(), sourceRef: pending.sourceRef } } : { kind: 'complete', text: joinParts(parts), sourceRef: pending.sourceRef };
}

/** The pending parts read back from conversation data (stored JSON), or undefined. */
export function pendingOf(data: Record<string, unknown>): PendingText | undefined {
  const p = data.long as Partial<PendingText> | undefined;
  if (!p || !Array.isArray(p.parts) || !p.parts.every((x) => typeof x === 'string') || typeof p.at !== 'number') return undefined;
  return { parts: p.parts, at: p.at, sourceRef: typeof p.sourceRef === 'string' ? p.sourceRef : null };
}
