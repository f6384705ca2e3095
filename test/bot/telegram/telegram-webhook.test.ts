/** The Telegram webhook route: who may post, what is refused, and what is processed once only. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postWebhook, telegramDriver } from '../../e2e/support/telegram.driver';

let f: ServerFixture;
let chat = 100;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
});
afterAll(async () => f?.close());
beforeEach(() => f.tg.reset());

const processed = () => f.h.ponte.prisma.processedUpdate.count({ where: { channel: 'telegram' } });
const accounts = () => f.h.ponte.prisma.channelAccount.count({ where: { channel: 'telegram' } });

describe('the secret token', () => {
  it('a request without the secret token is refused and nothing is processed', async () => {
    const before = { processed: await processed(), accounts: await accounts() };
    const res = await postWebhook(f, f.tg.textUpdate(++chat, '/start'), {});
    expect(res.status).toBe(401);
    expect(f.tg.sent()).toHaveLength(0);
    expect({ processed: await processed(), accounts: await accounts() }).toEqual(before);
  });

  it('a request with a wrong secret token is refused', async () => {
    const res = await postWebhook(f, f.tg.textUpdate(++chat, '/start'), { 'x-telegram-bot-api-secret-token': 'test-secret_124' });
    expect(res.status).toBe(401);
    expect(f.tg.sent()).toHaveLength(0);
  });

  it('the right secret token gets the update handled', async () => {
    const update = f.tg.textUpdate(++chat, '/start');
    const res = await postWebhook(f, update);
    expect(res.status).toBe(200);
    await f.handled(update.update_id);
    expect(f.tg.sent(chat)).toHaveLength(1);
  });
});

describe('bad bodies', () => {
  it('malformed JSON gets 400 and nothing is processed', async () => {
    const before = { processed: await processed(), accounts: await accounts() };
    const res = await postWebhook(f, '{"update_id": 1, "message": {');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'malformed_json' });
    expect(f.tg.calls).toHaveLength(0);
    expect({ processed: await processed(), accounts: await accounts() }).toEqual(before);
  });

  it('JSON that is not an update gets 400 and nothing is processed', async () => {
    const before = await processed();
    for (const body of [[1, 2], { message: { text: 'no update_id' } }, { update_id: 'seven' }, { update_id: 5, message: { chat: { id: 'x' } } }]) {
      const res = await postWebhook(f, body);
      expect(res.status).toBe(400);
    }
    expect(f.tg.calls).toHaveLength(0);
    expect(await processed()).toBe(before);
  });

  it('a body over 1 MB gets 413', async () => {
    const update = f.tg.textUpdate(++chat, 'x'.repeat(1024 * 1024 + 10));
    const res = await postWebhook(f, update);
    expect(res.status).toBe(413);
    expect(f.tg.calls).toHaveLength(0);
  });
});

it('a press whose turn fails is not answered: the webhook says 500 and carries no answerCallbackQuery, so Telegram delivers it again', async () => {
  const user = telegramDriver(f, ++chat, 'webhook');
  await user.say('/start');
  const answeredBefore = f.tg.callsOf('answerCallbackQuery').length;
  const prisma = f.h.ponte.prisma;
  await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState" RENAME TO "ConversationState_away"');
  try {
    await expect(user.press('English')).rejects.toThrow(/webhook answered 500/);
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState_away" RENAME TO "ConversationState"');
  }
  expect(f.tg.callsOf('answerCallbackQuery')).toHaveLength(answeredBefore);
});

describe('once only', () => {
  it('a repeated update_id is ignored', async () => {
    const update = f.tg.textUpdate(++chat, '/start');
    expect((await postWebhook(f, update)).status).toBe(200);
    await f.handled(update.update_id);
    expect((await postWebhook(f, update)).status).toBe(200);
    await f.tg.quiet(50);
    expect(f.tg.sent(chat)).toHaveLength(1);
    expect(f.server.metrics.duplicates.get({ channel: 'telegram' })).toBeGreaterThanOrEqual(1);
  });

  it('a double tap on a button does nothing the second time', async () => {
    const user = telegramDriver(f, ++chat, 'webhook');
    await user.say('/start');
    const kept = user.keep();
    const first = await user.press('English');
    expect(first.texts.join('\n')).toContain('Privacy notice');
    const second = await user.pressKept(kept, 'English');
    expect(second.texts).toEqual([]);
    // Both presses were answered (the spinner stops), and the pressed message lost its keyboard, marked with the choice.
    expect(f.tg.callsOf('answerCallbackQuery')).toHaveLength(2);
    // Both answers rode on the webhook's 200 (Telegram performs them): no Bot API call of their own.
    expect(f.tg.callsOf('answerCallbackQuery').map((c) => c.httpMethod)).toEqual(['WEBHOOK', 'WEBHOOK']);
    const edit = f.tg.callsOf('editMessageText')[0]!;
    expect(edit.params.text).toMatch(/✓ English$/);
    expect(edit.params.reply_markup).toBeUndefined();
  });
});

it('registers the webhook with its secret at start when TELEGRAM_WEBHOOK_URL is set', async () => {
  const g = await startServerFixture({ telegramMode: 'webhook', config: { TELEGRAM_WEBHOOK_URL: 'https://ponte.example.org/telegram/webhook' } });
  try {
    const call = g.tg.callsOf('setWebhook')[0]!;
    expect(call.params.url).toBe('https://ponte.example.org/telegram/webhook');
    expect(call.params.secret_token).toBe('test-secret_123');
    expect(call.params.allowed_updates).toEqual(['message', 'edited_message', 'callback_query', 'my_chat_member']);
  } finally {
    await g.close();
  }
});
