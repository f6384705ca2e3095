/**
 * Sending to Telegram: rate limits (429 waits retry_after), blocked users (403 marks the account
 * unreachable until they write again), long texts split, files uploaded. Replies go through the real
 * grammY bot; proactive sends through the TelegramSender the outbox dispatcher uses.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { telegramDriver } from '../../e2e/support/telegram.driver';
import type { UploadedFile } from '../../fakes/fake-telegram-api';

let f: ServerFixture;
let chat = 200;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
});
afterAll(async () => f?.close());
beforeEach(() => f.tg.reset());

const sender = () => f.server.telegram!.sender;
const account = (chatId: number) => f.h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { channel: 'telegram', chatId: String(chatId) } });
const tooManyRequests = { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
const blocked = { error_code: 403, description: 'Forbidden: bot was blocked by the user' };

describe('429 Too Many Requests', () => {
  it('a reply waits retry_after and is then delivered, once', async () => {
    const id = ++chat;
    f.tg.failNext('sendMessage', tooManyRequests, { chatId: id });
    const reply = await telegramDriver(f, id, 'webhook').say('/start');
    expect(reply.texts).toHaveLength(1);
    const attempts = f.tg.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(id));
    expect(attempts.map((c) => c.error?.error_code ?? 'ok')).toEqual([429, 'ok']);
    expect(attempts[1]!.params.text).toBe(attempts[0]!.params.text);
  });

  it('a proactive send reports rate_limited with retry_after, for the dispatcher to reschedule', async () => {
    const id = ++chat;
    f.tg.failNext('sendMessage', tooManyRequests, { chatId: id });
    const result = await sender().send({ chatId: String(id) }, [{ text: 'Reminder' }]);
    expect(result).toEqual({ ok: false, kind: 'rate_limited', retryAfterSeconds: 1, error: 'telegram_429', parts: 0 });
  });
});

describe('403 blocked by the user', () => {
  it('marks the account unreachable, skips later sends, and resumes when the person writes again', async () => {
    const id = ++chat;
    const user = telegramDriver(f, id, 'webhook');
    await user.say('/start');
    expect((await account(id)).unreachableAt).toBeNull();

    f.tg.failNext('sendMessage', blocked, { chatId: id });
    await user.say('/start');
    expect((await account(id)).unreachableAt).not.toBeNull();

    const callsBefore = f.tg.calls.length;
    const skipped = await sender().send({ chatId: String(id) }, [{ text: 'Reminder' }]);
    expect(skipped).toMatchObject({ ok: false, kind: 'permanent', error: 'unreachable' });
    expect(f.tg.calls.length).toBe(callsBefore);

    await user.say('/start');
    expect((await account(id)).unreachableAt).toBeNull();
    expect(await sender().send({ chatId: String(id) }, [{ text: 'Reminder' }])).toMatchObject({ ok: true });
  });

  it('a proactive send refused with 403 is permanent and marks the account', async () => {
    const id = ++chat;
    await telegramDriver(f, id, 'webhook').say('/start');
    f.tg.failNext('sendMessage', blocked, { chatId: id });
    expect(await sender().send({ chatId: String(id) }, [{ text: 'Reminder' }])).toEqual({ ok: false, kind: 'permanent', error: 'telegram_403', parts: 0 });
    expect((await account(id)).unreachableReason).toBe('blocked');
  });

  it('being blocked (my_chat_member: kicked) marks the account too', async () => {
    const id = ++chat;
    const user = telegramDriver(f, id, 'webhook');
    await user.say('/start');
    const from = { id, is_bot: false, first_name: 'Test' };
    const update = {
      update_id: 990_000 + id,
      my_chat_member: { chat: { id, type: 'private', first_name: 'Test' }, from, date: 1, old_chat_member: { status: 'member', user: from }, new_chat_member: { status: 'kicked', user: from, until_date: 0 } },
    };
    const { postWebhook } = await import('../../e2e/support/telegram.driver');
    expect((await postWebhook(f, update)).status).toBe(200);
    expect((await account(id)).unreachableReason).toBe('kicked');
  });
});

describe('what is sent', () => {
  it('splits a text over 4096 characters, keyboard on the last part', async () => {
    const id = ++chat;
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20);
    const long = Array.from({ length: 10 }, () => paragraph).join('\n\n');
    expect(long.length).toBeGreaterThan(2 * 4096);
    const result = await sender().send({ chatId: String(id) }, [{ text: long, choices: [[{ label: 'OK', data: 'g.menu' }]] }]);
    expect(result.ok).toBe(true);
    const parts = f.tg.sent(id);
    // Cut at paragraph breaks: 3 paragraphs fit in 4096, so 10 make 4 messages.
    expect(parts.length).toBe(4);
    for (const p of parts) expect(String(p.params.text).length).toBeLessThanOrEqual(4096);
    const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
    expect(squash(parts.map((p) => String(p.params.text)).join(' '))).toBe(squash(long));
    expect(parts.slice(0, -1).every((p) => p.params.reply_markup === undefined)).toBe(true);
    expect(parts.at(-1)!.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'OK', callback_data: 'g.menu' }]] });
  });

  it('sends documents and images from the core as uploads', async () => {
    const id = ++chat;
    const csv = new TextEncoder().encode('code;hours\nB-0001;4\n');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const result = await sender().send({ chatId: String(id) }, [
      {
        text: 'Your report',
        attachments: [
          { kind: 'document', filename: 'report.csv', mimeType: 'text/csv', bytes: csv, caption: 'Hours' },
          { kind: 'image', filename: 'chart.png', mimeType: 'image/png', bytes: png },
        ],
      },
    ]);
    expect(result.ok).toBe(true);
    expect(f.tg.sent(id).map((c) => c.method)).toEqual(['sendMessage', 'sendDocument', 'sendPhoto']);
    const doc = f.tg.callsOf('sendDocument')[0]!;
    expect((doc.params.document as UploadedFile).filename).toBe('report.csv');
    expect(Buffer.from((doc.params.document as UploadedFile).bytes).toString()).toBe('code;hours\nB-0001;4\n');
    expect(doc.params.caption).toBe('Hours');
    expect((f.tg.callsOf('sendPhoto')[0]!.params.photo as UploadedFile).size).toBe(png.length);
  });

  it('sends plain text: no parse_mode, so user text needs no escaping', async () => {
    const id = ++chat;
    await sender().send({ chatId: String(id) }, [{ text: 'Ahmed *bold* _x_ <b>tag</b> [link](http://x)' }]);
    const call = f.tg.sent(id)[0]!;
    expect(call.params.parse_mode).toBeUndefined();
    expect(call.params.text).toBe('Ahmed *bold* _x_ <b>tag</b> [link](http://x)');
  });
});
