/**
 * POST /telegram/webhook: Telegram's webhook deliveries. The secret token Telegram echoes in
 * `X-Telegram-Bot-Api-Secret-Token` (set with setWebhook) proves the request comes from Telegram;
 * without the right one nothing is read. The body is validated before the bot sees it, and the
 * answer is sent once the update is handled, so Telegram does not push the next one too early.
 * Telegram performs a Bot API method put in that answer ("reply directly to webhook"), which saves one
 * HTTP call per press; its result is unknown, so only answerCallbackQuery goes that way.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Route } from '../http/http.server';
import { badRequest, unauthorized } from '../http/http-errors';
import { readJsonBody } from '../http/json-body';
import { ALLOWED_UPDATES, telegramUpdateSchema } from './telegram.update.schema';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';

function sameSecret(got: string | string[] | undefined, expected: string): boolean {
  if (typeof got !== 'string') return false;
  const a = Buffer.from(got);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function telegramWebhookRoute(bot: Bot, secret: string | undefined): Route {
  return {
    method: 'POST',
    path: TELEGRAM_WEBHOOK_PATH,
    async handle(req, res) {
      if (secret !== undefined && !sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
        req.resume();
        throw unauthorized('bad_secret_token');
      }
      const parsed = telegramUpdateSchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw badRequest('invalid_update');
      // A call the bot made "in the webhook's answer" (answering a press: see WEBHOOK_REPLY_METHODS) goes
      // out as the body of the 200, which Telegram performs; it is sent only if the update was handled.
      let reply: string | undefined;
      await bot.handleUpdate(parsed.data as unknown as Update, { send: (json: string) => void (reply = json) });
      if (reply !== undefined) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
        res.end(reply);
      }
    },
  };
}

/** Registers our webhook with Telegram (when TELEGRAM_WEBHOOK_URL is set). */
export async function registerWebhook(bot: Bot, url: string, secret: string | undefined): Promise<void> {
  await bot.api.setWebhook(url, { ...(secret ? { secret_token: secret } : {}), allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 });
}
