/**
 * Long polling, as a small loop of our own: getUpdates, handle the batch (in parallel across chats, in
 * order within a chat), then confirm. The offset moves past an update only once its turn has committed;
 * if one fails, the next getUpdates starts from it (the updates after it come again too and are
 * recognised as duplicates), after a growing pause. @grammyjs/runner confirms an update as soon as it is
 * fetched, so a crash or a failing database there loses it.
 */
import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../core/ports/logger';
import type { TelegramChannel } from './telegram.bot';
import { ALLOWED_UPDATES, telegramUpdateSchema } from './telegram.update.schema';

/** Seconds Telegram holds a getUpdates open when there is nothing to send. */
const LONG_POLL_SECONDS = 25;
const MAX_PAUSE_MS = 30_000;

export function telegramPollingService(channel: TelegramChannel, tg: { token: string; apiRoot: string; timeoutSeconds: number }, logger: Logger) {
  // Its own client: a long poll must be allowed to last longer than an ordinary call's timeout.
  const api = new Api(tg.token, { apiRoot: tg.apiRoot, timeoutSeconds: LONG_POLL_SECONDS + tg.timeoutSeconds });
  let running = false;
  let abort = new AbortController();
  let loop: Promise<void> | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  /** An update that does not have the shape we rely on is logged and passed over (the offset moves on). */
  async function handleValid(update: Update): Promise<void> {
    if (!telegramUpdateSchema.safeParse(update).success) {
      logger.warn('telegram_update_invalid', { updateId: typeof update?.update_id === 'number' ? update.update_id : null });
      return;
    }
    await channel.bot.handleUpdate(update);
  }

  async function run(): Promise<void> {
    let offset = 0;
    let failures = 0;
    while (running) {
      let updates: Update[];
      try {
        updates = await api.getUpdates({ offset, timeout: LONG_POLL_SECONDS, allowed_updates: [...ALLOWED_UPDATES] }, abort.signal as Parameters<Api['getUpdates']>[1]);
      } catch (err) {
        if (!running) break;
        failures += 1;
        logger.warn('telegram_polling_failed', { error: err instanceof Error ? err.name : 'unknown', failures });
        await pause(Math.min(MAX_PAUSE_MS, 1_000 * 2 ** Math.min(failures - 1, 5)));
        continue;
      }
      const results = await Promise.allSettled(updates.map((u) => handleValid(u)));
      const failed = updates.find((_, i) => results[i]!.status === 'rejected');
      if (failed) {
        offset = failed.update_id;
        failures += 1;
        logger.warn('telegram_update_retried', { updateId: failed.update_id, failures });
        await pause(Math.min(MAX_PAUSE_MS, 1_000 * 2 ** Math.min(failures - 1, 5)));
      } else {
        failures = 0;
        if (updates.length) offset = updates.at(-1)!.update_id + 1;
      }
    }
    // Confirm what was handled, so a restart does not fetch it again (it would only be ignored).
    if (offset) await api.getUpdates({ offset, limit: 1, timeout: 0 }).catch(() => undefined);
  }

  return {
    name: 'telegram-polling',
    async start(): Promise<void> {
      // getUpdates is refused while a webhook is set (409): polling mode owns the bot.
      await channel.bot.api.deleteWebhook();
      running = true;
      abort = new AbortController();
      loop = run().catch((err: unknown) => logger.error('telegram_polling_crashed', { error: err instanceof Error ? err.name : 'unknown' }));
    },
    async stop(): Promise<void> {
      running = false;
      abort.abort();
      await loop;
      loop = undefined;
      await channel.idle();
    },
  };
}
