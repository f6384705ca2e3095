/**
 * Long polling with @grammyjs/runner: updates are fetched continuously and handled concurrently
 * across chats, one at a time within a chat (sequentialize in telegram.bot). Stopping waits for the
 * updates already being handled.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Logger } from '../../core/ports/logger';
import type { TelegramChannel } from './telegram.bot';
import { ALLOWED_UPDATES } from './telegram.update.schema';

export function telegramPollingService(channel: TelegramChannel, logger: Logger) {
  let handle: RunnerHandle | undefined;
  return {
    name: 'telegram-polling',
    async start(): Promise<void> {
      // getUpdates is refused while a webhook is set (409): polling mode owns the bot.
      await channel.bot.api.deleteWebhook();
      handle = run(channel.bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true } });
      void handle.task()?.catch((err: unknown) => logger.error('telegram_polling_crashed', { error: err instanceof Error ? err.name : 'unknown' }));
    },
    async stop(): Promise<void> {
      if (handle?.isRunning()) await handle.stop();
      handle = undefined;
      await channel.idle();
    },
  };
}
