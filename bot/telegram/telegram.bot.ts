/**
 * The Telegram channel: a grammY Bot whose middleware maps updates to the core. The same bot serves
 * webhook mode (our HTTP route calls bot.handleUpdate) and long polling (telegram.polling.ts). Order of
 * the middleware, outermost first: boundary (metrics, zod check, logging) → private chats only →
 * per-chat sequencing → handlers.
 *
 * An update is handled once its turn has committed (the update id, the conversation and the replies
 * are in the database together): then the webhook is answered and the replies are sent. A turn that
 * fails leaves nothing behind and the boundary rethrows, so the webhook answers non-2xx and polling
 * does not move past the update: Telegram delivers it again. Replies that cannot be sent now stay in
 * the outbox (core/outbox/reply-delivery.ts).
 */
import type { ChannelDeps } from '../http/channel.deps';
import { Bot, type Context } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { IncomingMessage } from '../../core/messages';
import type { TurnResult } from '../../core/conversation/engine';
import type { Receipt } from '../../core/ports/receipts';
import { contentOfMessage } from './telegram.mapper';
import { TelegramSender } from './telegram.sender';
import { TELEGRAM_TEXT_LIMIT } from './telegram.text';
import { privateChatGuard } from './private-chat.guard';

export type TelegramChannelDeps = ChannelDeps;

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  /** Longest wait for one Bot API call (config TELEGRAM_API_TIMEOUT_SECONDS). */
  timeoutSeconds: number;
  /** Called once an update is fully handled (turn committed, replies sent or left to the outbox), duplicates and failures included. */
  onHandled?: (updateId: number) => void;
}

export interface TelegramChannel {
  bot: Bot;
  /** Sends replies and the outbox's messages. */
  sender: TelegramSender;
  /** Resolves when no update is being handled and no reply is being sent (for a graceful stop). */
  idle(): Promise<void>;
}

const CHANNEL = 'telegram' as const;

/** Calls whose result nobody reads, so they may go in the webhook's answer (telegram.webhook.ts). */
const WEBHOOK_REPLY_METHODS = new Set(['answerCallbackQuery']);

export function createTelegramChannel(opts: TelegramChannelOptions, deps: TelegramChannelDeps): TelegramChannel {
  const { engine, links, clock, logger, metrics, delivery } = deps;
  const bot = new Bot(opts.token, { client: { apiRoot: opts.apiRoot, timeoutSeconds: opts.timeoutSeconds, canUseWebhookReply: (method) => WEBHOOK_REPLY_METHODS.has(method) } });
  // Only for the calls around a turn (answering a press, editing the pressed message): a short wait at
  // most. Replies go through the sender, whose 429s are decided by the reply delivery and the outbox.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 1, maxDelaySeconds: 2 }));
  const sender = TelegramSender.create(opts, deps);

  let busy = 0;
  const idleWaiters: Array<() => void> = [];
  const settle = () => {
    busy -= 1;
    if (busy === 0) for (const w of idleWaiters.splice(0)) w();
  };

  // Updates whose end is reported by the work after their turn, not by the boundary.
  const handedOver = new WeakSet<Context>();
  /** Work after the commit (answering the press, the replies): not awaited by the update, counted for idle(). */
  function afterTurn(ctx: Context, work: () => Promise<void>): void {
    busy += 1;
    handedOver.add(ctx);
    void work()
      .catch((err: unknown) => logger.warn('telegram_after_turn_failed', { error: errorName(err) }))
      .finally(() => {
        opts.onHandled?.(ctx.update.update_id);
        settle();
      });
  }

  const incoming = (ctx: Context, content: IncomingMessage['content']): IncomingMessage => ({
    channel: CHANNEL,
    chatId: String(ctx.chat!.id),
    userId: String(ctx.from!.id),
    ...(ctx.from!.language_code ? { languageHint: ctx.from!.language_code } : {}),
    content,
  });

  async function sendReplies(chatId: number, result: TurnResult): Promise<void> {
    if (result.duplicate || !result.queued) return;
    await delivery.deliver(result.queued, (messages, o) => sender.send({ chatId: String(chatId) }, messages, o));
  }

  function turn(msg: IncomingMessage, receipt: Receipt): Promise<TurnResult> {
    return engine.process(msg, { receipt, durable: {} });
  }

  /** A message's turn; its replies are sent once it has committed. */
  async function messageTurn(ctx: Context, msg: IncomingMessage): Promise<void> {
    const result = await turn(msg, { scope: CHANNEL, id: String(ctx.update.update_id) });
    if (result.duplicate) {
      metrics.duplicates.inc({ channel: CHANNEL });
      return;
    }
    afterTurn(ctx, () => sendReplies(ctx.chat!.id, result));
  }

  bot.use(async (ctx, next) => {
    const started = performance.now();
    busy += 1;
    metrics.updatesReceived.inc({ channel: CHANNEL });
    try {
      // Validated once, at the boundary it came through (telegram.webhook.ts, telegram.polling.ts).
      await next();
    } catch (err) {
      // Nothing was committed: Telegram must deliver the update again (webhook 500, polling keeps its offset).
      metrics.errors.inc({ channel: CHANNEL, kind: 'update_failed' });
      logger.error('telegram_update_failed', { updateId: ctx.update.update_id, error: errorName(err) });
      throw err;
    } finally {
      metrics.handling.observe({ channel: CHANNEL }, (performance.now() - started) / 1000);
      if (!handedOver.has(ctx)) opts.onHandled?.(ctx.update.update_id);
      settle();
    }
  });

  // Groups, supergroups and channels stop here: the engine serves private chats only.
  bot.use(privateChatGuard(deps));

  // One chat's updates one after the other, in arrival order (the engine also serialises turns per
  // chat; this keeps the press answers and keyboard edits in order too).
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));

  // Blocked in a private chat (groups never get here): stop sending there until the person writes again.
  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') await links.markUnreachable(CHANNEL, String(ctx.chat.id), clock.now(), status);
  });

  bot.on('callback_query:data', async (ctx) => {
    const cq = ctx.callbackQuery;
    const message = cq.message;
    const chatId = ctx.chat?.id;
    // Answered once the turn has committed, before the update's handling ends: over a webhook the answer
    // then rides on the webhook's 200 (no call of its own); in polling mode it is a call, not awaited here.
    const answer = () => ctx.answerCallbackQuery().catch((err: unknown) => logger.warn('telegram_answer_failed', { error: errorName(err) }));
    if (chatId === undefined || !message) {
      const answered = answer();
      afterTurn(ctx, () => answered.then(() => undefined));
      return;
    }
    // A double tap (or Telegram resending the press) reaches us twice: the press is the receipt, so only the first counts.
    const result = await turn(incoming(ctx, { type: 'action', data: cq.data }), { scope: `${CHANNEL}:press`, id: `${chatId}/${message.message_id}` });
    if (result.duplicate) metrics.duplicates.inc({ channel: CHANNEL });
    const answered = answer();
    afterTurn(ctx, async () => {
      await answered;
      if (result.duplicate) return;
      await markPressed(ctx, cq.data).catch(() => undefined);
      await sendReplies(chatId, result);
    });
  });

  bot.on('message', (ctx) => messageTurn(ctx, { ...incoming(ctx, contentOfMessage(ctx.message)), messageId: String(ctx.message.message_id) }));

  // A message the person changed: the core updates what it relayed from it, or says edits are not read.
  bot.on('edited_message', async (ctx) => {
    if (!ctx.from) return;
    await messageTurn(ctx, { ...incoming(ctx, contentOfMessage(ctx.editedMessage)), messageId: String(ctx.editedMessage.message_id), edited: true });
  });

  // Last resort: the boundary middleware sees everything, so this only sees grammY's own failures.
  bot.catch((err) => logger.error('telegram_bot_error', { updateId: err.ctx.update.update_id, error: errorName(err.error) }));

  return {
    bot,
    sender,
    idle: async () => {
      if (busy > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
      await delivery.idle();
    },
  };
}

/**
 * The pressed message loses its keyboard (so it cannot be pressed again) and shows what was chosen.
 * Failures are ignored: a message older than 48 hours cannot be edited, and that is fine.
 */
async function markPressed(ctx: Context, data: string): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (!message) return;
  const label = message.reply_markup?.inline_keyboard.flat().find((b) => 'callback_data' in b && b.callback_data === data)?.text;
  const text = 'text' in message && typeof message.text === 'string' ? message.text : undefined;
  const marked = text !== undefined && label ? `${text}\n\n✓ ${label}` : undefined;
  if (marked && marked.length <= TELEGRAM_TEXT_LIMIT && !message.entities?.length) await ctx.editMessageText(marked);
  else await ctx.editMessageReplyMarkup();
}

function errorName(err: unknown): string {
  if (err && typeof err === 'object' && 'error_code' in err) return `telegram_${String((err as { error_code: unknown }).error_code)}`;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.name : 'unknown';
}
