/** What users send that the bot cannot read, odd updates, and Telegram's language as the first guess. */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postWebhook, telegramDriver } from '../../e2e/support/telegram.driver';

let f: ServerFixture;
let chat = 300;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook', dispatcher: true });
});
afterAll(async () => f?.close());
beforeEach(() => f.tg.reset());

async function post(update: Update): Promise<string[]> {
  const before = f.tg.calls.length;
  expect((await postWebhook(f, update)).status).toBe(200);
  await f.handled(update.update_id);
  return f.tg.calls.slice(before).filter((c) => c.method === 'sendMessage').map((c) => String(c.params.text));
}

it.each([
  ['a photo', (id: number) => f.tg.photoUpdate(id, { caption: 'my document', languageCode: 'en' })],
  ['a voice message', (id: number) => f.tg.voiceUpdate(id, { languageCode: 'en' })],
  ['a sticker', (id: number) => f.tg.stickerUpdate(id, { languageCode: 'en' })],
  ['a location', (id: number) => f.tg.locationUpdate(id, 45.46, 9.19, { languageCode: 'en' })],
  ['a document', (id: number) => f.tg.documentUpdate(id, { languageCode: 'en' })],
])('%s gets "I can read text and buttons", then the current screen again', async (_what, make) => {
  const texts = await post(make(++chat));
  expect(texts[0]).toBe('I can read text and buttons only. Please write a message or use the buttons.');
  expect(texts[1]).toContain('Choose your language');
});

it("answers in Telegram's language_code before a language is chosen", async () => {
  const texts = await post(f.tg.voiceUpdate(++chat, { languageCode: 'fr' }));
  expect(texts[0]).toMatch(/texte|boutons/i);
});

it('unknown button data gets "no longer valid" and the current screen', async () => {
  const id = ++chat;
  await telegramDriver(f, id, 'webhook').say('/start');
  const texts = await post(f.tg.callbackUpdate(id, 'zz-not-ours', 4242, { languageCode: 'en' }));
  expect(texts[0]).toContain('This button is no longer valid');
  expect(texts[1]).toContain('Choose your language');
});

it('nothing a user sends crashes the bot: odd updates are handled and the server keeps answering', async () => {
  const id = ++chat;
  const odd: Update[] = [
    f.tg.textUpdate(id, '/start ' + 'Z'.repeat(5000)),
    f.tg.textUpdate(id, '\u200B\u2066\uFEFF'),
    f.tg.textUpdate(id, '٣٣٣٣-٣٣٣٣ 🙂'.repeat(300)),
    f.tg.callbackUpdate(id, 'v999999.xx', 1),
    f.tg.callbackUpdate(id, 'g.nonsense', 2),
    { update_id: 880_001, edited_message: { message_id: 1, date: 1, chat: { id, type: 'private', first_name: 'T' }, text: 'edited', edit_date: 2 } } as Update,
    { update_id: 880_002, callback_query: { id: 'cb-no-message', from: { id, is_bot: false, first_name: 'T' }, chat_instance: 'x', data: 'v1.en' } } as Update,
  ];
  for (const u of odd) expect((await postWebhook(f, u)).status).toBe(200);
  expect((await fetch(`${f.baseUrl}/healthz`)).status).toBe(200);
  const reply = await telegramDriver(f, id, 'webhook').say('/start');
  expect(reply.texts.join('\n')).toBeTruthy();
});

it('a turn that cannot be saved leaves nothing behind, answers non-2xx, and its redelivery is handled once', async () => {
  const id = ++chat;
  const prisma = f.h.ponte.prisma;
  const update = f.tg.textUpdate(id, '/start', { languageCode: 'fr' });
  const saved = async () => ({
    accounts: await prisma.channelAccount.count({ where: { channel: 'telegram', externalId: String(id) } }),
    states: await prisma.conversationState.count({ where: { channel: 'telegram', chatId: String(id) } }),
    receipts: await prisma.processedUpdate.count({ where: { channel: 'telegram', updateId: String(update.update_id) } }),
    replies: await prisma.outboxMessage.count({ where: { channel: 'telegram', chatId: String(id) } }),
  });
  // The conversation state cannot be written: the turn fails after its receipt, account and reply reads.
  await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState" RENAME TO "ConversationState_away"');
  let status: number;
  try {
    status = (await postWebhook(f, update)).status;
    await f.handled(update.update_id);
    expect(await prisma.processedUpdate.count({ where: { updateId: String(update.update_id) } })).toBe(0);
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState_away" RENAME TO "ConversationState"');
  }
  expect(status).toBe(500);
  expect(f.tg.sent(id)).toEqual([]);
  expect(await saved()).toEqual({ accounts: 0, states: 0, receipts: 0, replies: 0 });
  expect(f.server.metrics.errors.get({ channel: 'telegram', kind: 'update_failed' })).toBe(1);

  // Telegram delivers it again (twice, even): handled once, answered in the user's language.
  expect((await postWebhook(f, update)).status).toBe(200);
  await f.handled(update.update_id);
  expect((await postWebhook(f, update)).status).toBe(200);
  await f.tg.quiet(50);
  const texts = f.tg.sent(id).map((c) => String(c.params.text));
  expect(texts).toHaveLength(1);
  expect(texts[0]).toContain('Choisissez votre langue');
  expect(await saved()).toEqual({ accounts: 1, states: 1, receipts: 1, replies: 0 });
});
