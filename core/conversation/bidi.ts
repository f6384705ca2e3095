/**
 * Unicode bidi for right-to-left chats.
 *
 * - Values placed inside translated sentences are isolated: in a right-to-left sentence a Latin name,
 *   a code like B-0042 or a number can flip the order of the words around it; wrapping the value in
 *   FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE keeps it in place.
 * - Every line of a right-to-left message is anchored: chat apps pick each paragraph's direction from
 *   its first strong character, skipping isolates, so a line that begins with "Ponte", "PAI" or an
 *   isolated value (or holds nothing but isolated values) would be laid out left to right and swap
 *   label and value on screen. A RIGHT-TO-LEFT MARK at its start fixes the paragraph's direction.
 * All of these marks are invisible when rendered.
 */
import type { OutgoingMessage } from '../messages';

const FSI = '\u2068';
const PDI = '\u2069';
/** RIGHT-TO-LEFT MARK: a strong right-to-left character that shows nothing. */
export const RLM = '\u200F';
/** ARABIC LETTER MARK: the same for Arabic-script text; accepted as an anchor when a text has it. */
export const ALM = '\u061C';
const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…) and the two marks. */
const STRONG_RTL_START = /^[\u200F\u061C\u0590-\u05FF\u0608\u060B\u060D\u061B-\u064A\u066D-\u066F\u0671-\u06D5\u06E5\u06E6\u06EE\u06EF\u06FA-\u0710\u0712-\u072F\u074D-\u07A5\u07B1-\u07EA\u07F4\u07F5\u07FA-\u0815\u081A\u0824\u0828\u0830-\u0858\u0860-\u08C9\uFB1D\uFB1F-\uFB28\uFB2A-\uFD3D\uFD50-\uFDFC\uFE70-\uFEFC]/;

export function isolate(value: string): string {
  return value === '' || value.startsWith(FSI) ? value : `${FSI}${value}${PDI}`;
}

/** Isolation is needed when either the sentence or the value is right-to-left. */
export function needsIsolation(rtlSentence: boolean, value: string): boolean {
  return rtlSentence || RTL_CHARS.test(value);
}

/** Removes what this file adds (isolates, and the RLM/ALM line anchors), for terminals and assertions. */
export function stripIsolation(text: string): string {
  return text.replace(/[\u2066-\u2069\u200F\u061C]/g, '');
}

/** Each non-empty line starts with a strong right-to-left character, or gets an RLM in front. */
export function anchorRtl(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' || STRONG_RTL_START.test(line) ? line : `${RLM}${line}`))
    .join('\n');
}

/** A message as a right-to-left reader must get it: text, button labels and captions anchored. Others unchanged. */
export function orientMessage(msg: OutgoingMessage): OutgoingMessage {
  if (msg.dir !== 'rtl') return msg;
  return {
    ...msg,
    text: anchorRtl(msg.text),
    ...(msg.choices ? { choices: msg.choices.map((row) => row.map((c) => ({ ...c, label: anchorRtl(c.label) }))) } : {}),
    ...(msg.attachments ? { attachments: msg.attachments.map((a) => (a.caption ? { ...a, caption: anchorRtl(a.caption) } : a)) } : {}),
  };
}
