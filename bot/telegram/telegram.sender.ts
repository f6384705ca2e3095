/**
 * Sending to Telegram, for replies and for proactive messages (the outbox dispatcher). Every call has
 * a timeout (TELEGRAM_API_TIMEOUT_SECONDS): a hung Bot API is a retryable failure, not a stuck worker.
 * A 429 reports `retry_after`; a 403 ("bot was blocked by the user", "user is deactivated") marks the
 * chat's accounts unreachable, and sends to them are skipped until the person writes again (the next
 * turn clears it).
 */
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { ChannelSender, SendOptions, SendResult } from '../../core/ports/sender';
import type { OutgoingMessage } from '../../core/messages';
import type { ChannelAccountLinks } from '../http/channel-account.links';
import type { PonteMetrics } from '../http/metrics';
import { planSends, type TelegramSend } from './telegram.renderer';
import { isPrivateTelegramChatId } from './private-chat.guard';

export type DeliveryResult = SendResult & { sent: number };

/** Maps a failed Bot API call to what the caller should do. Only codes go in `error`, never texts. */
export function classifyTelegramError(err: unknown): Exclude<SendResult, { ok: true }> {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    if (code === 429) return { ok: false, kind: 'rate_limited', retryAfterSeconds: err.parameters.retry_after ?? 1, error: 'telegram_429' };
    if (code === 403) return { ok: false, kind: 'permanent', error: 'telegram_403' };
    if (code >= 500) return { ok: false, kind: 'retry', error: `telegram_${code}` };
    return { ok: false, kind: 'permanent', error: `telegram_${code}` };
  }
  if (err instanceof HttpError) {
    const timedOut = err.error instanceof Error && /timed out/.test(err.error.message);
    return { ok: false, kind: 'retry', error: timedOut ? 'telegram_timeout' : 'telegram_network' };
  }
  return { ok: false, kind: 'retry', error: err instanceof Error ? err.name : 'unknown' };
}

async function execute(api: Api, chatId: number | string, send: TelegramSend): Promise<number> {
  switch (send.method) {
    case 'sendMessage': {
      const m = await api.sendMessage(chatId, send.text, { ...(send.keyboard ? { reply_markup: send.keyboard } : {}), link_preview_options: { is_disabled: true } });
      return m.message_id;
    }
    case 'sendPhoto': {
      const m = await api.sendPhoto(chatId, new InputFile(send.file.bytes, send.file.filename), send.caption ? { caption: send.caption } : {});
      return m.message_id;
    }
    case 'sendDocument': {
      const m = await api.sendDocument(chatId, new InputFile(send.file.bytes, send.file.filename), send.caption ? { caption: send.caption } : {});
      return m.message_id;
    }
    case 'resend': {
      const m = await api[send.as](chatId, send.fileId);
      return m.message_id;
    }
  }
}

/**
 * Sends the messages in order, after skipping the first `skip` calls (sent by an earlier try); stops at
 * the first failure and says how many calls went through.
 */
export async function deliver(api: Api, chatId: number | string, messages: OutgoingMessage[], skip = 0): Promise<DeliveryResult> {
  let sent = 0;
  let last: number | undefined;
  for (const send of messages.flatMap((m) => planSends(m)).slice(skip)) {
    try {
      last = await execute(api, chatId, send);
      sent += 1;
    } catch (err) {
      return { ...classifyTelegramError(err), sent, parts: sent };
    }
  }
  return { ok: true, sent, parts: sent, ...(last !== undefined ? { providerId: String(last) } : {}) };
}

export interface TelegramSenderDeps {
  links: ChannelAccountLinks;
  clock: Clock;
  logger: Logger;
  metrics?: PonteMetrics;
}

/**
 * The ChannelSender for Telegram. It uses its own Api without the auto-retry plugin: a 429 is handed
 * back to the dispatcher, which reschedules the row instead of holding a worker for `retry_after`.
 */
export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;

  constructor(
    private readonly api: Api,
    private readonly deps: TelegramSenderDeps,
  ) {}

  static create(opts: { token: string; apiRoot: string; timeoutSeconds: number }, deps: TelegramSenderDeps): TelegramSender {
    return new TelegramSender(new Api(opts.token, { apiRoot: opts.apiRoot, timeoutSeconds: opts.timeoutSeconds }), deps);
  }

  async send(target: { chatId: string; conversationRef?: string | null }, messages: OutgoingMessage[], opts: SendOptions = {}): Promise<SendResult> {
    const { links, clock, logger, metrics } = this.deps;
    // Never into a group: a person's messages go to their private chat only (a stale row from before the guard).
    if (!isPrivateTelegramChatId(target.chatId)) return { ok: false, kind: 'permanent', error: 'not_private_chat' };
    if (!opts.fresh) {
      const accounts = await links.findByChat('telegram', target.chatId);
      if (accounts.length > 0 && accounts.every((a) => a.unreachableAt)) return { ok: false, kind: 'permanent', error: 'unreachable' };
    }
    const result = await deliver(this.api, target.chatId, messages, opts.skipParts ?? 0);
    metrics?.repliesSent.inc({ channel: 'telegram' }, result.sent);
    if (!result.ok) {
      metrics?.errors.inc({ channel: 'telegram', kind: result.error });
      if (result.error === 'telegram_403') await links.markUnreachable('telegram', target.chatId, clock.now(), 'blocked');
      logger.warn('telegram_send_failed', { kind: result.kind, error: result.error, sent: result.sent });
    }
    const { sent: _sent, ...rest } = result;
    return rest;
  }
}
