/**
 * Both providers' committed migrations produce the schema of prisma/schema.prisma: applied by Ponte to an
 * empty database of the run's provider (SQLite in the `sqlite` project, PostgreSQL in `postgres`), the
 * database is introspected and compared with the schema, table by table. And PostgreSQL instances that
 * start together migrate once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../bot/storage/database';
import { listMigrations, MIGRATIONS_DIR } from '../../../bot/storage/migrator';
import { applyPostgresMigrations, POSTGRES_MIGRATIONS_DIR } from '../../../bot/storage/migrator.postgres';
import { shapeFromDatabase, shapeFromPrismaSchema } from '../../support/schema-shape';
import { createTestDatabase, testProvider, type TestDatabase } from '../../support/test-database';
import { openRawSql } from '../../support/raw-sql';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-migrations-'));
const databases: TestDatabase[] = [];
const emptyDatabase = async () => {
  const db = await createTestDatabase(fs.mkdtempSync(path.join(dir, 'db-')), { migrated: false });
  databases.push(db);
  return db.url;
};
afterAll(async () => {
  for (const db of databases) await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('every migration exists for both providers, under the same name', () => {
  expect(listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name)).toEqual(listMigrations(MIGRATIONS_DIR).map((m) => m.name));
  expect(fs.readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
});

describe(`the ${testProvider()} migrations`, () => {
  it('applied to an empty database, give exactly the tables, columns, keys, indexes and foreign keys of prisma/schema.prisma', async () => {
    const url = await emptyDatabase();
    const db = await openDatabase(url);
    await db.close();
    expect(db.migrations.applied).toHaveLength(listMigrations().length);
    const actual = await shapeFromDatabase(url);
    const expected = shapeFromPrismaSchema(path.join(ROOT, 'prisma', 'schema.prisma'));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect(actual[table], table).toEqual(expected[table]);
  });

  it('the comparison notices drift: a column dropped by hand is reported', async () => {
    const url = await emptyDatabase();
    await (await openDatabase(url)).close();
    const raw = await openRawSql(url);
    await raw.run('ALTER TABLE "Appointment" DROP COLUMN "bring"');
    await raw.run('CREATE INDEX "extra_idx" ON "AuditEvent" ("actorId")');
    await raw.close();
    const actual = await shapeFromDatabase(url);
    const expected = shapeFromPrismaSchema(path.join(ROOT, 'prisma', 'schema.prisma'));
    expect(expected.Appointment!.columns.bring).toEqual({ type: 'text', nullable: true });
    expect(actual.Appointment).not.toEqual(expected.Appointment);
    expect(actual.AuditEvent!.indexes).toContain('actorId');
    expect(actual.AuditEvent).not.toEqual(expected.AuditEvent);
  });
});

describe.runIf(testProvider() === 'postgres')('PostgreSQL migrator', () => {
  it('four instances starting together: one applies each migration, the others wait for its lock and find nothing to do', async () => {
    const url = await emptyDatabase();
    const reports = await Promise.all([1, 2, 3, 4].map(() => applyPostgresMigrations(url)));
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(listMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
    const raw = await openRawSql(url);
    expect(await raw.one(`SELECT COUNT(*) n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).toBe(listMigrations(POSTGRES_MIGRATIONS_DIR).length);
    await raw.close();
  });

  it('refuses a migration edited after it was applied, and leaves nothing half-applied when one fails', async () => {
    const url = await emptyDatabase();
    const migrations = path.join(dir, 'pg-migrations');
    fs.mkdirSync(path.join(migrations, '001_x'), { recursive: true });
    fs.writeFileSync(path.join(migrations, '001_x', 'migration.sql'), 'CREATE TABLE t (id INTEGER);');
    expect((await applyPostgresMigrations(url, migrations)).applied).toEqual(['001_x']);
    fs.writeFileSync(path.join(migrations, '001_x', 'migration.sql'), 'CREATE TABLE t (id INTEGER, x TEXT);');
    await expect(applyPostgresMigrations(url, migrations)).rejects.toThrow(/changed after it was applied/);
    fs.writeFileSync(path.join(migrations, '001_x', 'migration.sql'), 'CREATE TABLE t (id INTEGER);');
    fs.mkdirSync(path.join(migrations, '002_bad'));
    fs.writeFileSync(path.join(migrations, '002_bad', 'migration.sql'), 'CREATE TABLE ok (id INTEGER); CREATE TABLE broken (;');
    await expect(applyPostgresMigrations(url, migrations)).rejects.toThrow();
    const raw = await openRawSql(url);
    expect(await raw.one(`SELECT COUNT(*) n FROM information_schema.tables WHERE table_name = 'ok'`)).toBe(0);
    expect(await raw.all(`SELECT migration_name FROM "_prisma_migrations"`)).toEqual([{ migration_name: '001_x' }]);
    await raw.close();
  });
});
