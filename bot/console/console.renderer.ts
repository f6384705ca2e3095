/**
 * Renders outgoing messages as terminal text: each message's text, then its buttons as numbered
 * lines. Numbers continue across the messages of one reply, so every visible button has one number.
 */
import type { Choice, OutgoingMessage } from '../../core/messages';
import { stripIsolation } from '../../core/conversation/bidi';

export interface RenderedReply {
  text: string;
  /** Number → button, for the next input line. */
  choices: Choice[];
}

export function renderForTerminal(messages: OutgoingMessage[], opts: { saveAttachment?: (a: NonNullable<OutgoingMessage['attachments']>[number]) => string } = {}): RenderedReply {
  const lines: string[] = [];
  const choices: Choice[] = [];
  for (const msg of messages) {
    // Terminals rarely honour isolation marks and some print them as boxes: strip them here only.
    lines.push(stripIsolation(msg.text));
    for (const a of msg.attachments ?? []) {
      const where = opts.saveAttachment ? ` → ${opts.saveAttachment(a)}` : '';
      lines.push(`📎 ${a.filename} (${a.mimeType}, ${a.bytes.byteLength} bytes)${where}`);
    }
    for (const row of msg.choices ?? []) {
      for (const c of row) {
        choices.push(c);
        lines.push(`  ${choices.length}. ${stripIsolation(c.label)}`);
      }
    }
    lines.push('');
  }
  return { text: lines.join('\n'), choices };
}

/** A typed line: a button's number, a button's label, or free text. */
export function interpretLine(line: string, choices: readonly Choice[]): { type: 'action'; data: string } | { type: 'text'; text: string } {
  const typed = line.trim();
  // A label wins over a position: on a screen whose buttons are "0.5", "1", "2"… typing 2 means 2.
  const norm = (s: string) => stripIsolation(s).normalize('NFKC').trim().toLowerCase();
  const byLabel = choices.find((c) => norm(c.label) === norm(typed));
  if (byLabel) return { type: 'action', data: byLabel.data };
  if (/^\d{1,3}$/.test(typed)) {
    const byNumber = choices[Number(typed) - 1];
    if (byNumber) return { type: 'action', data: byNumber.data };
  }
  return { type: 'text', text: line };
}
