/**
 * Runs a scripts/demo-beneficiary-*.txt file the way `npm run chat -- --user <id> < file` does (same
 * line interpretation and terminal rendering), against a harness, and returns the transcript.
 */
import fs from 'node:fs';
import path from 'node:path';
import { interpretLine, renderForTerminal } from '../../../bot/console/console.renderer';
import type { Choice } from '../../../core/messages';
import type { Harness } from '../../support/ponte-harness';

export interface ScriptStep {
  line: string;
  output: string;
}

/** Reads the script; `@CODE@` is replaced by the invite code, other lines by `replace`. */
export function readScript(name: string, code: string, replace: Record<string, string> = {}): string[] {
  const file = path.resolve(import.meta.dirname, '../../../scripts', name);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (l === '@CODE@' ? code : (replace[l] ?? l)));
}

export async function runScript(h: Harness, userId: string, lines: string[]): Promise<ScriptStep[]> {
  let choices: Choice[] = [];
  const steps: ScriptStep[] = [];
  for (const line of lines) {
    const content = interpretLine(line, choices);
    const replies = await h.ponte.engine.handle({ channel: 'console', chatId: userId, userId, content });
    const rendered = renderForTerminal(replies);
    choices = rendered.choices;
    steps.push({ line, output: rendered.text });
  }
  return steps;
}

/** The transcript as the terminal shows it; written to $TRANSCRIPT_DIR/<name> when that is set. */
export function transcript(steps: ScriptStep[], name?: string): string {
  const text = steps.map((s) => `> ${s.line}\n${s.output}`).join('\n');
  if (name && process.env.TRANSCRIPT_DIR) fs.writeFileSync(path.join(process.env.TRANSCRIPT_DIR, name), text);
  return text;
}
