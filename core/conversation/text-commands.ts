/**
 * Commands typed as text: `/start CODE`, `/menu@PonteBot`, or a command word typed alone in any
 * language Ponte speaks ("menu", "aiuto", "مساعدة", "ሓገዝ"...). The words are locale data
 * (`common:commands.<command>`, several separated by "|"), compared after the same normalisation as
 * the glossary search, so letter variants, case, accents and invisible marks do not matter.
 */
import type { Translator } from '../ports/translator';
import { normalizeText } from '../content/text-normalize';
import type { GlobalCommand } from './action-data';

/** What a typed word can ask for. `stop` = stop reminders (after a confirmation), not "cancel". */
export const COMMAND_WORDS = ['start', 'menu', 'help', 'language', 'cancel', 'back', 'stop'] as const;
export type CommandWord = (typeof COMMAND_WORDS)[number];

export type TextCommand = { command: 'start'; payload?: string } | { command: GlobalCommand } | { command: 'stop' };

/** Normalised word → command. */
export type CommandLexicon = ReadonlyMap<string, CommandWord>;

export interface LexiconBuild {
  lexicon: CommandLexicon;
  /** Words that two languages give to different commands (the first one wins); a test keeps this empty. */
  conflicts: Array<{ word: string; commands: [CommandWord, CommandWord]; language: string }>;
}

/** Builds the lexicon from `[language, command, "word|word"]` entries. */
export function buildCommandLexicon(entries: Iterable<readonly [string, CommandWord, string]>): LexiconBuild {
  const lexicon = new Map<string, CommandWord>();
  const conflicts: LexiconBuild['conflicts'] = [];
  for (const [language, command, words] of entries) {
    for (const raw of words.split('|')) {
      const word = normalizeText(raw);
      if (!word) continue;
      const known = lexicon.get(word);
      if (known && known !== command) conflicts.push({ word, commands: [known, command], language });
      else lexicon.set(word, command);
    }
  }
  return { lexicon, conflicts };
}

/** The command words of every language the translator offers. */
export function commandLexicon(translator: Pick<Translator, 't' | 'languages' | 'exists'>): LexiconBuild {
  const entries: Array<[string, CommandWord, string]> = [];
  // English first: its words are the slash commands of the help texts, so they win any clash.
  const languages = [...translator.languages()].sort((a, b) => Number(b === 'en') - Number(a === 'en'));
  for (const lng of languages) {
    for (const command of COMMAND_WORDS) {
      const key = `common:commands.${command}`;
      if (translator.exists(lng, key)) entries.push([lng, command, translator.t(lng, key)]);
    }
  }
  return buildCommandLexicon(entries);
}

/** The English, Italian and French words, for callers without a translator (and as the floor). */
export const BASIC_LEXICON: CommandLexicon = buildCommandLexicon([
  ['en', 'start', 'start'],
  ['en', 'menu', 'menu'],
  ['en', 'help', 'help|aiuto|aide'],
  ['en', 'language', 'language|lingua|langue|lang'],
  ['en', 'cancel', 'cancel|annulla|annuler'],
  ['en', 'back', 'back|indietro|retour'],
  ['en', 'stop', 'stop'],
]).lexicon;

/**
 * Recognises a command anywhere in a conversation: `/start CODE`, `/menu`, `/help@PonteBot`, or a
 * command word typed alone. Returns undefined for ordinary text ("menu please" is not a command).
 */
export function parseTextCommand(raw: string, lexicon: CommandLexicon = BASIC_LEXICON): TextCommand | undefined {
  const text = raw.replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '').trim();
  const slash = /^\/([a-zA-Z_]+)(?:@\w+)?(?:\s+(.*))?$/s.exec(text);
  // A whole message of at most a few words: a long text is never a command, whatever it starts with.
  const word = slash ? slash[1]!.toLowerCase() : text.length <= 40 ? normalizeText(text) : '';
  const command = lexicon.get(word) ?? (slash ? BASIC_LEXICON.get(word) : undefined);
  if (!command) return undefined;
  if (command === 'start') {
    const payload = slash?.[2]?.trim();
    return payload ? { command, payload } : { command };
  }
  if (slash?.[2] && slash[2].trim()) return undefined; // "/menu something" is not the command
  return { command };
}
