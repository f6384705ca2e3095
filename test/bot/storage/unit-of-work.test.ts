/**
 * Units of work on the real Prisma client and a real SQLite file: what a unit writes commits together or
 * not at all, wherever in the code the write happens; other work on the one SQLite connection neither
 * slips into an open unit nor is rolled back with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../bot/storage/database';

let dir: string;
let db: Database;
const people = () => db.prisma.person.findMany({ orderBy: { code: 'asc' }, select: { code: true } }).then((r) => r.map((p) => p.code));
const person = (code: string) => db.prisma.person.create({ data: { code, fullName: 'Unit Test' } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-uow-'));
  db = await openDatabase(`file:${path.join(dir, 'uow.db')}`);
});
afterAll(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.prisma.person.deleteMany();
});

describe('one unit, one transaction', () => {
  it('commits every write of the unit together, and runs afterCommit only then', async () => {
    const order: string[] = [];
    await db.unitOfWork.run('chat-1', async () => {
      await person('A');
      db.unitOfWork.afterCommit(() => order.push('after'));
      // A repository that opens its own transaction joins the unit.
      await db.prisma.$transaction(async (tx) => tx.person.create({ data: { code: 'B', fullName: 'Unit Test' } }));
      order.push('work');
    });
    expect(order).toEqual(['work', 'after']);
    expect(await people()).toEqual(['A', 'B']);
  });

  it('keeps nothing of a unit that throws, and skips its afterCommit', async () => {
    let after = false;
    const failing = db.unitOfWork.run('chat-1', async () => {
      await person('A');
      await db.prisma.$executeRaw`UPDATE "Person" SET "fullName" = ${'changed'} WHERE "code" = ${'A'}`;
      db.unitOfWork.afterCommit(() => (after = true));
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(after).toBe(false);
    expect(await people()).toEqual([]);
  });

  it('a unit started inside a unit joins it', async () => {
    await expect(
      db.unitOfWork.run('chat-1', async () => {
        await db.unitOfWork.run('chat-2', () => person('A'));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await people()).toEqual([]);
  });
});

describe('the single SQLite connection', () => {
  it('a statement from elsewhere waits for an open unit and is not rolled back with it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const unit = db.unitOfWork.run('chat-1', async () => {
      await person('IN-UNIT');
      entered();
      await held;
      throw new Error('rolled back');
    });
    await inside;
    let outsideDone = false;
    const outside = person('OUTSIDE').then(() => (outsideDone = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(outsideDone).toBe(false);
    release();
    await expect(unit).rejects.toThrow('rolled back');
    await outside;
    expect(await people()).toEqual(['OUTSIDE']);
  });
});
