/** The admin command lines, run as an operator would (child processes on a temp database). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { createHarness, type Harness } from '../../support/ponte-harness';

const ROOT = path.resolve(__dirname, '../../..');
const SAMPLES = path.join(ROOT, 'docs/import-samples');
let h: Harness;
let db: string;

function run(script: string, args: string[]): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args, '--db', db], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    return { code: 0, out, err: '' };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: x.stdout, err: x.stderr };
  }
}

async function count<T>(f: (p: PrismaClient) => Promise<T>): Promise<T> {
  const p = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${db}` }) });
  try {
    return await f(p);
  } finally {
    await p.$disconnect();
  }
}

beforeAll(async () => {
  h = await createHarness({ demo: true });
  db = path.join(h.dir, 'cli.db');
  await h.ponte.close();
  fs.copyFileSync(h.dbFile, db);
}, 60_000);
afterAll(() => fs.rmSync(h.dir, { recursive: true, force: true }));

describe('npm run import', () => {
  it('--dry-run validates and writes nothing', () => {
    const r = run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry run: 3 of 3 entities would be imported');
    return expect(count((p) => p.entity.count({ where: { code: 'E-TO-10' } }))).resolves.toBe(0);
  });

  it('a wrong header is a file-level error: nothing imported, exit 1', async () => {
    const r = run('bot/cli/import.cli.ts', ['tutors', path.join(SAMPLES, 'entities.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('wrong header');
    expect(r.err).toContain('Nothing was imported');
  });

  it('a file that is not UTF-8 is refused before any row', () => {
    const bad = path.join(h.dir, 'latin1.csv');
    fs.writeFileSync(bad, Buffer.from('code;name;type;province;region\nE-XX-01;Caff\xe8 Torino;other;Torino;Piemonte\n', 'latin1'));
    const r = run('bot/cli/import.cli.ts', ['entities', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not UTF-8');
  });

  it('imports valid rows in one go and reports each rejected row with its reason', async () => {
    expect(run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv')]).code).toBe(0);
    expect(run('bot/cli/import.cli.ts', ['tutors', path.join(SAMPLES, 'tutors.csv')]).code).toBe(0);
    const r = run('bot/cli/import.cli.ts', ['beneficiaries', path.join(SAMPLES, 'beneficiaries-with-errors.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 3 \(B-0201\): full_name: required; language: .*; path_start_date: expected a date/);
    expect(r.err).toContain('line 4 (B-0202): tutor T-0011 does not work for E-TO-10');
    expect(r.err).toContain('line 5 (B-0200): code B-0200 appears twice in the file');
    expect(r.err).toContain('100% 4/4');
    const b = await count((p) => p.person.findUnique({ where: { code: 'B-0200' }, include: { profile: true, roles: true } }));
    expect(b?.profile?.province).toBe('Torino');
    expect(await count((p) => p.path.count({ where: { beneficiaryId: b!.id } }))).toBe(1);
    // Run again: every row now exists, nothing is duplicated.
    const again = run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv')]);
    expect(again.err).toContain('code E-TO-10 already exists');
    expect(await count((p) => p.entity.count({ where: { code: 'E-TO-10' } }))).toBe(1);
  });
});

describe('npm run invite', () => {
  it('creates a regional coordinator and prints a code that the bot accepts', async () => {
    const r = run('bot/cli/invite.cli.ts', ['--role', 'coordinator', '--region', 'Piemonte', '--provinces', 'Torino']);
    expect(r.code).toBe(0);
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(r.out)?.[1];
    expect(code).toBeDefined();
    expect(r.out).toContain('scope: Piemonte (Torino)');
    const invite = await count((p) => p.inviteCode.findUnique({ where: { code: code!.replace('-', '') }, include: { person: { include: { roles: true } } } }));
    expect(invite?.role).toBe('coordinator');
    expect(invite?.person.region).toBe('Piemonte');
    expect(invite?.person.provincesJson).toBe('["Torino"]');
  });

  it('refuses a tutor without entity and name', () => {
    const r = run('bot/cli/invite.cli.ts', ['--role', 'tutor']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('needs --entity');
  });
});
