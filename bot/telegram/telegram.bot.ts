/**
 * The Telegram channel: a grammY Bot whose middleware maps updates to the core and renders its
 * replies. The same bot serves webhook mode (our HTTP route calls bot.handleUpdate) and long polling
 * (@grammyjs/runner). Order of the middleware, outermost first:
 *   boundary (metrics, zod check, the one error handler) → dedupe on update_id → private chats only
 *   → per-chat sequencing → handlers.
 */
import type { ChannelDeps } from '../http/channel.deps';
import { Bot, type Context } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { IncomingMessage, OutgoingMessage } from '../../core/messages';
import { telegramUpdateSchema } from './telegram.update.schema';
import { contentOfMessage } from './telegram.mapper';
import { deliver } from './telegram.sender';
import { TELEGRAM_TEXT_LIMIT } from './telegram.text';
import { privateChatGuard } from './private-chat.guard';

export type TelegramChannelDeps = ChannelDeps;

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  /** Called after each update is fully handled (replies sent), duplicates and failures included. */
  onHandled?: (updateId: number) => void;
}

export interface TelegramChannel {
  bot: Bot;
  /** Resolves when no update is being handled (for a graceful stop). */
  idle(): Promise<void>;
}

const CHANNEL = 'telegram' as const;

export function createTelegramChannel(opts: TelegramChannelOptions, deps: TelegramChannelDeps): TelegramChannel {
  const { engine, dedupe, links, clock, logger, metrics } = deps;
  const bot = new Bot(opts.token, { client: { apiRoot: opts.apiRoot } });
  // Replies wait out a 429 (retry_after) a few times; a longer wait means the reply is stale anyway.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  let inFlight = 0;
  const idleWaiters: Array<() => void> = [];

  const incoming = (ctx: Context, content: IncomingMessage['content']): IncomingMessage => ({
    channel: CHANNEL,
    chatId: String(ctx.chat!.id),
    userId: String(ctx.from!.id),
    ...(ctx.from!.language_code ? { languageHint: ctx.from!.language_code } : {}),
    content,
  });

  async function reply(chatId: number, replies: OutgoingMessage[]): Promise<void> {
    // A reply is never held back; it only spends tokens (when there are some) so the outbox's bulk waits.
    for (let i = 0; i < replies.length; i++) deps.limiter?.tryTake(CHANNEL, String(chatId), clock.now().getTime(), { priority: 'reply' });
    const result = await deliver(bot.api, chatId, replies);
    metrics.repliesSent.inc({ channel: CHANNEL }, result.sent);
    if (result.ok) return;
    metrics.errors.inc({ channel: CHANNEL, kind: result.error });
    if (result.error === 'telegram_403') await links.markUnreachable(CHANNEL, String(chatId), clock.now(), 'blocked');
    logger.warn('telegram_reply_failed', { kind: result.kind, error: result.error, sent: result.sent });
  }

  async function onError(ctx: Context, err: unknown): Promise<void> {
    metrics.errors.inc({ channel: CHANNEL, kind: 'update_failed' });
    logger.error('telegram_update_failed', { updateId: ctx.update.update_id, error: errorName(err) });
    if (!ctx.chat || !ctx.from) return;
    try {
      const text = await engine.fallbackText({ channel: CHANNEL, userId: String(ctx.from.id), languageHint: ctx.from.language_code }, 'common:errors.generic');
      await bot.api.sendMessage(ctx.chat.id, text);
    } catch {
      // The apology itself failed (Telegram down, chat blocked): already logged above.
    }
  }

  bot.use(async (ctx, next) => {
    const started = performance.now();
    inFlight += 1;
    metrics.updatesReceived.inc({ channel: CHANNEL });
    try {
      if (!telegramUpdateSchema.safeParse(ctx.update).success) {
        metrics.errors.inc({ channel: CHANNEL, kind: 'invalid_update' });
        logger.warn('telegram_update_invalid', { updateId: ctx.update.update_id });
        return;
      }
      if (await dedupe.seen(CHANNEL, String(ctx.update.update_id))) {
        metrics.duplicates.inc({ channel: CHANNEL });
        return;
      }
      await next();
    } catch (err) {
      await onError(ctx, err);
    } finally {
      metrics.handling.observe({ channel: CHANNEL }, (performance.now() - started) / 1000);
      inFlight -= 1;
      if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
      opts.onHandled?.(ctx.update.update_id);
    }
  });

  // Groups, supergroups and channels stop here: the engine serves private chats only.
  bot.use(privateChatGuard(deps));

  // One chat's updates one after the other, in arrival order (the engine also serialises per chat;
  // this keeps button answers and keyboard edits in order too).
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));

  // Blocked in a private chat (groups never get here): stop sending there until the person writes again.
  bot.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked' || status === 'left') await links.markUnreachable(CHANNEL, String(ctx.chat.id), clock.now(), status);
  });

  bot.on('callback_query:data', async (ctx) => {
    const cq = ctx.callbackQuery;
    const message = cq.message;
    if (!ctx.chat || !message) {
      await ctx.answerCallbackQuery().catch(() => undefined);
      return;
    }
    // A double tap (or Telegram resending the press) reaches us twice: only the first one counts.
    const already = await dedupe.seen(`${CHANNEL}:press`, `${ctx.chat.id}/${message.message_id}`);
    await ctx.answerCallbackQuery().catch((err: unknown) => logger.warn('telegram_answer_failed', { error: errorName(err) }));
    if (already) return;
    await markPressed(ctx, cq.data).catch(() => undefined);
    const replies = await engine.handle(incoming(ctx, { type: 'action', data: cq.data }));
    await reply(ctx.chat.id, replies);
  });

  bot.on('message', async (ctx) => {
    const replies = await engine.handle({ ...incoming(ctx, contentOfMessage(ctx.message)), messageId: String(ctx.message.message_id) });
    await reply(ctx.chat.id, replies);
  });

  // A message the person changed: the core updates what it relayed from it, or says edits are not read.
  bot.on('edited_message', async (ctx) => {
    if (!ctx.from) return;
    const replies = await engine.handle({ ...incoming(ctx, contentOfMessage(ctx.editedMessage)), messageId: String(ctx.editedMessage.message_id), edited: true });
    await reply(ctx.chat.id, replies);
  });

  // Last resort: the boundary middleware catches everything, so this only sees grammY's own failures.
  bot.catch((err) => logger.error('telegram_bot_error', { updateId: err.ctx.update.update_id, error: errorName(err.error) }));

  return {
    bot,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
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
