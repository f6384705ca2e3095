/**
 * The newcomer's path, through the real command lines: `npm run seed -- --demo --json`, then
 * `npm run chat` with piped input, twice with the same --user.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testProvider, type TestDatabase } from '../support/test-database';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
let dir: string;
let db: TestDatabase;
let other: TestDatabase;

function run(script: string, args: string[], input?: string): string {
  return execFileSync(TSX, [script, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'error' },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 60_000,
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-cli-'));
  // Never migrated: the command lines migrate a new database themselves.
  db = await createTestDatabase(fs.mkdtempSync(path.join(dir, 'a-')), { migrated: false });
  other = await createTestDatabase(fs.mkdtempSync(path.join(dir, 'b-')), { migrated: false });
});
afterAll(async () => {
  await db.drop();
  await other.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('terminal channel and demo seed, as a newcomer runs them', () => {
  let codes: { beneficiary: string[]; tutor: string[]; coordinator: string[]; caseload: Record<string, string[]> };

  it('seed --demo --json prints the invite codes and caseloads, idempotently', () => {
    codes = JSON.parse(run('prisma/seed.ts', ['--demo', '--json']));
    expect(codes.beneficiary.length).toBeGreaterThanOrEqual(30);
    expect(codes.tutor.length).toBeGreaterThanOrEqual(3);
    expect(codes.coordinator.length).toBeGreaterThanOrEqual(1);
    for (const c of [...codes.beneficiary, ...codes.tutor, ...codes.coordinator]) expect(c).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(Object.keys(codes.caseload).sort()).toEqual([...codes.tutor].sort());
    expect(Object.values(codes.caseload).flat()).toContain('Ahmed Hassan');
    const again = JSON.parse(run('prisma/seed.ts', ['--demo', '--json']));
    expect(again).toEqual(codes);
  });

  it('piped /start, a language, consent and a code print the welcome and the menu in that language', () => {
    const out = run('bot/console/chat.cli.ts', ['--user', 'x'], `/start\nFrançais\n1\n${codes.beneficiary[0]}\n`);
    expect(out).toContain('1. Italiano');
    expect(out).toContain('4. العربية');
    expect(out).toContain('Confidentialité');
    expect(out).toContain('Bienvenue, Ahmed Hassan');
    expect(out).toMatch(/Menu principal\. Que voulez-vous faire, Ahmed Hassan/);
  });

  it('a second run with the same --user continues in that language', () => {
    const out = run('bot/console/chat.cli.ts', ['--user', 'x'], 'menu\n');
    expect(out).toMatch(/Menu principal/);
    expect(out).not.toContain('Scegli la tua lingua');
  });

  it('--db points at another database, and an empty one loads the demo saying so', () => {
    // A SQLite file as a plain path (as people type it), a PostgreSQL database as its URL.
    const file = other.url.replace(/^file:/, '');
    const out = execFileSync(TSX, ['bot/console/chat.cli.ts', '--user', 'y', '--db', testProvider() === 'sqlite' ? file : other.url], { cwd: ROOT, input: '/start\n2\n', encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'error' } });
    expect(out).toContain('The database is empty: loading the demo programme');
    expect(out).toContain('Privacy notice');
    if (testProvider() === 'sqlite') expect(fs.existsSync(file)).toBe(true);
  });
});
