/**
 * The write-ahead log checkpointed on a thread of its own (bot/storage/wal-checkpoint-thread.ts), on a
 * real SQLite file: the pages the app writes reach the database file from the other thread, long before
 * the app's own connection would checkpoint (its threshold, ~40 MB, stays as a safety net).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../bot/storage/database';

const opened: Array<{ db: Database; dir: string }> = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function open(backgroundCheckpoint: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-ckpt-'));
  const file = path.join(dir, 'ckpt.db');
  const db = await openDatabase(`file:${file}`, { backgroundCheckpoint: backgroundCheckpoint ? { intervalMs: 50 } : undefined });
  opened.push({ db, dir });
  return { db, file };
}

/** About 2 MB of new rows, in 20 units of work, as turns would write them. */
async function write(db: Database, tag: string) {
  for (let batch = 0; batch < 20; batch++) {
    await db.unitOfWork.run(`chat-${batch}`, async () => {
      for (let i = 0; i < 50; i++) {
        const id = `${tag}-${batch}-${i}`;
        await db.prisma.$executeRaw`INSERT INTO "AuditEvent" ("id", "at", "action", "subjectType", "subjectId", "detailJson") VALUES (${id}, ${new Date()}, ${'bench'}, ${'x'}, ${id}, ${'y'.repeat(2000)})`;
      }
    });
  }
}

const autocheckpoint = async (db: Database) => Number((await db.prisma.$queryRawUnsafe<Array<{ wal_autocheckpoint: bigint }>>('PRAGMA wal_autocheckpoint'))[0]!.wal_autocheckpoint);

describe('checkpoints on a thread of their own', () => {
  it("the app's pages reach the database file from the other thread, and the log starts again from the top after a pause", async () => {
    const { db, file } = await open(true);
    expect(await autocheckpoint(db)).toBe(10_000);
    const before = fs.statSync(file).size;
    await write(db, 'bg');
    await expect.poll(() => fs.statSync(file).size - before, { timeout: 5_000, interval: 50 }).toBeGreaterThan(1_500_000);
    const walAfterFirst = fs.statSync(`${file}-wal`).size;
    // A pause: the thread catches up with the log's end, so the next writes reuse the log from its start.
    await new Promise((r) => setTimeout(r, 200));
    await write(db, 'bg2');
    await expect.poll(() => fs.statSync(file).size - before, { timeout: 5_000, interval: 50 }).toBeGreaterThan(3_000_000);
    expect(fs.statSync(`${file}-wal`).size).toBeLessThanOrEqual(walAfterFirst * 1.2);
  });

  it('without it (tools, tests) the app connection checkpoints as before, every ~40 MB: the same writes stay in the log', async () => {
    const { db, file } = await open(false);
    expect(await autocheckpoint(db)).toBe(10_000);
    const before = fs.statSync(file).size;
    await write(db, 'inline');
    await new Promise((r) => setTimeout(r, 300));
    expect(fs.statSync(file).size - before).toBeLessThan(100_000);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1_500_000);
  });
});
