import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, listMigrations, pendingMigrations } from '../../bot/storage/migrator';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-mig-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('migrator', () => {
  it('applies every committed migration once, in Prisma format', () => {
    const file = path.join(tmp(), 'a.db');
    const first = applyMigrations(file);
    expect(first.applied).toEqual(listMigrations().map((m) => m.name));
    expect(applyMigrations(file).applied).toEqual([]);
    const db = new Sqlite(file);
    const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as Array<{ checksum: string; finished_at: string }>;
    expect(rows.map((r) => r.checksum)).toEqual(listMigrations().map((m) => m.checksum));
    expect(pendingMigrations(db)).toEqual([]);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type='table' AND name='OutboxMessage'`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('refuses a migration edited after it was applied', () => {
    const dir = tmp();
    const migDir = path.join(dir, 'migrations', '001_x');
    fs.mkdirSync(migDir, { recursive: true });
    fs.writeFileSync(path.join(migDir, 'migration.sql'), 'CREATE TABLE t (id INTEGER);');
    const file = path.join(dir, 'b.db');
    applyMigrations(file, path.join(dir, 'migrations'));
    fs.writeFileSync(path.join(migDir, 'migration.sql'), 'CREATE TABLE t (id INTEGER, x TEXT);');
    expect(() => applyMigrations(file, path.join(dir, 'migrations'))).toThrow(/changed after it was applied/);
  });

  it('leaves nothing half-applied when a migration fails', () => {
    const dir = tmp();
    const migDir = path.join(dir, 'migrations', '001_bad');
    fs.mkdirSync(migDir, { recursive: true });
    fs.writeFileSync(path.join(migDir, 'migration.sql'), 'CREATE TABLE ok (id INTEGER); CREATE TABLE broken (;');
    const file = path.join(dir, 'c.db');
    expect(() => applyMigrations(file, path.join(dir, 'migrations'))).toThrow();
    const db = new Sqlite(file);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name='ok'`).get()).toEqual({ n: 0 });
    expect(pendingMigrations(db, path.join(dir, 'migrations'))).toEqual(['001_bad']);
    db.close();
  });
});
