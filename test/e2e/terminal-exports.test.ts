/**
 * `npm run chat`: a data export is a file of personal data. It is written to a private temporary
 * folder (owner only) while the chat runs and is gone once the chat ends; nothing stays in ./data.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-exports-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('the export is shown while the chat runs and deleted when it ends', () => {
  const db = path.join(dir, 'ponte.db');
  const env = { ...process.env, DATABASE_URL: `file:${db}`, LOG_LEVEL: 'error' };
  const codes = JSON.parse(execFileSync(TSX, ['prisma/seed.ts', '--demo', '--json'], { cwd: ROOT, encoding: 'utf8', env })) as { beneficiary: string[] };
  const input = ['/start', 'English', '✅ I agree', codes.beneficiary[1], '🔐 My data', '📥 Download my data', ''].join('\n');
  const out = execFileSync(TSX, ['bot/console/chat.cli.ts', '--user', 'fatima'], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 60_000 });
  const files = [...out.matchAll(/📎 (\S+) \([^)]*\) → (\S+) \(deleted when this chat ends\)/g)].map((m) => ({ name: m[1]!, file: m[2]! }));
  expect(files.map((x) => x.name)).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.txt$/)]);
  for (const { file } of files) {
    expect(file.startsWith(os.tmpdir())).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  }
  expect(fs.existsSync(path.join(ROOT, 'data', 'exports', path.basename(files[0]!.file)))).toBe(false);
});
