// `prisma generate` that works offline, for both providers. Prisma 7's CLI wants a native schema engine
// even to generate and would download one; Ponte applies its own migrations (bot/storage/migrator.ts)
// and never needs it, so a no-op binary stands in unless the environment names a real one.
// Two clients: the SQLite one (node_modules/.prisma/client, what `@prisma/client` resolves to and where
// the types come from) and the PostgreSQL one (generated/postgres, the same shape, its own query
// compiler), from a schema derived from prisma/schema.prisma (scripts/schema-variants.mjs).
// Extra arguments go to the first (SQLite) run only: `--schema x.prisma` regenerates just that one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { root, writePostgresSchema } from './schema-variants.mjs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync('/bin/true') ? '/bin/true' : '/usr/bin/true';
const cli = `${root}/node_modules/prisma/build/index.js`;
const generate = (args) => spawnSync(process.execPath, [cli, 'generate', ...args], { stdio: 'inherit', env, cwd: root }).status ?? 1;

const extra = process.argv.slice(2);
let status = generate(extra);
if (status === 0 && !extra.includes('--schema')) status = generate(['--schema', writePostgresSchema()]);
process.exit(status);
