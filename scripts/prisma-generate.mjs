// `prisma generate` that works offline. Prisma 7's CLI wants a native schema engine even to generate
// and would download one; Ponte applies its own migrations (bot/storage/migrator.ts) and never needs it,
// so a no-op binary stands in unless the environment names a real one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync('/bin/true') ? '/bin/true' : '/usr/bin/true';
const args = ['generate', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
