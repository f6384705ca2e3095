/**
 * `npm run chat`: talk to Ponte in the terminal, over the same core as Telegram and Teams.
 * Interactive on a terminal; with piped input, one user message per line, every reply printed,
 * exit at end of input. Options: --user <id> (same id = same conversation later), --db <path or URL>
 * (a SQLite file, or a file: / postgres:// URL as in DATABASE_URL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { envWithDb } from '../storage/datasource';
import { createPonte } from '../app';
import { createLogger } from '../logger';
import { seedDemo } from '../seed/demo.seed';
import { interpretLine, renderForTerminal } from './console.renderer';
import type { Choice, IncomingMessage } from '../../core/messages';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: 'console-user' },
    db: { type: 'string' },
    lang: { type: 'string' },
  },
  allowPositionals: false,
});

const config = loadConfig(envWithDb(values.db));
const ponte = await createPonte({
  databaseUrl: config.DATABASE_URL,
  logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
  quietHours: { start: config.QUIET_HOURS_START, end: config.QUIET_HOURS_END },
  telegramBotUsername: config.TELEGRAM_BOT_USERNAME,
});

if ((await ponte.prisma.person.count()) === 0) {
  console.log('The database is empty: loading the demo programme (npm run seed -- --demo --json shows its invite codes)…');
  const demo = await seedDemo(ponte.prisma, { now: new Date() });
  console.log(`Demo loaded. Try a beneficiary code: ${demo.beneficiary[0]}, a tutor code: ${demo.tutor[0]}, a coordinator code: ${demo.coordinator[0]}\n`);
}

// Files the bot sends (a data export, a report) are personal data: they go to a private temporary
// folder (0700, files 0600) that is deleted when the chat ends, never to a folder that stays around.
let exportsDir: string | undefined;
function removeExports(): void {
  if (exportsDir) fs.rmSync(exportsDir, { recursive: true, force: true });
  exportsDir = undefined;
}
process.on('exit', removeExports);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));
let lastChoices: Choice[] = [];

async function say(line: string): Promise<void> {
  const content = interpretLine(line, lastChoices);
  const msg: IncomingMessage = { channel: 'console', chatId: values.user!, userId: values.user!, languageHint: values.lang, content };
  const replies = await ponte.engine.handle(msg);
  const rendered = renderForTerminal(replies, {
    saveAttachment(a) {
      exportsDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-files-'));
      const file = path.join(exportsDir, path.basename(a.filename));
      fs.writeFileSync(file, a.bytes, { mode: 0o600 });
      return `${file} (deleted when this chat ends)`;
    },
  });
  lastChoices = rendered.choices;
  process.stdout.write(rendered.text + '\n');
}

if (process.stdin.isTTY) {
  console.log(`Ponte in the terminal, as "${values.user}". Type a message, a button's number or its label. Ctrl+D to quit.\n`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  rl.prompt();
  for await (const line of rl) {
    if (line.trim()) await say(line);
    rl.prompt();
  }
} else {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    process.stdout.write(`> ${line}\n`);
    await say(line);
  }
}
await ponte.close();
removeExports();
