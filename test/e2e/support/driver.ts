/** What the shared conversation suite needs of a channel: a user who types and presses buttons. */
export interface Reply {
  /** Texts of the messages the bot sent back, in order, isolation marks removed. */
  texts: string[];
  /** Labels of the buttons offered in this reply, isolation marks removed. */
  buttons: string[];
}

/** Buttons seen earlier, kept to be pressed later (a stale button). Opaque to the suite. */
export interface KeptButtons {
  readonly labels: string[];
}

export interface ChatDriver {
  say(text: string): Promise<Reply>;
  /** Presses the button whose label contains `label` among the last buttons offered. */
  press(label: string | RegExp): Promise<Reply>;
  /** Remembers the buttons offered now. */
  keep(): KeptButtons;
  pressKept(kept: KeptButtons, label: string | RegExp): Promise<Reply>;
}

export const matches = (label: string, wanted: string | RegExp) => (typeof wanted === 'string' ? label.includes(wanted) : wanted.test(label));

export function pick<T extends { label: string }>(buttons: readonly T[], wanted: string | RegExp): T {
  const found = buttons.find((b) => matches(b.label, wanted));
  if (!found) throw new Error(`no button ${String(wanted)} among: ${buttons.map((b) => b.label).join(' | ') || '(none)'}`);
  return found;
}

export const joined = (r: Reply) => r.texts.join('\n');
