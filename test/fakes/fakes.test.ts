/**
 * Proves the test fakes work with the real SDKs: grammY against the fake Bot API, botbuilder's CloudAdapter
 * against the fake Bot Framework connector.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';

/** The slice of botframework-connector's ConnectorClient used here (that package is not a direct dependency). */
interface ConnectorClientLike {
  conversations: { sendToConversation(conversationId: string, activity: unknown): Promise<{ id?: string }> };
}
import {
  callbackUpdate,
  documentUpdate,
  locationUpdate,
  parseMultipart,
  photoUpdate,
  startFakeTelegramApi,
  stickerUpdate,
  textUpdate,
  voiceUpdate,
  type FakeTelegramApi,
  type UploadedFile,
} from './fake-telegram-api';
import { startFakeConnector, type FakeConnector } from './fake-bf-connector';
import { conversationReferenceOf, conversationUpdateActivity, DEFAULT_BOT, DEFAULT_TENANT_ID, messageActivity, type BfActivity } from './bf-activity';
import { readJsonBody, toBotbuilderRequest, toBotbuilderResponse } from '../../bot/teams/http-shim';

// ---------------------------------------------------------------------------------------------
// Telegram
// ---------------------------------------------------------------------------------------------

describe('fake Telegram Bot API with a real grammY Bot', () => {
  let tg: FakeTelegramApi;
  const newBot = () => new Bot(tg.token, { client: { apiRoot: tg.apiRoot }, botInfo: tg.botInfo });

  beforeAll(async () => {
    tg = await startFakeTelegramApi();
  });
  afterEach(() => tg.reset());
  afterAll(async () => {
    await tg.close();
  });

  it('(a) handles a text update via handleUpdate and records the reply', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.handleUpdate(textUpdate(4242, 'ciao', { languageCode: 'it' }));

    const sent = tg.sent(4242);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.method).toBe('sendMessage');
    expect(sent[0]?.params).toMatchObject({ chat_id: 4242, text: 'echo: ciao' });
    const result = sent[0]?.result as { message_id: number; chat: { id: number; type: string }; text: string };
    expect(result.chat).toEqual(expect.objectContaining({ id: 4242, type: 'private' }));
    expect(result.text).toBe('echo: ciao');
    expect(tg.sent(999)).toEqual([]);
  });

  it('getMe works through bot.init() and message ids increase', async () => {
    const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
    await bot.init();
    expect(bot.botInfo.username).toBe('ponte_test_bot');
    expect(bot.botInfo.id).toBe(123456789);
    const m1 = await bot.api.sendMessage(1, 'one');
    const m2 = await bot.api.sendMessage(1, 'two');
    expect(m2.message_id).toBeGreaterThan(m1.message_id);
  });

  it('(b) records inline keyboard reply markup, and callback queries flow through', async () => {
    const bot = newBot();
    bot.command('start', (ctx) => ctx.reply('Pick a language', { reply_markup: new InlineKeyboard().text('Italiano', 'lang:it').text('English', 'lang:en') }));
    bot.callbackQuery(/^lang:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'ok' });
      await ctx.editMessageText(`Language: ${ctx.match[1]}`);
    });

    const start = textUpdate(77, '/start');
    expect((start.message as { entities?: unknown[] }).entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }]);
    await bot.handleUpdate(start);
    const [reply] = tg.sent(77);
    expect(reply?.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Italiano', callback_data: 'lang:it' }, { text: 'English', callback_data: 'lang:en' }]],
    });
    const messageId = (reply?.result as { message_id: number }).message_id;
    expect((reply?.result as { reply_markup?: unknown }).reply_markup).toEqual(reply?.params.reply_markup);

    await bot.handleUpdate(callbackUpdate(77, 'lang:it', messageId));
    expect(tg.callsOf('answerCallbackQuery')[0]?.params).toMatchObject({ text: 'ok' });
    const edit = tg.callsOf('editMessageText')[0];
    expect(edit?.params).toMatchObject({ chat_id: 77, message_id: messageId, text: 'Language: it' });
    expect(edit?.error).toBeUndefined();
  });

  it('editMessageText of an unchanged message fails like Telegram ("message is not modified")', async () => {
    const bot = newBot();
    const m = await bot.api.sendMessage(5, 'same');
    const err = await bot.api.editMessageText(5, m.message_id, 'same').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).description).toContain('message is not modified');
    await expect(bot.api.editMessageReplyMarkup(5, m.message_id, { reply_markup: new InlineKeyboard().text('x', 'y') })).resolves.toMatchObject({ message_id: m.message_id });
  });

  it('(c) a scripted 429 reaches grammY as a GrammyError with parameters.retry_after', async () => {
    const bot = newBot();
    tg.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, { chatId: 10 });
    await expect(bot.api.sendMessage(11, 'other chat is not affected')).resolves.toBeTruthy();
    const err = await bot.api.sendMessage(10, 'hello').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(1);
    expect(tg.calls.at(-1)?.error?.error_code).toBe(429);
    expect(tg.sent(10)).toEqual([]); // failed calls are not "sent"
    await expect(bot.api.sendMessage(10, 'hello again')).resolves.toMatchObject({ text: 'hello again' });
  });

  it('a scripted 403 "blocked by the user" repeats `times` times', async () => {
    const bot = newBot();
    tg.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { times: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await bot.api.sendMessage(3, 'x').catch((e: unknown) => e);
      expect((err as GrammyError).error_code).toBe(403);
      expect((err as GrammyError).description).toBe('Forbidden: bot was blocked by the user');
    }
    await expect(bot.api.sendMessage(3, 'x')).resolves.toBeTruthy();
  });

  it('the auto-retry plugin waits out a 429 against the fake', async () => {
    const bot = newBot();
    bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5 }));
    tg.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const started = Date.now();
    await expect(bot.api.sendMessage(8, 'eventually')).resolves.toMatchObject({ text: 'eventually' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(tg.callsOf('sendMessage').map((c) => c.error?.error_code ?? 'ok')).toEqual([429, 'ok']);
  });

  it('unknown methods answer 404 like Telegram, and a wrong token 401', async () => {
    const res = await fetch(`${tg.apiRoot}/bot${tg.token}/noSuchMethod`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' });
    const bad = await fetch(`${tg.apiRoot}/bot1:wrong/getMe`);
    expect(bad.status).toBe(401);
    const bot = newBot();
    await expect(bot.api.raw.getChat({ chat_id: 1 })).rejects.toMatchObject({ error_code: 404 });
  });

  it('accepts GET with query parameters and form-urlencoded bodies', async () => {
    const get = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage?chat_id=12&text=hi%20there`);
    expect(await get.json()).toMatchObject({ ok: true, result: { text: 'hi there', chat: { id: 12 } } });
    const form = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '-100123', text: 'group', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] }) }),
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { chat: { id: -100123, type: 'group' } } });
    expect(tg.sent(-100123)[0]?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] });
    const empty = await fetch(`${tg.apiRoot}/bot${tg.token}/sendMessage?chat_id=12&text=`);
    expect(await empty.json()).toMatchObject({ ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
  });

  it('records multipart uploads from grammY (sendDocument, sendPhoto) with filename, type and size', async () => {
    const bot = newBot();
    const csv = new TextEncoder().encode('name;hours\nAmina;12\n');
    await bot.api.sendDocument(21, new InputFile(csv, 'report 2024.csv'), { caption: 'Monthly report', reply_markup: new InlineKeyboard().text('ok', 'ack') });
    await bot.api.sendPhoto(21, new InputFile(new Uint8Array(2048), 'chart.png'));
    await bot.api.sendDocument(21, 'existing-file-id');

    const [doc, photo, byId] = tg.sent(21);
    expect(doc?.method).toBe('sendDocument');
    expect(doc?.params.chat_id).toBe(21);
    expect(doc?.params.caption).toBe('Monthly report');
    expect(doc?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'ok', callback_data: 'ack' }]] });
    const file = doc?.params.document as UploadedFile;
    expect(file).toMatchObject({ kind: 'upload', filename: 'report 2024.csv', mimeType: 'application/octet-stream', size: csv.length });
    expect(file.bytes.toString('utf8')).toBe('name;hours\nAmina;12\n');
    expect(doc?.files).toHaveLength(1);
    expect(doc?.result).toMatchObject({ document: { file_name: 'report 2024.csv', file_size: csv.length } });

    expect(photo?.method).toBe('sendPhoto');
    expect(photo?.params.photo).toMatchObject({ filename: 'chart.png', size: 2048 });
    expect(byId?.params.document).toBe('existing-file-id');
  });

  it('parseMultipart also reads the standard quoted form', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n7\r\n--b\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\x01\x02\x03\r\n--b--\r\n', 'latin1');
    const parts = parseMultipart(body, 'multipart/form-data; boundary=b');
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.length])).toEqual([
      ['chat_id', undefined, undefined, 1],
      ['photo', 'a.jpg', 'image/jpeg', 3],
    ]);
  });

  it('records chat actions, webhook and command settings', async () => {
    const bot = newBot();
    await bot.api.sendChatAction(30, 'typing');
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }], { language_code: 'it' });
    expect(await bot.api.getMyCommands({ language_code: 'it' })).toEqual([{ command: 'start', description: 'Start' }]);
    await bot.api.setWebhook('https://example.invalid/telegram');
    expect((await bot.api.getWebhookInfo()).url).toBe('https://example.invalid/telegram');
    await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
    await bot.api.deleteWebhook();
    expect(tg.webhookUrl).toBe('');
    expect(tg.callsOf('sendChatAction')[0]?.params).toEqual({ chat_id: 30, action: 'typing' });
  });

  it('builds realistic updates of every kind that grammY filters recognise', async () => {
    const bot = newBot();
    const seen: string[] = [];
    bot.on('message:photo', () => void seen.push('photo'));
    bot.on('message:voice', () => void seen.push('voice'));
    bot.on('message:sticker', () => void seen.push('sticker'));
    bot.on('message:location', () => void seen.push('location'));
    bot.on('message:document', (ctx) => void seen.push(`document:${ctx.message.document.file_name}`));
    bot.on('message:text', (ctx) => void seen.push(`text:${ctx.from.language_code}`));
    bot.on('callback_query:data', () => void seen.push('callback'));
    for (const u of [
      photoUpdate(1, { caption: 'cv' }),
      voiceUpdate(1),
      stickerUpdate(1),
      locationUpdate(1, 45.07, 7.69),
      documentUpdate(-100, { fileName: 'cv.pdf' }),
      textUpdate(1, 'hola', { languageCode: 'es', from: { first_name: 'Ana' } }),
      callbackUpdate(1, 'x', 5),
    ]) {
      await bot.handleUpdate(u);
    }
    expect(seen).toEqual(['photo', 'voice', 'sticker', 'location', 'document:cv.pdf', 'text:es', 'callback']);
    const a = textUpdate(1, 'a');
    const b = textUpdate(1, 'b');
    expect(b.update_id).toBeGreaterThan(a.update_id);
    expect(textUpdate(1, 'c', { updateId: 5 }).update_id).toBe(5);
  });

  it('getUpdates honours offset, limit and timeout', async () => {
    const bot = newBot();
    const u1 = tg.pushUpdate(textUpdate(1, 'one'));
    const u2 = tg.pushUpdate(textUpdate(1, 'two'));
    expect((await bot.api.getUpdates({ limit: 1 })).map((u) => u.update_id)).toEqual([u1.update_id]);
    expect((await bot.api.getUpdates({ offset: u1.update_id + 1 })).map((u) => u.update_id)).toEqual([u2.update_id]);
    expect(tg.pendingUpdates()).toHaveLength(1); // u1 confirmed by the offset
    expect(await bot.api.getUpdates({ offset: u2.update_id + 1, timeout: 0 })).toEqual([]);

    // Waits for a pushed update…
    const pending = bot.api.getUpdates({ offset: u2.update_id + 1, timeout: 5 });
    await new Promise((r) => setTimeout(r, 100));
    const u3 = tg.pushUpdate(textUpdate(1, 'three'));
    expect((await pending).map((u) => u.update_id)).toEqual([u3.update_id]);

    // …and answers [] when the timeout passes.
    const started = Date.now();
    expect(await bot.api.getUpdates({ offset: u3.update_id + 1, timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('(d) long polling with bot.start() receives a pushed update, replies, and stops cleanly', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(`polled: ${ctx.message.text}`));
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const done = bot.start({ timeout: 10, onStart: () => started() });
    await startedP;
    tg.pushUpdate(textUpdate(555, 'via polling'));
    const reply = await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 555, 5_000);
    expect(reply.params.text).toBe('polled: via polling');
    await bot.stop();
    await done;
    expect(bot.isRunning()).toBe(false);
    expect(tg.pendingUpdates()).toEqual([]); // stop() confirmed the handled update
    expect(tg.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('(d) long polling with @grammyjs/runner', async () => {
    const bot = newBot();
    bot.on('message:text', (ctx) => ctx.reply(`run: ${ctx.message.text}`));
    const runner = run(bot, { runner: { fetch: { timeout: 10 } } });
    tg.pushUpdate(textUpdate(556, 'via runner'));
    const reply = await tg.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === 556, 5_000);
    expect(reply.params.text).toBe('run: via runner');
    await runner.stop();
    expect(runner.isRunning()).toBe(false);
  });

  it('waitFor rejects with a helpful message after its timeout', async () => {
    await expect(tg.waitFor((c) => c.method === 'never', 50)).rejects.toThrow(/no matching call within 50 ms/);
  });

  it('close() answers a pending long poll with []', async () => {
    const other = await startFakeTelegramApi({ token: '42:other' });
    const bot = new Bot(other.token, { client: { apiRoot: other.apiRoot } });
    const pending = bot.api.getUpdates({ timeout: 30 });
    await other.waitFor((c) => c.method === 'getUpdates');
    const started = Date.now();
    await other.close();
    expect(await pending).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Bot Framework / Teams
// ---------------------------------------------------------------------------------------------

describe('fake Bot Framework connector with a real botbuilder CloudAdapter', () => {
  let connector: FakeConnector;
  let adapter: CloudAdapter;
  let botServer: Server;
  let botUrl: string;
  let logic: (context: TurnContext) => Promise<void>;
  const adapterErrors: unknown[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    // No MicrosoftAppId → authentication disabled both ways (see fake-bf-connector.ts).
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    adapter.onTurnError = async (_context, error) => {
      adapterErrors.push(error);
    };
    botServer = createServer((req, res) => {
      void (async () => {
        // Only POST bodies are read; CloudAdapter itself answers 405 to other methods.
        const body = req.method === 'POST' ? await readJsonBody(req) : {};
        if (!body) {
          res.writeHead(400).end('body is not a JSON object');
          return;
        }
        await adapter.process(toBotbuilderRequest(req, body), toBotbuilderResponse(res), (context) => logic(context));
      })().catch((err: unknown) => {
        // CloudAdapter.process() *rejects* (instead of answering 400) when the body is JSON but not an
        // activity, e.g. "validateAndFixActivity(): missing activity type."; production code must catch.
        if (!res.headersSent) res.writeHead(500);
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => botServer.listen(0, '127.0.0.1', () => resolve()));
    botUrl = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}/api/messages`;
  });
  afterEach(() => {
    connector.reset();
    adapterErrors.length = 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => botServer.close(() => resolve()));
    await connector.close();
  });

  const post = (activity: BfActivity) =>
    fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });

  it('(e) a message posted over HTTP is processed and the reply reaches the fake connector', async () => {
    const seen: { text?: string; tenant?: string; locale?: string }[] = [];
    logic = async (context) => {
      seen.push({ text: context.activity.text, tenant: context.activity.conversation.tenantId, locale: context.activity.locale });
      await context.sendActivity('hi');
    };
    const conversationId = 'a:1Xq9fake-personal-conversation';
    const activity = messageActivity({ text: 'hello', conversationId, userId: '29:1user', userName: 'Amina', serviceUrl: connector.serviceUrl, locale: 'it-IT' });
    expect(activity.channelData).toEqual({ tenant: { id: DEFAULT_TENANT_ID } });

    const res = await post(activity);
    expect(res.status).toBe(200);
    expect(seen).toEqual([{ text: 'hello', tenant: DEFAULT_TENANT_ID, locale: 'it-IT' }]);

    expect(connector.activities).toHaveLength(1);
    const [reply] = connector.activities;
    expect(reply).toMatchObject({ op: 'reply', conversationId, replyToId: activity.id });
    expect(reply?.body).toMatchObject({ type: 'message', text: 'hi', replyToId: activity.id, conversation: { id: conversationId }, recipient: { id: '29:1user' }, from: { id: DEFAULT_BOT.id } });
    expect(reply?.authorization).toBeUndefined(); // no app id → no token, no header
    expect(connector.tokenRequests).toEqual([]);
    expect(connector.textsTo(conversationId)).toEqual(['hi']);
  });

  it('conversation ids with Teams special characters survive the URL round trip', async () => {
    logic = async (context) => {
      await context.sendActivity('in channel');
    };
    const conversationId = '19:abc123@thread.tacv2;messageid=1700000000000';
    await post(messageActivity({ text: 'hey', conversationId, conversationType: 'channel', userId: '29:2user', serviceUrl: connector.serviceUrl }));
    const reply = await connector.waitFor((a) => a.conversationId === conversationId);
    expect(reply.body.text).toBe('in channel');
  });

  it('Adaptive Card submits (value, no text), updates and deletes are recorded', async () => {
    logic = async (context) => {
      const sent = await context.sendActivity(`chose ${(context.activity.value as { choice: string }).choice}`);
      await context.updateActivity({ id: sent?.id, type: 'message', text: 'updated', conversation: context.activity.conversation });
      await context.deleteActivity(sent?.id ?? '');
    };
    const conversationId = 'a:card-conversation';
    const activity = messageActivity({ value: { choice: 'it' }, conversationId, userId: '29:3user', serviceUrl: connector.serviceUrl });
    expect(activity.text).toBeUndefined();
    expect((await post(activity)).status).toBe(200);
    expect(adapterErrors).toEqual([]);
    const [sent, updated, deleted] = connector.activities;
    expect(sent).toMatchObject({ op: 'reply', body: { text: 'chose it' } });
    expect(updated).toMatchObject({ op: 'update', activityId: sent?.id, body: { text: 'updated' } });
    expect(deleted).toMatchObject({ op: 'delete', activityId: sent?.id, conversationId });
  });

  it('a conversationUpdate (bot installed) reaches the bot logic', async () => {
    const added: string[] = [];
    logic = async (context) => {
      for (const m of context.activity.membersAdded ?? []) added.push(m.id);
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await context.sendActivity('welcome');
    };
    const update = conversationUpdateActivity({ conversationId: 'a:new-install', serviceUrl: connector.serviceUrl, membersAdded: [DEFAULT_BOT.id] });
    expect(update.channelData).toMatchObject({ tenant: { id: DEFAULT_TENANT_ID }, eventType: 'teamMemberAdded' });
    await post(update);
    expect(added).toEqual([DEFAULT_BOT.id]);
    expect(connector.textsTo('a:new-install')).toEqual(['welcome']);
  });

  it('(f) a proactive send via continueConversationAsync reaches the fake connector', async () => {
    // The reference a bot would have stored from an earlier message.
    const inbound = messageActivity({ text: 'earlier', conversationId: 'a:proactive-target', userId: '29:4user', serviceUrl: connector.serviceUrl });
    const reference = conversationReferenceOf(inbound);
    await adapter.continueConversationAsync('', reference, async (context) => {
      await context.sendActivity('reminder: appointment tomorrow');
    });
    const sent = await connector.waitFor((a) => a.conversationId === 'a:proactive-target');
    // Surprise: a proactive sendActivity is a *reply* to the synthetic continueConversation event, whose id is
    // a fresh uuid (ActivityEx.getContinuationActivity), not to reference.activityId.
    expect(sent).toMatchObject({ op: 'reply', body: { text: 'reminder: appointment tomorrow', conversation: { id: 'a:proactive-target' }, recipient: { id: '29:4user' } } });
    expect(sent.replyToId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent.replyToId).not.toBe(inbound.id);
    expect(sent.authorization).toBeUndefined();

    // The reference botbuilder takes itself works the same way.
    const fromBotbuilder = TurnContext.getConversationReference({ ...inbound, timestamp: new Date(inbound.timestamp), localTimestamp: undefined } as never);
    await adapter.continueConversationAsync('', fromBotbuilder, async (context) => {
      await context.sendActivity('second');
    });
    expect(connector.activities.at(-1)).toMatchObject({ op: 'reply', conversationId: 'a:proactive-target', body: { text: 'second' } });
  });

  it('a proactive send without replyToId goes through the connector client directly (POST …/activities)', async () => {
    const reference = conversationReferenceOf(messageActivity({ conversationId: 'a:direct', userId: '29:7user', serviceUrl: connector.serviceUrl }));
    await adapter.continueConversationAsync('', reference, async (context) => {
      const client = context.turnState.get<ConnectorClientLike>(adapter.ConnectorClientKey);
      await client.conversations.sendToConversation('a:direct', { type: 'message', text: 'no reply thread' });
    });
    expect(connector.activities.at(-1)).toMatchObject({ op: 'send', conversationId: 'a:direct', body: { text: 'no reply thread' } });
    expect(connector.activities.at(-1)?.replyToId).toBeUndefined();
  });

  it('createConversationAsync posts to /v3/conversations and gets the generated id', async () => {
    let createdId = '';
    await adapter.createConversationAsync(
      '',
      'msteams',
      connector.serviceUrl,
      '',
      { isGroup: false, bot: DEFAULT_BOT, members: [{ id: '29:5user', name: '' }], tenantId: DEFAULT_TENANT_ID, channelData: { tenant: { id: DEFAULT_TENANT_ID } } } as never,
      async (context) => {
        createdId = context.activity.conversation.id;
        await context.sendActivity('first proactive message');
      },
    );
    expect(connector.conversations).toHaveLength(1);
    expect(createdId).toBe(connector.conversations[0]?.id);
    expect(connector.conversations[0]?.body).toMatchObject({ members: [{ id: '29:5user' }], tenantId: DEFAULT_TENANT_ID });
    expect(connector.textsTo(createdId)).toEqual(['first proactive message']);
  });

  const sendCatching = (errors: { statusCode?: number }[]) => async (context: TurnContext) => {
    try {
      await context.sendActivity('x');
    } catch (err) {
      errors.push(err as { statusCode?: number });
    }
  };

  it('botbuilder retries a scripted 502 and a 429 with Retry-After by itself', async () => {
    const errors: { statusCode?: number }[] = [];
    logic = sendCatching(errors);
    connector.failNext(502);
    await post(messageActivity({ text: 'a', conversationId: 'a:retry', userId: '29:6user', serviceUrl: connector.serviceUrl }));
    connector.failNext(429, { retryAfterSeconds: 1 });
    const started = Date.now();
    await post(messageActivity({ text: 'b', conversationId: 'a:retry', userId: '29:6user', serviceUrl: connector.serviceUrl }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(errors).toEqual([]);
    expect(connector.requests.map((r) => r.status)).toEqual([502, 200, 429, 200]);
    expect(connector.textsTo('a:retry')).toEqual(['x', 'x']);
  });

  it('a scripted 403 surfaces at once as an error with statusCode from sendActivity', async () => {
    const errors: { statusCode?: number }[] = [];
    logic = sendCatching(errors);
    connector.failNext(403);
    await post(messageActivity({ text: 'a', conversationId: 'a:fail', userId: '29:6user', serviceUrl: connector.serviceUrl }));
    expect(errors.map((e) => e.statusCode)).toEqual([403]);
    expect(connector.activities).toEqual([]);
    expect(connector.requests.map((r) => r.status)).toEqual([403]);
  });

  it('a 502 that outlasts botbuilder\'s 3 retries surfaces as an error', async () => {
    const errors: { statusCode?: number }[] = [];
    logic = sendCatching(errors);
    connector.failNext(502, { times: 4 });
    await post(messageActivity({ text: 'a', conversationId: 'a:fail', userId: '29:6user', serviceUrl: connector.serviceUrl }));
    expect(errors.map((e) => e.statusCode)).toEqual([502]);
    expect(connector.requests.map((r) => r.status)).toEqual([502, 502, 502, 502]);
  }, 20_000);

  it('through the shim, CloudAdapter answers 405 to GET; a non-activity JSON body makes process() reject', async () => {
    const get = await fetch(botUrl, { method: 'GET' });
    expect(get.status).toBe(405);
    const notJson = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'nope' });
    expect(notJson.status).toBe(400);
    const notActivity = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(notActivity.status).toBe(500);
    expect(await notActivity.text()).toContain('missing activity type');
  });
});
