import type { GlobalCommand } from './action-data';

export type TextCommand = { command: 'start'; payload?: string } | { command: GlobalCommand };

/** Slash commands, and the same words typed bare (Teams has no slash menu). */
const WORDS: Record<string, GlobalCommand | 'start'> = {
  start: 'start',
  menu: 'menu',
  help: 'help',
  aiuto: 'help',
  aide: 'help',
  language: 'language',
  lingua: 'language',
  langue: 'language',
  lang: 'language',
  cancel: 'cancel',
  annulla: 'cancel',
  annuler: 'cancel',
  stop: 'cancel',
  back: 'back',
  indietro: 'back',
  retour: 'back',
};

/**
 * Recognises a command anywhere in a conversation: `/start CODE`, `/menu`, `/help@PonteBot`, or a bare
 * `menu`. Returns undefined for ordinary text.
 */
export function parseTextCommand(raw: string): TextCommand | undefined {
  const text = raw.replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '').trim();
  const m = /^\/([a-zA-Z_]+)(?:@\w+)?(?:\s+(.*))?$/s.exec(text);
  const word = m ? m[1]!.toLowerCase() : text.toLowerCase();
  const command = WORDS[word];
  if (!command) return undefined;
  if (!m && command === 'start' && text.toLowerCase() !== 'start') return undefined;
  if (command === 'start') {
    const payload = m?.[2]?.trim();
    return payload ? { command, payload } : { command };
  }
  if (m?.[2] && m[2].trim()) return undefined; // "/menu something" is not the command
  return { command };
}
