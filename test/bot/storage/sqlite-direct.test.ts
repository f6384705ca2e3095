/**
 * Raw statements run on the SQLite connection directly (bot/storage/sqlite-direct.ts), on a real SQLite
 * file: they must give exactly what Prisma gives for the same statement (Dates, booleans, numbers,
 * bigints, nulls; `$queryRawUnsafe` is left to Prisma and serves as the reference), belong to the unit's
 * transaction inside a unit, and outside one run lazily, each on its own or a list in one transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Prisma } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '@prisma/client';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { openDatabase, type Database } from '../../../bot/storage/database';
import { guardedSqlite, type SqlStats } from '../../../bot/storage/sqlite-connection';
import { DirectSqlite, UnitTimeoutError } from '../../../bot/storage/sqlite-direct';
import { PrismaUnitOfWork, scopedClient } from '../../../bot/storage/unit-of-work';

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

/** The same statement through Prisma's own client: `$queryRawUnsafe` is not taken over. */
const viaPrismaClient = (sql: Prisma.Sql) => db.prisma.$queryRawUnsafe<unknown[]>(sql.sql, ...sql.values);

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
      const before = db.stats.direct;
      const viaPrisma = await viaPrismaClient(probe(code));
      expect(db.stats.direct - before).toBe(0);
      const inUnit = await db.unitOfWork.run('probe', () => db.prisma.$queryRaw<unknown[]>(probe(code)));
      expect(db.stats.direct - before).toBe(3); // BEGIN, the SELECT, COMMIT: a raw-only unit is a direct transaction
      const outside = await db.prisma.$queryRaw<unknown[]>(probe(code));
      expect(db.stats.direct - before).toBe(4);
      expect(inUnit).toStrictEqual(viaPrisma);
      expect(outside).toStrictEqual(viaPrisma);
      expect(viaPrisma).toHaveLength(1);
    }
    // The tagged form and parameters of every kind (a Date, a boolean, a bigint, a string).
    const since = new Date('2026-11-30T00:00:00.000Z');
    const tagged = await db.unitOfWork.run('probe', () =>
      db.prisma.$queryRaw<Array<{ code: string }>>`SELECT "code" FROM "Person" WHERE "createdAt" >= ${since} AND "remindersEnabled" = ${false} AND ${1n} = 1 AND "code" <> ${''} ORDER BY "code"`,
    );
    expect(tagged).toStrictEqual(await viaPrismaClient(Prisma.sql`SELECT "code" FROM "Person" WHERE "createdAt" >= ${since} AND "remindersEnabled" = ${false} AND ${1n} = 1 AND "code" <> ${''} ORDER BY "code"`));
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

  it('outside a unit: run only when awaited, after an open unit, and a list in one transaction', async () => {
    const rename = (name: string) => db.prisma.$executeRaw`UPDATE "Person" SET "fullName" = ${name} WHERE "code" = ${'D-2'}`;
    const before = db.stats.direct;
    const lazy = rename('Never Awaited');
    await db.prisma.$queryRaw`SELECT 1`;
    expect(db.stats.direct - before).toBe(1); // the SELECT; the UPDATE was never awaited
    expect((await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-2' } })).fullName).toBe('Ṣāliḥ أحمد');
    void lazy;

    // A list: one transaction, all or nothing (the second statement breaks a NOT NULL column).
    const broken = db.prisma.$executeRaw`UPDATE "Person" SET "code" = NULL WHERE "code" = ${'D-2'}`;
    await expect(db.prisma.$transaction([rename('Half Saved'), broken])).rejects.toThrow(/NOT NULL/);
    expect((await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-2' } })).fullName).toBe('Ṣāliḥ أحمد');
    expect(await db.prisma.$transaction([rename('Both Saved'), db.prisma.$queryRaw`SELECT "fullName" FROM "Person" WHERE "code" = ${'D-2'}`])).toStrictEqual([1, [{ fullName: 'Both Saved' }]]);
    // Mixed with Prisma's own promises, the list is Prisma's transaction.
    const [, count] = await db.prisma.$transaction([rename('Ṣāliḥ أحمد'), db.prisma.person.count({ where: { fullName: 'Ṣāliḥ أحمد' } })]);
    expect(count).toBe(1);
  });
});

describe('a unit of work on SQLite: direct first, Prisma when it must', () => {
  const rename = (name: string) => db.prisma.$executeRaw`UPDATE "Person" SET "fullName" = ${name} WHERE "code" = ${'D-1'}`;
  const nameOf = async () => (await db.prisma.person.findUniqueOrThrow({ where: { code: 'D-1' } })).fullName;

  it('a unit that uses a Prisma model runs again in Prisma\'s transaction: its effects once, its afterCommit once', async () => {
    let runs = 0;
    let after = 0;
    const result = await db.unitOfWork.run('chat-mixed', async () => {
      runs += 1;
      await rename(`Run ${runs}`);
      db.unitOfWork.afterCommit(() => (after += 1));
      const roles = await db.prisma.personRole.count({ where: { person: { code: 'D-1' } } });
      return `${await nameOf()} with ${roles} roles`;
    });
    expect(runs).toBe(2); // the direct attempt stopped at personRole, then the Prisma transaction
    expect(result).toBe('Run 2 with 2 roles');
    expect(after).toBe(1);
    expect(await nameOf()).toBe('Run 2');
  });

  it('the stop is not lost when the code catches it: the direct attempt is rolled back anyway', async () => {
    let runs = 0;
    await db.unitOfWork.run('chat-catching', async () => {
      runs += 1;
      await rename(`Caught ${runs}`);
      await db.prisma.person.count().catch(() => -1);
    });
    expect(runs).toBe(2);
    expect(await nameOf()).toBe('Caught 2');
  });

  it("that chat's next unit starts in Prisma's transaction; a raw-only one sends the chat back to direct units", async () => {
    const begins = () => {
      const seen: string[] = [];
      db.stats.onStatement = (sql) => seen.push(sql);
      return () => {
        db.stats.onStatement = undefined;
        return seen.filter((s) => s === 'BEGIN').length;
      };
    };
    let directBefore = db.stats.direct;
    let done = begins();
    await db.unitOfWork.run('chat-learns', async () => void (await db.prisma.person.count()));
    expect(done()).toBe(2); // direct BEGIN, stopped; then Prisma's
    directBefore = db.stats.direct;
    done = begins();
    await db.unitOfWork.run('chat-learns', () => rename('Raw Only'));
    expect(done()).toBe(1);
    expect(db.stats.direct - directBefore).toBe(1); // only the UPDATE: BEGIN and COMMIT were Prisma's
    directBefore = db.stats.direct;
    await db.unitOfWork.run('chat-learns', () => rename('Direct Again'));
    expect(db.stats.direct - directBefore).toBe(3); // BEGIN, UPDATE, COMMIT
    expect(await nameOf()).toBe('Direct Again');
  });
});

describe('direct units that wait or run too long', () => {
  let root: PrismaClient;
  let units: PrismaUnitOfWork;
  let client: PrismaClient;

  beforeAll(async () => {
    const stats: SqlStats = { statements: 0, direct: 0, transactions: 0 };
    const direct = new DirectSqlite(stats);
    root = new PrismaClient({ adapter: guardedSqlite(new PrismaBetterSqlite3({ url: `file:${path.join(dir, 'direct.db')}` }), stats, direct) });
    await root.$queryRawUnsafe('SELECT 1'); // connects
    client = scopedClient(root, direct);
    units = new PrismaUnitOfWork(root, { direct, timeoutMs: 300, maxWaitMs: 200 });
  });
  afterAll(() => root?.$disconnect());

  it('a unit running past its timeout is rolled back, frees the connection, and its late statements are refused', async () => {
    let late: Promise<unknown> | undefined;
    let resume!: () => void;
    const paused = new Promise<void>((r) => (resume = r));
    const slow = units.run('slow', async () => {
      await client.$executeRaw`UPDATE "Person" SET "fullName" = ${'Too Slow'} WHERE "code" = ${'D-2'}`;
      await paused;
      late = client.$executeRaw`UPDATE "Person" SET "fullName" = ${'Too Late'} WHERE "code" = ${'D-2'}`;
      late.catch(() => undefined); // asserted below
    });
    await expect(slow).rejects.toBeInstanceOf(UnitTimeoutError);
    // The connection is free again, and nothing of the slow unit was kept.
    const name = await units.run('next', async () => (await client.$queryRaw<Array<{ fullName: string }>>`SELECT "fullName" FROM "Person" WHERE "code" = ${'D-2'}`)[0]!.fullName);
    expect(name).not.toMatch(/Too/);
    resume();
    await new Promise((r) => setTimeout(r, 20));
    await expect(late).rejects.toThrow(/ended/);
    expect((await root.person.findUniqueOrThrow({ where: { code: 'D-2' } })).fullName).not.toMatch(/Too/);
  });

  it('a unit that cannot have the connection within maxWait fails, and the connection is not lost to it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holder = units.run('holder', async () => {
      await client.$queryRaw`SELECT 1`;
      await held;
    });
    await new Promise((r) => setTimeout(r, 20));
    await expect(units.run('waiter', () => client.$queryRaw`SELECT 2`)).rejects.toBeInstanceOf(UnitTimeoutError);
    release();
    await holder;
    expect(await units.run('after', () => client.$queryRaw`SELECT 3 AS "n"`)).toEqual([{ n: 3n }]);
  });
});
