import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files that reach a database: those that import, directly or through a helper of test/, the
 * harness, the server fixture, the test database or the app's storage. They run twice, on SQLite and
 * on PostgreSQL; pure tests (parsers, locales, core rules) run once. Found by reading the imports, so a
 * new integration test joins the PostgreSQL run without being listed anywhere.
 */
function databaseTests(): string[] {
  const touches = /support\/(ponte-harness|test-database|raw-sql)|e2e\/support\/server\.fixture|bot\/(app|storage\/database)['"]/;
  const memo = new Map<string, boolean>();
  const reaches = (file: string, seen: Set<string>): boolean => {
    if (memo.has(file)) return memo.get(file)!;
    if (seen.has(file) || !fs.existsSync(file)) return false;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    const hit =
      touches.test(src) ||
      [...src.matchAll(/from\s+['"](\.{1,2}\/[^'"]+)['"]/g)].some((m) => {
        const target = path.resolve(path.dirname(file), m[1]!);
        return target.includes(`${path.sep}test${path.sep}`) && reaches(target.endsWith('.ts') ? target : `${target}.ts`, seen);
      });
    memo.set(file, hit);
    return hit;
  };
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.test.ts') && reaches(p, new Set())) out.push(path.relative(import.meta.dirname, p));
    }
  };
  walk(path.join(import.meta.dirname, 'test'));
  return out.sort();
}

const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    ...shared,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: databaseTests(),
          // SQLite-only by nature: its migrator and its file.
          exclude: ['test/bot/migrator.test.ts'],
          env: { PONTE_TEST_DB: 'postgres' },
          // One cluster for the run (started and removed by the tests themselves, as user postgres when root).
          globalSetup: ['test/support/postgres.global-setup.ts'],
        },
      },
    ],
  },
});
