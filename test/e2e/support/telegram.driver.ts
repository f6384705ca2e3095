/**
 * A Telegram user talking to the real grammY bot: updates go in through the webhook (HTTP POST to our
 * server) or long polling (queued at the fake Bot API), and the replies are read back from the calls
 * the bot made to the fake Bot API.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, Update } from 'grammy/types';
import { stripIsolation } from '../../../core/conversation/bidi';
import type { RecordedCall } from '../../fakes/fake-telegram-api';
import { pick, type ChatDriver, type KeptButtons, type Reply } from './driver';
import { WEBHOOK_SECRET, type ServerFixture } from './server.fixture';

/** What a Telegram driver needs: where our server is, the fake Bot API, when an update is handled (and its replies sent). */
export type TelegramTarget = Pick<ServerFixture, 'baseUrl' | 'tg' | 'handled'> & Partial<Pick<ServerFixture, 'settled'>>;

interface TgButton {
  label: string;
  data: string;
  messageId: number;
  messageText: string;
  markup: InlineKeyboardMarkup;
}

/**
 * `handled` for a server in another process, which answers the webhook before it sends the replies:
 * an update counts as handled once new replies to the chat reached the Bot API and it has been quiet a
 * moment. (Every update these tests send gets a reply.)
 */
export function repliesArrived(tg: TelegramTarget['tg'], chatId: number): () => Promise<void> {
  let seen = tg.sent(chatId).length;
  return async () => {
    await tg.waitFor(() => tg.sent(chatId).length > seen);
    await tg.quiet(100);
    seen = tg.sent(chatId).length;
  };
}

/** POSTs an update to the webhook the way Telegram does. */
export function postWebhook(f: Pick<ServerFixture, 'baseUrl' | 'tg'>, body: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }): Promise<Response> {
  return f.tg.deliverWebhook(`${f.baseUrl}/telegram/webhook`, body, headers);
}

/**
 * Delivers one update by the fixture's mode and resolves once it is handled, replies included (the
 * webhook is answered when the turn has committed, before its replies go out).
 */
export async function deliverUpdate(f: TelegramTarget, update: Update, mode: 'webhook' | 'polling'): Promise<void> {
  if (mode === 'webhook') {
    const res = await postWebhook(f, update);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  } else {
    f.tg.pushUpdate(update);
  }
  await f.handled(update.update_id);
  const chat = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
  if (chat !== undefined) await f.settled?.('telegram', chat);
}

export function buttonsOf(call: RecordedCall): TgButton[] {
  const markup = call.params.reply_markup as InlineKeyboardMarkup | undefined;
  const result = call.result as { message_id: number } | undefined;
  if (!markup?.inline_keyboard || !result) return [];
  return markup.inline_keyboard.flat().flatMap((b: InlineKeyboardButton) =>
    'callback_data' in b ? [{ label: stripIsolation(b.text), data: b.callback_data, messageId: result.message_id, messageText: String(call.params.text ?? ''), markup }] : [],
  );
}

export function telegramDriver(f: TelegramTarget, chatId: number, mode: 'webhook' | 'polling', languageCode = 'en'): ChatDriver & { lastButtons(): TgButton[] } {
  let buttons: TgButton[] = [];
  const send = async (update: Update): Promise<Reply> => {
    const before = f.tg.calls.length;
    await deliverUpdate(f, update, mode);
    const sent = f.tg.calls.slice(before).filter((c) => c.method.startsWith('send') && c.method !== 'sendChatAction' && String(c.params.chat_id) === String(chatId) && !c.error);
    const offered = sent.flatMap(buttonsOf);
    if (offered.length) buttons = offered;
    return { texts: sent.map((c) => stripIsolation(String(c.params.text ?? c.params.caption ?? ''))), buttons: offered.map((b) => b.label) };
  };
  const pressOn = (b: TgButton) => send(f.tg.callbackUpdate(chatId, b.data, b.messageId, { messageText: b.messageText, replyMarkup: b.markup, languageCode }));
  return {
    say: (text) => send(f.tg.textUpdate(chatId, text, { languageCode })),
    press: (label) => pressOn(pick(buttons, label)),
    keep: () => ({ labels: buttons.map((b) => b.label), buttons: [...buttons] }) as KeptButtons,
    pressKept: (kept, label) => pressOn(pick((kept as KeptButtons & { buttons: TgButton[] }).buttons, label)),
    lastButtons: () => buttons,
  };
}
