/**
 * Replies when the Bot API misbehaves, through the real webhook, the real grammY client, the reply
 * delivery and the outbox dispatcher (the manual clock drives its backoff): a Bot API that hangs, that
 * answers 429 with retry_after 40, that answers 500 three times. The webhook is answered once the turn
 * has committed, whatever the Bot API does; other chats are served meanwhile; each reply reaches the
 * Bot API exactly once, in order within its chat.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { deliverUpdate, postWebhook } from '../../e2e/support/telegram.driver';

let f: ServerFixture;
let chat = 8100;
beforeAll(async () => {
  // A 2 s Bot API timeout keeps the hanging case short; the default is 10 s.
  f = await startServerFixture({ telegramMode: 'webhook', dispatcher: true, config: { TELEGRAM_API_TIMEOUT_SECONDS: 2 } });
});
afterAll(() => f?.close());
beforeEach(() => f.tg.reset());

const texts = (id: number) => f.tg.sent(id).map((c) => String(c.params.text));
const replyRows = (id: number) => f.h.ponte.prisma.outboxMessage.findMany({ where: { channel: 'telegram', chatId: String(id) }, orderBy: { seq: 'asc' } });
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
/** Moves the clock past a backoff and lets the dispatcher run. */
async function later(ms: number): Promise<void> {
  f.h.clock.advance(ms);
  await f.outbox.service.wake();
}
async function served(id: number): Promise<void> {
  await deliverUpdate(f, f.tg.textUpdate(id, '/start', { languageCode: 'en' }), 'webhook');
  expect(texts(id)).toHaveLength(1);
}

describe('a Bot API that hangs', () => {
  it('answers the webhook at once, serves other chats meanwhile, and sends the reply later, once', async () => {
    const slow = ++chat;
    f.tg.hangNext('sendMessage', { chatId: slow });
    const update = f.tg.textUpdate(slow, '/start', { languageCode: 'en' });
    expect((await postWebhook(f, update)).status).toBe(200);
    // Answered with the reply not sent yet; then the send hangs at the Bot API.
    expect(texts(slow)).toEqual([]);
    await until(() => f.tg.hanging() === 1);
    await served(++chat);
    await served(++chat);
    expect(f.tg.hanging()).toBe(1);

    // The call times out: the reply is kept for the dispatcher, with its backoff.
    await f.handled(update.update_id);
    expect(await replyRows(slow)).toMatchObject([{ status: 'pending', attempts: 1, lastError: 'telegram_timeout' }]);
    expect(texts(slow)).toEqual([]);
    await later(2_000);
    expect(texts(slow)).toHaveLength(1);
    expect(texts(slow)[0]).toContain('Choose your language');
    expect(await replyRows(slow)).toEqual([]);
    await later(60_000);
    expect(texts(slow)).toHaveLength(1);
  });
});

describe('429 with retry_after 40', () => {
  it('waits at least retry_after in the outbox; a later reply of the chat queues behind it; others go on', async () => {
    const limited = ++chat;
    f.tg.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 40', parameters: { retry_after: 40 } }, { chatId: limited });
    const first = f.tg.textUpdate(limited, '/start', { languageCode: 'en' });
    expect((await postWebhook(f, first)).status).toBe(200);
    await f.handled(first.update_id);
    const [row] = await replyRows(limited);
    expect(row!.dueAt.getTime() - f.h.clock.now().getTime()).toBeGreaterThanOrEqual(40_000);

    const second = f.tg.textUpdate(limited, '/help', { languageCode: 'en' });
    expect((await postWebhook(f, second)).status).toBe(200);
    await f.handled(second.update_id);
    expect((await replyRows(limited)).map((r) => r.status)).toEqual(['pending', 'pending']);
    await served(++chat);

    await later(39_000);
    expect(texts(limited)).toEqual([]);
    await later(3_000);
    // The first reply, then the second (the help, and the language screen again): in order, once each.
    expect(texts(limited)).toHaveLength(3);
    expect(texts(limited)[0]).toContain('Choose your language');
    expect(texts(limited)[1]).toBe(f.h.ponte.translator.t('en', 'common:help.guest'));
    expect(texts(limited)[2]).toContain('Choose your language');
    await later(60_000);
    expect(texts(limited)).toHaveLength(3);
    expect(await replyRows(limited)).toEqual([]);
  });
});

describe('500 three times', () => {
  it('retries with backoff until the Bot API takes it, and sends it once', async () => {
    const failing = ++chat;
    f.tg.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' }, { chatId: failing, times: 3 });
    const update = f.tg.textUpdate(failing, '/start', { languageCode: 'en' });
    expect((await postWebhook(f, update)).status).toBe(200);
    await f.handled(update.update_id);
    await served(++chat);
    for (let i = 0; i < 3; i++) await later(20_000);
    const attempts = f.tg.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(failing));
    expect(attempts.map((c) => c.error?.error_code ?? 'ok')).toEqual([500, 500, 500, 'ok']);
    expect(texts(failing)).toHaveLength(1);
    expect(await replyRows(failing)).toEqual([]);
  });
});

describe('a reply of several messages', () => {
  it('resumes after the parts that went through: nothing is sent twice', async () => {
    const id = ++chat;
    // A stale button answers "no longer valid" and the current screen again: two messages.
    await deliverUpdate(f, f.tg.textUpdate(id, '/start', { languageCode: 'en' }), 'webhook');
    f.tg.reset();
    f.tg.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' }, { chatId: id, after: 1 });
    const press = f.tg.callbackUpdate(id, 'v999.zz', 4242, { languageCode: 'en' });
    // The first part goes, the second fails: the row remembers one part sent, and the retry sends the other.
    expect((await postWebhook(f, press)).status).toBe(200);
    await f.handled(press.update_id);
    expect(texts(id)).toHaveLength(1);
    expect(await replyRows(id)).toMatchObject([{ status: 'pending', partsSent: 1 }]);
    await later(20_000);
    expect(texts(id)).toHaveLength(2);
    expect(texts(id)[0]).toContain('no longer valid');
    expect(texts(id)[1]).toContain('Choose your language');
  });
});
