/**
 * Long polling does not move past an update whose turn did not commit: with the database refusing the
 * turn, the update stays unconfirmed at the (fake) Bot API; once the database is back, the same update
 * is handled, once, and then confirmed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'polling' });
});
afterAll(() => f?.close());

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1_000; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('keeps an update whose turn failed unconfirmed, and handles it once the database is back', async () => {
  const chat = 9301;
  const prisma = f.h.ponte.prisma;
  const update = f.tg.textUpdate(chat, '/start', { languageCode: 'en' });
  const polls = () => f.tg.callsOf('getUpdates').length;
  await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState" RENAME TO "ConversationState_away"');
  try {
    f.tg.pushUpdate(update);
    await until(() => f.server.metrics.errors.get({ channel: 'telegram', kind: 'update_failed' }) >= 1, 'the failed turn');
    // Asked for again from the same offset: still pending at the Bot API, nothing saved, nothing sent.
    const after = polls();
    await until(() => polls() > after, 'the next getUpdates');
    expect(f.tg.pendingUpdates().map((u) => u.update_id)).toContain(update.update_id);
    expect(f.tg.sent(chat)).toEqual([]);
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState_away" RENAME TO "ConversationState"');
  }
  await until(() => f.tg.sent(chat).length > 0, 'the reply');
  await until(() => !f.tg.pendingUpdates().some((u) => u.update_id === update.update_id), 'the confirmation');
  expect(f.tg.sent(chat)).toHaveLength(1);
  expect(String(f.tg.sent(chat)[0]!.params.text)).toContain('Choose your language');
  expect(await prisma.processedUpdate.count({ where: { channel: 'telegram', updateId: String(update.update_id) } })).toBe(1);
});

it('passes over a polled update that does not have the shape we rely on, and handles the next one', async () => {
  const chat = 9302;
  const bad = f.tg.textUpdate(chat, 'hello', { languageCode: 'en' });
  delete (bad.message as { chat?: unknown }).chat;
  f.tg.pushUpdate(bad);
  const good = f.tg.pushUpdate(f.tg.textUpdate(chat, '/start', { languageCode: 'en' }));
  await until(() => f.tg.sent(chat).length > 0, 'the reply to the valid update');
  await until(() => f.tg.pendingUpdates().length === 0, 'both confirmed');
  expect(f.tg.sent(chat)).toHaveLength(1);
  expect(await f.h.ponte.prisma.processedUpdate.count({ where: { channel: 'telegram', updateId: String(bad.update_id) } })).toBe(0);
  expect(await f.h.ponte.prisma.processedUpdate.count({ where: { channel: 'telegram', updateId: String(good.update_id) } })).toBe(1);
});
