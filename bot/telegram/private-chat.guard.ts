/**
 * Ponte serves people only in private chats. An update from a group, supergroup or channel never
 * reaches the engine: no menu, no name, no record is shown there, and the account's delivery chat is
 * never moved to it (AccountStore.touch runs only inside the engine). The group gets one neutral line
 * with the link to the private chat, at most once a day (private-chat.notice); a button pressed in a
 * group answers only the person who pressed it, in a toast.
 */
import type { Context, MiddlewareFn } from 'grammy';
import type { ChannelDeps } from '../http/channel.deps';
import { privateNoticeOnce, privateOnlyText } from '../http/private-chat.notice';

const CHANNEL = 'telegram' as const;
/** my_chat_member statuses that mean the bot was just added to (or promoted in) the chat. */
const JOINED = new Set(['member', 'administrator']);

/** Telegram's private chat ids are the user's id, positive; groups, supergroups and channels are negative. */
export const isPrivateTelegramChatId = (chatId: string | number) => /^\d+$/.test(String(chatId));

export function privateChatGuard(deps: Pick<ChannelDeps, 'dedupe' | 'translator' | 'clock' | 'logger' | 'metrics'>): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    // Inline-mode button presses carry no chat; the callback handler answers them without the engine.
    if (!chat || chat.type === 'private') return next();
    deps.metrics.errors.inc({ channel: CHANNEL, kind: 'not_private_chat' });
    const hint = ctx.from?.language_code;
    const link = `https://t.me/${ctx.me.username}`;
    try {
      if (ctx.callbackQuery) {
        await ctx.answerCallbackQuery({ text: privateOnlyText(deps.translator, hint, link), show_alert: true });
        return;
      }
      const joined = ctx.myChatMember ? JOINED.has(ctx.myChatMember.new_chat_member.status) : false;
      if (!ctx.message && !joined) return;
      const text = await privateNoticeOnce(deps, CHANNEL, String(chat.id), hint, link);
      if (text) await ctx.api.sendMessage(chat.id, text, { link_preview_options: { is_disabled: true } });
    } catch (err) {
      // A group that muted the bot (403), a database hiccup: nothing to apologise for in a group.
      deps.logger.warn('telegram_group_notice_failed', { chatType: chat.type, error: err instanceof Error ? err.name : 'unknown' });
    }
  };
}
