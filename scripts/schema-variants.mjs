// One Prisma schema (prisma/schema.prisma, SQLite) is the source of truth; the PostgreSQL schema is
// derived from it, never written by hand, so the two providers cannot drift apart. Used by
// scripts/prisma-generate.mjs (the PostgreSQL client) and scripts/migrate-diff.mjs (migrations for both).
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const SCHEMA = path.join(root, 'prisma', 'schema.prisma');

/** Where each provider's committed migrations live (same migration names in both). */
export const MIGRATION_DIRS = { sqlite: path.join(root, 'prisma', 'migrations'), postgresql: path.join(root, 'prisma', 'migrations-postgres') };

/** The schema with another datasource provider; everything else stays byte for byte. */
export function withProvider(schema, provider) {
  const out = schema.replace(/(datasource db \{[\s\S]*?provider\s*=\s*)"[a-z]+"/, `$1"${provider}"`);
  if (out === schema && provider !== 'sqlite') throw new Error('prisma/schema.prisma: no `datasource db { provider = "…" }` block found');
  return out;
}

/** The schema with the generator's output moved (the PostgreSQL client goes to generated/postgres). */
export function withOutput(schema, output) {
  return schema.replace(/generator client \{([\s\S]*?)\n\}/, (_block, body) => `generator client {${body}\n  output = "${output}"\n}`);
}

/**
 * Writes generated/schema.postgres.prisma (git-ignored: it is derived) and returns its path. Inside the
 * project, so the generated client resolves @prisma/client's runtime from node_modules.
 */
export function writePostgresSchema() {
  const file = path.join(root, 'generated', 'schema.postgres.prisma');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const header = '// DERIVED from prisma/schema.prisma by scripts/schema-variants.mjs: do not edit.\n';
  fs.writeFileSync(file, header + withOutput(withProvider(fs.readFileSync(SCHEMA, 'utf8'), 'postgresql'), './postgres'));
  return file;
}
