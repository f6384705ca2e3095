/**
 * The one thing Ponte says outside a private chat: "I only work in a private chat. Write to me here:
 * <link>", in the language the channel hints for whoever wrote, and at most once per chat and window,
 * so a busy group is not flooded. Used by the Telegram private-chat guard and the Teams turn logic.
 */
import type { Channel } from '../../core/messages';
import type { Clock } from '../../core/ports/clock';
import type { Translator } from '../../core/ports/translator';
import { DEFAULT_LANGUAGE, matchLanguage } from '../../core/languages';
import type { ProcessedUpdates } from './processed-updates.store';

/** One notice per group per UTC day: the ProcessedUpdate retention (48 h) outlives the window. */
export const PRIVATE_NOTICE_WINDOW_MS = 24 * 3_600_000;

export interface PrivateChatNoticeDeps {
  dedupe: ProcessedUpdates;
  translator: Translator;
  clock: Clock;
}

/** The neutral line, rendered from the channel's hint only (never the person's stored language: nothing about them shows in a group). */
export function privateOnlyText(translator: Translator, languageHint: string | undefined, link: string): string {
  const lang = matchLanguage(languageHint, translator.languages()) ?? DEFAULT_LANGUAGE;
  return translator.t(lang, 'channels:privateOnly', { link });
}

/**
 * The text to post in a non-private chat now, or null when this chat already had it in the current
 * window. The record is durable (ProcessedUpdate), so two instances or a restart do not repeat it.
 */
export async function privateNoticeOnce(deps: PrivateChatNoticeDeps, channel: Channel, chatId: string, languageHint: string | undefined, link: string): Promise<string | null> {
  const window = Math.floor(deps.clock.now().getTime() / PRIVATE_NOTICE_WINDOW_MS);
  if (await deps.dedupe.seen(`${channel}:private-notice`, `${chatId}/${window}`)) return null;
  return privateOnlyText(deps.translator, languageHint, link);
}
