/**
 * Raw statements inside a unit of work run on the SQLite connection directly (bot/storage/sqlite-direct.ts),
 * on a real SQLite file: they must give exactly what Prisma's `$queryRaw` / `$executeRaw` give for the
 * same statement (Dates, booleans, numbers, bigints, nulls), belong to the unit's transaction, and leave
 * statements outside units to Prisma.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Prisma } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../bot/storage/database';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-direct-'));
  db = await openDatabase(`file:${path.join(dir, 'direct.db')}`);
  const at = new Date('2026-11-30T09:15:00.250Z');
  await db.prisma.person.create({ data: { code: 'D-1', fullName: 'Amal Direct', remindersEnabled: false, createdAt: at, roles: { create: [{ role: 'beneficiary' }, { role: 'tutor' }] } } });
  await db.prisma.person.create({ data: { code: 'D-2', fullName: 'Ṣāliḥ أحمد', erasedAt: at, createdAt: at } });
});
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Columns of every kind a repository reads: DATETIME, BOOLEAN, TEXT, a null, and untyped expressions. */
const probe = (code: string) => Prisma.sql`
  SELECT p."code", p."fullName", p."createdAt", p."erasedAt", p."remindersEnabled", p."language",
         (SELECT COUNT(*) FROM "PersonRole" r WHERE r."personId" = p."id") AS "roles",
         (SELECT MAX(r."role") FROM "PersonRole" r WHERE r."personId" = p."id") AS "topRole",
         MAX(p."createdAt") AS "latest", 1.5 AS "half", NULL AS "nothing"
  FROM "Person" p WHERE p."code" = ${code} GROUP BY p."id"`;

describe('raw statements of a unit, run on the connection directly', () => {
  it('return what Prisma returns for the same statement, value for value and type for type', async () => {
    for (const code of ['D-1', 'D-2']) {
      const viaPrisma = await db.prisma.$queryRaw<unknown[]>(probe(code));
      const before = db.stats.direct;
      const direct = await db.unitOfWork.run('probe', () => db.prisma.$queryRaw<unknown[]>(probe(code)));
      expect(db.stats.direct - before).toBe(1);
      expect(direct).toStrictEqual(viaPrisma);
      expect(viaPrisma).toHaveLength(1);
    }
    // The tagged form and parameters of every kind (a Date, a boolean, a bigint, a string).
    const since = new Date('2026-11-30T00:00:00.000Z');
    const tagged = await db.unitOfWork.run('probe', () =>
      db.prisma.$queryRaw<Array<{ code: string }>>`SELECT "code" FROM "Person" WHERE "createdAt" >= ${since} AND "remindersEnabled" = ${false} AND ${1n} = 1 AND "code" <> ${''} ORDER BY "code"`,
    );
    expect(tagged).toStrictEqual(await db.prisma.$queryRaw`SELECT "code" FROM "Person" WHERE "createdAt" >= ${since} AND "remindersEnabled" = ${false} AND ${1n} = 1 AND "code" <> ${''} ORDER BY "code"`);
    expect(tagged).toEqual([{ code: 'D-1' }]);
  });

  it('write in the unit: counted as Prisma counts, rolled back with it, committed with it', async () => {
    const rename = (name: string) => db.prisma.$executeRaw`UPDATE "Person" SET "fullName" = ${name} WHERE "code" = ${'D-1'}`;
    const failed = db.unitOfWork.run('write', async () => {
      expect(await rename('Rolled Back')).toBe(1);
      // Read back inside the unit: the direct statement and Prisma's see the same transaction.
      expect((await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-1' } })).fullName).toBe('Rolled Back');
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect((await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-1' } })).fullName).toBe('Amal Direct');
    await db.unitOfWork.run('write', async () => expect(await rename('Amal Committed')).toBe(1));
    expect((await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-1' } })).fullName).toBe('Amal Committed');
  });

  it('a failing statement rejects (never throws synchronously) and fails the unit', async () => {
    const unit = db.unitOfWork.run('bad', () => {
      const p = db.prisma.$executeRaw`INSERT INTO "Person" ("id", "code", "fullName", "updatedAt") VALUES (${'x'}, ${'D-1'}, ${'Duplicate code'}, ${new Date()})`;
      expect(p).toBeInstanceOf(Promise);
      return p;
    });
    await expect(unit).rejects.toThrow(/UNIQUE/);
    expect(await db.prisma.person.count({ where: { code: 'D-1' } })).toBe(1);
  });

  it('outside a unit, raw statements still go through Prisma', async () => {
    const before = db.stats.direct;
    await db.prisma.$queryRaw`SELECT 1`;
    await db.prisma.$executeRaw`UPDATE "Person" SET "language" = "language" WHERE 1 = 0`;
    expect(db.stats.direct).toBe(before);
  });
});
