// `npm run db:diff -- <name>`: writes the migration that takes the schema of the last commit
// (git HEAD:prisma/schema.prisma) to the working prisma/schema.prisma, for both providers, under the same
// name: prisma/migrations/<timestamp>_<name>/migration.sql (SQLite) and
// prisma/migrations-postgres/<timestamp>_<name>/migration.sql (PostgreSQL, from the derived schema of
// scripts/schema-variants.mjs). `--from-empty` diffs from nothing instead; `--print` prints the SQL of
// both without writing anything.
//
// Why this detour: Prisma 7's CLI needs a native schema engine for `migrate diff`, and none can be
// downloaded here. Prisma 6.19's CLI runs its schema engine as WebAssembly, so it is installed once (from
// the npm registry) into node_modules/.cache/prisma6 and used for the diff only. Runtime and `prisma
// generate` stay on Prisma 7.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATION_DIRS, root, withProvider } from './schema-variants.mjs';

const cache = path.join(root, 'node_modules', '.cache', 'prisma6');
const args = process.argv.slice(2);
const fromEmpty = args.includes('--from-empty');
const printOnly = args.includes('--print');
const name = args.find((a) => !a.startsWith('--'));
if (!printOnly && !/^[a-z0-9_]+$/.test(name ?? '')) {
  console.error('usage: npm run db:diff -- <name_in_snake_case> [--from-empty] [--print]');
  process.exit(2);
}

if (!fs.existsSync(path.join(cache, 'node_modules', 'prisma', 'package.json'))) {
  fs.mkdirSync(cache, { recursive: true });
  fs.writeFileSync(path.join(cache, 'package.json'), '{"private":true,"type":"module"}\n');
  console.error('Installing prisma@6.19.3 (WASM schema engine) into node_modules/.cache/prisma6 …');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'prisma@6.19.3', '@prisma/adapter-better-sqlite3@6.19.3'], { cwd: cache, stdio: 'inherit' });
}

/** The datamodel in a form 6.19 reads: its own generator settings, a URL in the datasource block. */
function forPrisma6(schema) {
  return schema
    .replace(/generator client \{[\s\S]*?\n\}/, 'generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n}')
    .replace(/datasource db \{[\s\S]*?\n\}/, (block) => block.replace(/\n\}$/, '\n  url      = "file:./unused.db"\n}').replace(/\n\s*url\s*=.*\n(\s*url)/, '\n$1'));
}

const work = fs.mkdtempSync(path.join(cache, 'diff-'));
try {
  fs.writeFileSync(
    path.join(work, 'prisma.config.mjs'),
    `import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
export default { engine: 'js', experimental: { adapter: true }, adapter: async () => new PrismaBetterSQLite3({ url: 'file::memory:' }) };
`,
  );
  fs.writeFileSync(path.join(work, 'noop.node'), '');
  const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: path.join(work, 'noop.node'), PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  const cli = path.join(cache, 'node_modules', 'prisma', 'build', 'index.js');
  const working = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  const head = fromEmpty ? null : execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root, encoding: 'utf8' });

  // The datamodel's provider decides the SQL dialect; the in-memory adapter above only hosts the engine.
  const scripts = {};
  for (const provider of ['sqlite', 'postgresql']) {
    fs.writeFileSync(path.join(work, 'to.prisma'), forPrisma6(withProvider(working, provider)));
    const from = ['--from-empty'];
    if (head !== null) {
      fs.writeFileSync(path.join(work, 'from.prisma'), forPrisma6(withProvider(head, provider)));
      from.splice(0, 1, '--from-schema-datamodel', path.join(work, 'from.prisma'));
    }
    const run = spawnSync(process.execPath, [cli, 'migrate', 'diff', '--config', path.join(work, 'prisma.config.mjs'), ...from, '--to-schema-datamodel', path.join(work, 'to.prisma'), '--script'], { cwd: work, env, encoding: 'utf8' });
    if (run.status !== 0) {
      console.error(run.stderr || run.stdout);
      process.exit(run.status ?? 1);
    }
    scripts[provider] = run.stdout;
  }
  if (printOnly) {
    for (const [provider, sql] of Object.entries(scripts)) process.stdout.write(`-- ${provider}\n${sql}\n`);
  } else if (!/\S/.test(scripts.sqlite.replace(/^--.*$/gm, ''))) {
    console.error('No difference between HEAD and the working schema: nothing written.');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    for (const [provider, sql] of Object.entries(scripts)) {
      const dir = path.join(MIGRATION_DIRS[provider], `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
      console.error(`Wrote ${path.relative(root, dir)}/migration.sql`);
    }
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
