/** The admin command lines, run as an operator would (child processes on a temp database). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@prisma/client';
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

/** Reads the database the CLIs wrote, through the app's client (the CLIs run beside it, as beside a server). */
async function count<T>(f: (p: PrismaClient) => Promise<T>): Promise<T> {
  return f(h.ponte.prisma);
}

beforeAll(async () => {
  h = await createHarness({ demo: true });
  // A file: or postgresql: URL, as an operator passes --db.
  db = h.databaseUrl;
}, 60_000);
afterAll(() => h.close());

describe('npm run import', () => {
  it('--dry-run validates and writes nothing', () => {
    const r = run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Dry run: 3 of 3 entities are valid (3 new, 0 to update), 0 rejected. Nothing was written.');
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

  it('all or nothing: a file with a rejected row writes nothing; the corrected file imports; running it again updates, never duplicates', async () => {
    expect(run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv')]).code).toBe(0);
    expect(run('bot/cli/import.cli.ts', ['tutors', path.join(SAMPLES, 'tutors.csv')]).code).toBe(0);
    const dry = run('bot/cli/import.cli.ts', ['beneficiaries', path.join(SAMPLES, 'beneficiaries-with-errors.csv'), '--dry-run']);
    // The dry run lists every rejected row, each reason naming its column.
    expect(dry.code).toBe(2);
    expect(dry.err).toMatch(/line 3 \(B-0201\): column full_name: required; column language: .*; column path_start_date: expected a date dd\/mm\/yyyy or YYYY-MM-DD/);
    expect(dry.err).toContain('line 4 (B-0202): column tutor_code: tutor T-0011 does not work for E-TO-10');
    expect(dry.err).toContain('line 5 (B-0200): column code: B-0200 appears twice in the file');
    expect(dry.out).toContain('Dry run: 1 of 4 beneficiaries are valid (1 new, 0 to update), 3 rejected. Nothing was written.');
    const real = run('bot/cli/import.cli.ts', ['beneficiaries', path.join(SAMPLES, 'beneficiaries-with-errors.csv')]);
    expect(real.code).toBe(2);
    expect(real.out).toContain('Nothing was imported: 3 of 4 rows rejected.');
    expect(real.err).toContain('100% 4/4');
    // The one valid row was NOT written: the README promises all or nothing.
    expect(await count((p) => p.person.count({ where: { code: { in: ['B-0200', 'B-0201', 'B-0202'] } } }))).toBe(0);

    const fixed = run('bot/cli/import.cli.ts', ['beneficiaries', path.join(SAMPLES, 'beneficiaries-corrected.csv')]);
    expect(fixed.code).toBe(0);
    expect(fixed.out).toContain('Imported 3 beneficiaries: 3 new, 0 updated.');
    const b = await count((p) => p.person.findUnique({ where: { code: 'B-0201' }, include: { profile: true } }));
    expect(b?.profile?.province).toBe('Torino');
    // dd/mm/yyyy, as spreadsheets write it, is stored as an ISO date.
    expect(await count((p) => p.path.findFirst({ where: { beneficiaryId: b!.id } }))).toMatchObject({ startDate: '2026-10-01' });

    const again = run('bot/cli/import.cli.ts', ['beneficiaries', path.join(SAMPLES, 'beneficiaries-corrected.csv')]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Imported 3 beneficiaries: 0 new, 3 updated.');
    expect(await count((p) => p.path.count({ where: { beneficiaryId: b!.id } }))).toBe(1);
    expect(run('bot/cli/import.cli.ts', ['entities', path.join(SAMPLES, 'entities.csv')]).out).toContain('Imported 3 entities: 0 new, 3 updated.');
    expect(await count((p) => p.entity.count({ where: { code: 'E-TO-10' } }))).toBe(1);
  });

  it('regions and provinces are checked: an unknown region gets a suggestion, a province of another region is refused', () => {
    const file = path.join(h.dir, 'entities-regions.csv');
    fs.writeFileSync(file, 'code;name;type;province;region\nE-XX-01;Uno;other;Torino;Piemnte\nE-XX-02;Due;other;Milano;Piemonte\nE-XX-03;Tre;other;MI;lombardia\n');
    const r = run('bot/cli/import.cli.ts', ['entities', file, '--dry-run']);
    expect(r.err).toContain('line 2 (E-XX-01): column region: unknown region "Piemnte" (did you mean Piemonte?)');
    expect(r.err).toContain('line 3 (E-XX-02): column province: Milano is in Lombardia, not in Piemonte');
    expect(r.err).not.toContain('line 4');
  });

  it('an erased person is never brought back by a file', async () => {
    const erasedCode = 'B-0029';
    await count((p) => p.person.update({ where: { code: erasedCode }, data: { erasedAt: new Date(), fullName: '—' } }));
    const file = path.join(h.dir, 'erased.csv');
    fs.writeFileSync(file, `code;full_name;language;category;entity_code;tutor_code;province;path_start_date\n${erasedCode};Zainab Sesay;en;humanitarian;E-NO-01;T-0005;Novara;2026-10-05\n`);
    const r = run('bot/cli/import.cli.ts', ['beneficiaries', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`column code: ${erasedCode} belongs to a person whose data was erased`);
    expect((await count((p) => p.person.findUniqueOrThrow({ where: { code: erasedCode } }))).fullName).toBe('—');
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

  it('refuses a region that does not exist, with a suggestion, and provinces outside the region', () => {
    const r = run('bot/cli/invite.cli.ts', ['--role', 'coordinator', '--region', 'Piemnte']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown region "Piemnte" (did you mean Piemonte?)');
    const p = run('bot/cli/invite.cli.ts', ['--role', 'coordinator', '--region', 'Piemonte', '--provinces', 'TO,Milano']);
    expect(p.code).toBe(1);
    expect(p.err).toContain('Milano is in Lombardia, not in Piemonte');
    const ok = run('bot/cli/invite.cli.ts', ['--role', 'coordinator', '--region', 'piemonte', '--provinces', 'TO,cn']);
    expect(ok.out).toContain('scope: Piemonte (Torino, Cuneo)');
  });

  it('--person works without --role when the person has one role', async () => {
    const r = run('bot/cli/invite.cli.ts', ['--person', 'C-0001']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Found C-0001');
    expect(r.out).toContain('(coordinator · scope: Piemonte)');
    const none = run('bot/cli/invite.cli.ts', ['--person', 'X-9999']);
    expect(none.err).toContain('no person with code X-9999');
  });

  it('refuses a tutor without entity and name', () => {
    const r = run('bot/cli/invite.cli.ts', ['--role', 'tutor']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('needs --entity');
  });
});
