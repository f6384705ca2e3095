// Prisma CLI configuration (Prisma 7). Ponte applies its own migrations at start-up
// (bot/storage/migrator.ts), so the CLI is needed only for `prisma generate` (postinstall) and for
// authoring migrations; no native schema engine is downloaded (see README, "Changing the schema").
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/ponte.db' },
});
