// Prisma CLI configuration. The JS engine with the better-sqlite3 adapter lets generate and migrate
// run offline (Prisma 6.19's WASM schema engine; no native engine download). See ../shared DESIGN.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/ponte.db' }),
});
