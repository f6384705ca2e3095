/**
 * The Teams channel's turn logic: maps a Bot Framework activity to the core, renders the replies,
 * keeps the ConversationReference for proactive sends, and greets when the bot is added.
 *
 * At least once, as on Telegram: the activity's id (a press: the card it was pressed on) is the turn's
 * receipt, committed with the turn and its replies. The replies then go out in the live turn; one that
 * cannot (429, 5xx, timeout) stays in the outbox with the conversation reference, for the dispatcher.
 * A turn that fails leaves nothing behind and the request is answered 500, so Teams sends it again.
 * All botbuilder imports stay in bot/teams (botbuilder is archived upstream; its successor, the
 * Microsoft 365 Agents SDK, has almost the same API).
 */
import type { Clock } from '../../core/ports/clock';
import type { RateLimiter } from '../../core/outbox/rate-limiter';
import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationEngine, TurnResult } from '../../core/conversation/engine';
import type { Logger } from '../../core/ports/logger';
import type { Receipt } from '../../core/ports/receipts';
import type { SendOptions, SendResult } from '../../core/ports/sender';
import type { ReplyDelivery } from '../../core/outbox/reply-delivery';
import type { IncomingContent, IncomingMessage, OutgoingMessage } from '../../core/messages';
import type { ChannelAccountLinks } from '../http/channel-account.links';
import type { PonteMetrics } from '../http/metrics';
import type { ProcessedUpdates } from '../http/processed-updates.store';
import type { Translator } from '../../core/ports/translator';
import { privateNoticeOnce } from '../http/private-chat.notice';
import { cardSubmitSchema, formSubmitSchema } from './teams.activity.schema';
import { renderForTeams, SuggestedLabels } from './teams.renderer';
import { classifyTeamsError } from './teams.sender';

export interface TeamsBotDeps {
  engine: ConversationEngine;
  delivery: ReplyDelivery;
  /** For the once-a-day notice in group chats (turns record their own receipts). */
  dedupe: ProcessedUpdates;
  links: ChannelAccountLinks;
  logger: Logger;
  metrics: PonteMetrics;
  labels: SuggestedLabels;
  limiter?: RateLimiter;
  clock?: Clock;
  translator: Translator;
  /** The bot's Microsoft App ID, for the link to its private chat (the activity's recipient id is used when it has one). */
  appId?: string;
}

const CHANNEL = 'teams' as const;

export const isPersonal = (a: Partial<Activity>) => (a.conversation?.conversationType ?? 'personal') === 'personal' && !a.conversation?.isGroup;

/** Teams' deep link that opens the one-to-one chat with the bot (bot ids are `28:<app id>`). */
export function teamsBotChatLink(recipientId: string | undefined, appId: string | undefined): string {
  const botId = recipientId?.startsWith('28:') ? recipientId : `28:${appId ?? recipientId ?? ''}`;
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`;
}

/** Who speaks: the Entra object id when Teams gives it (stable across chats), else the channel id. */
export const teamsUserId = (a: Partial<Activity>) => a.from?.aadObjectId ?? a.from?.id ?? '';

/** Attachments that carry no content of their own: Teams adds a text/html copy of typed messages. */
const isTextEcho = (contentType: string) => contentType === 'text/html' || contentType === 'text/plain';

/** Teams' description of a file sent in a personal chat (the bytes are behind `content.downloadUrl`). */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/**
 * A picture or file sent in Teams, as the core's media content. Its handle is the attachment's URL;
 * the core refuses to relay it (no handle of Teams can be sent again on another chat), and says why.
 */
function mediaOfAttachment(a: NonNullable<Activity['attachments']>[number], caption: string): IncomingContent {
  const type = a.contentType;
  const kind = type.startsWith('image/') ? 'photo' : type.startsWith('audio/') ? 'audio' : type.startsWith('video/') ? 'video' : 'document';
  const content = a.content as { downloadUrl?: unknown; fileType?: unknown } | undefined;
  const ref = typeof a.contentUrl === 'string' ? a.contentUrl : typeof content?.downloadUrl === 'string' ? content.downloadUrl : '';
  return {
    type: 'media',
    kind,
    ref: ref.slice(0, 2000),
    ...(type !== FILE_DOWNLOAD_INFO ? { mimeType: type } : {}),
    ...(typeof a.name === 'string' ? { filename: a.name.slice(0, 200) } : {}),
    ...(caption ? { caption } : {}),
  };
}

export function contentOfActivity(activity: Partial<Activity>, labels: SuggestedLabels): IncomingContent {
  const form = formSubmitSchema.safeParse(activity.value);
  if (form.success) return { type: 'form', data: form.data.data, fields: form.data.fields };
  const submit = cardSubmitSchema.safeParse(activity.value);
  if (submit.success) return { type: 'action', data: submit.data.ponte };
  // In group chats the text starts with "<at>Ponte</at>": drop the mention of the bot.
  const text = (activity.text !== undefined ? TurnContext.removeRecipientMention(activity) ?? activity.text : '').trim();
  const files = (activity.attachments ?? []).filter((a) => !isTextEcho(a.contentType));
  if (files.length > 0) return mediaOfAttachment(files[0]!, text);
  if (!text) return { type: 'unsupported', what: activity.value !== undefined ? 'card' : 'empty' };
  const pressed = activity.conversation ? labels.lookup(activity.conversation.id, text) : undefined;
  return pressed ? { type: 'action', data: pressed } : { type: 'text', text };
}

export function createTeamsLogic(deps: TeamsBotDeps) {
  const { engine, delivery, links, metrics, labels } = deps;

  /** Sends outside a turn (the notice for group chats): best effort, nothing to keep. */
  async function send(context: TurnContext, replies: OutgoingMessage[]): Promise<void> {
    const a = context.activity;
    const activities = renderForTeams(replies, { conversationId: a.conversation.id, personal: isPersonal(a) }, labels);
    if (!activities.length) return;
    // Replies are never held back; they spend tokens (when there are some) so the outbox's bulk waits.
    const now = (deps.clock?.now() ?? context.activity.timestamp ?? new Date(0)).valueOf();
    const tenant = a.conversation.tenantId ?? undefined;
    for (let i = 0; i < activities.length; i++) deps.limiter?.tryTake(CHANNEL, a.conversation.id, Number(now), { priority: 'reply', scope: tenant });
    await context.sendActivities(activities);
    metrics.repliesSent.inc({ channel: CHANNEL }, activities.length);
  }

  /** The reply's messages into the live turn, one activity at a time (so a retry knows where to resume). */
  async function sendInTurn(context: TurnContext, messages: OutgoingMessage[], opts: SendOptions): Promise<SendResult> {
    const a = context.activity;
    const activities = renderForTeams(messages, { conversationId: a.conversation.id, personal: isPersonal(a) }, labels).slice(opts.skipParts ?? 0);
    let parts = 0;
    try {
      for (const activity of activities) {
        await context.sendActivity(activity);
        parts += 1;
      }
      return { ok: true, parts };
    } catch (err) {
      const result = classifyTeamsError(err);
      metrics.errors.inc({ channel: CHANNEL, kind: result.error });
      if (result.error === 'teams_403' || result.error === 'teams_404') await links.markUnreachable(CHANNEL, a.conversation.id, deps.clock?.now() ?? new Date(), result.error);
      deps.logger.warn('teams_reply_failed', { kind: result.kind, error: result.error, sent: parts });
      return { ...result, parts };
    } finally {
      metrics.repliesSent.inc({ channel: CHANNEL }, parts);
    }
  }

  async function deliver(context: TurnContext, result: TurnResult): Promise<void> {
    if (result.duplicate || !result.queued) return;
    await delivery.deliver(result.queued, (messages, opts) => sendInTurn(context, messages, opts));
  }

  const incoming = (a: Partial<Activity>, content: IncomingContent): IncomingMessage => ({
    channel: CHANNEL,
    chatId: a.conversation!.id,
    userId: teamsUserId(a),
    ...(a.locale ? { languageHint: a.locale } : {}),
    content,
  });

  /** Without activityId: a message sent later is a new message, not a reply to whatever the person last wrote. */
  function referenceOf(a: Partial<Activity>): string {
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(a);
    return JSON.stringify(reference);
  }

  async function rememberReference(context: TurnContext): Promise<void> {
    const a = context.activity;
    // Only one-to-one conversations: a reminder must never land in a group chat.
    if (!isPersonal(a)) return;
    await links.saveConversationRef(CHANNEL, teamsUserId(a), referenceOf(a));
  }

  /**
   * Team channels and group chats get one neutral line a day and nothing else: no engine turn, so no
   * menu, name or record there, and the account's delivery conversation never moves to the group.
   */
  async function refuseGroup(context: TurnContext): Promise<undefined> {
    const a = context.activity;
    metrics.errors.inc({ channel: CHANNEL, kind: 'not_private_chat' });
    const clock = deps.clock ?? { now: () => new Date() };
    const text = await privateNoticeOnce({ ...deps, clock }, CHANNEL, a.conversation.id, a.locale, teamsBotChatLink(a.recipient?.id, deps.appId));
    if (text) await send(context, [{ text }]);
    return undefined;
  }

  /** Teams retries a delivery it thinks failed: the activity id (unique per conversation) is the receipt. */
  const activityReceipt = (a: Activity): Receipt | undefined => (a.id ? { scope: CHANNEL, id: `${a.conversation.id}/${a.id}` } : undefined);

  async function onMessage(context: TurnContext): Promise<TurnResult | undefined> {
    const a = context.activity;
    if (!isPersonal(a)) return refuseGroup(context);
    const content = contentOfActivity(a, labels);
    // A second press on the same card (a double tap) is a duplicate: the card is the press's receipt.
    const pressed = (content.type === 'action' || content.type === 'form') && a.replyToId;
    const receipt = pressed ? { scope: `${CHANNEL}:press`, id: `${a.conversation.id}/${a.replyToId}` } : activityReceipt(a);
    const result = await engine.process(incoming(a, content), { receipt, durable: { ref: referenceOf(a) } });
    await deliver(context, result);
    if (!result.duplicate) await rememberReference(context);
    return result;
  }

  async function onMembersAdded(context: TurnContext): Promise<TurnResult | undefined> {
    const a = context.activity;
    const botAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient.id);
    if (!botAdded) return undefined;
    if (!isPersonal(a)) return refuseGroup(context);
    // Installed for one person: greet, then open onboarding right away (language buttons).
    const result = await engine.process(incoming(a, { type: 'text', text: '/start' }), { receipt: activityReceipt(a), durable: { ref: referenceOf(a) }, prefaceKey: 'channels:teams.greeting' });
    await deliver(context, result);
    return result;
  }

  return async function onTurn(context: TurnContext): Promise<void> {
    const a = context.activity;
    metrics.updatesReceived.inc({ channel: CHANNEL });
    const started = performance.now();
    try {
      let result: TurnResult | undefined;
      if (a.type === 'message') result = await onMessage(context);
      else if (a.type === 'conversationUpdate') result = await onMembersAdded(context);
      // Typing, reactions, installation updates...: nothing to answer.
      if (result?.duplicate) metrics.duplicates.inc({ channel: CHANNEL });
    } finally {
      metrics.handling.observe({ channel: CHANNEL }, (performance.now() - started) / 1000);
    }
  };
}
