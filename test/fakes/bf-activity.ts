/**
 * Builders for realistic Bot Framework activities, in their wire (JSON) form, shaped like what Microsoft Teams
 * posts to a bot: ids like `29:…` for users and `28:…` for bots, `a:…` personal conversation ids,
 * `19:…@thread.v2` group/channel ids, `conversation.tenantId` plus `channelData.tenant.id`, a clientInfo entity,
 * ISO timestamps.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';

export interface BfAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: 'user' | 'bot';
}

export type TeamsConversationType = 'personal' | 'groupChat' | 'channel';

/** An activity as it travels over HTTP (timestamps are ISO strings, not Dates). */
export interface BfActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp?: string;
  localTimezone?: string;
  serviceUrl: string;
  channelId: string;
  from: BfAccount;
  recipient: BfAccount;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  text?: string;
  textFormat?: string;
  value?: unknown;
  locale?: string;
  replyToId?: string;
  attachments?: { contentType: string; content?: unknown; contentUrl?: string; name?: string }[];
  entities?: Record<string, unknown>[];
  channelData?: Record<string, unknown>;
  membersAdded?: BfAccount[];
  membersRemoved?: BfAccount[];
  name?: string;
}

export const DEFAULT_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const DEFAULT_BOT: BfAccount = { id: '28:00000000-0000-0000-0000-00000000b07e', name: 'Ponte' };

let counter = 0;
/** Teams message ids are millisecond timestamps as strings; keep them unique within a test run. */
function nextActivityId(): string {
  counter += 1;
  return String(Date.now() * 1000 + (counter % 1000));
}

export interface CommonActivityOptions {
  conversationId: string;
  serviceUrl: string;
  channelId?: string;
  conversationType?: TeamsConversationType;
  tenantId?: string;
  locale?: string;
  timezone?: string;
  bot?: BfAccount;
  id?: string;
  /** Default: now. */
  timestamp?: Date;
}

export interface MessageActivityOptions extends CommonActivityOptions {
  /** Omitted for Adaptive Card Action.Submit posts, which carry `value` instead. */
  text?: string;
  value?: unknown;
  userId: string;
  userName?: string;
  aadObjectId?: string;
  replyToId?: string;
  attachments?: BfActivity['attachments'];
}

function conversationAndChannelData(o: CommonActivityOptions): Pick<BfActivity, 'conversation' | 'channelData'> {
  const tenantId = o.tenantId ?? DEFAULT_TENANT_ID;
  const conversationType = o.conversationType ?? 'personal';
  const conversation: BfActivity['conversation'] = { id: o.conversationId, conversationType, tenantId };
  const channelData: Record<string, unknown> = { tenant: { id: tenantId } };
  if (conversationType !== 'personal') conversation.isGroup = true;
  if (conversationType === 'channel') {
    const channelId = o.conversationId.split(';')[0] ?? o.conversationId;
    channelData.teamsChannelId = channelId;
    channelData.teamsTeamId = '19:fake-team@thread.tacv2';
    channelData.channel = { id: channelId };
    channelData.team = { id: '19:fake-team@thread.tacv2' };
  }
  return { conversation, channelData };
}

/** A message from a user, as Teams posts it to the bot endpoint. */
export function messageActivity(o: MessageActivityOptions): BfActivity {
  const when = o.timestamp ?? new Date();
  const locale = o.locale ?? 'en-US';
  const activity: BfActivity = {
    type: 'message',
    id: o.id ?? nextActivityId(),
    timestamp: when.toISOString(),
    localTimestamp: when.toISOString(),
    localTimezone: o.timezone ?? 'Europe/Rome',
    serviceUrl: o.serviceUrl,
    channelId: o.channelId ?? 'msteams',
    from: { id: o.userId, name: o.userName ?? 'Test User', aadObjectId: o.aadObjectId ?? randomUUID() },
    recipient: { ...(o.bot ?? DEFAULT_BOT) },
    ...conversationAndChannelData(o),
    locale,
    entities: [{ type: 'clientInfo', locale, country: locale.split('-')[1] ?? 'US', platform: 'Web', timezone: o.timezone ?? 'Europe/Rome' }],
  };
  if (o.text !== undefined) {
    activity.text = o.text;
    activity.textFormat = 'plain';
  }
  if (o.value !== undefined) activity.value = o.value;
  if (o.replyToId !== undefined) activity.replyToId = o.replyToId;
  if (o.attachments !== undefined) activity.attachments = o.attachments;
  return activity;
}

export interface ConversationUpdateOptions extends CommonActivityOptions {
  /** Members added; strings are taken as ids. Include the bot id to simulate the bot being installed. */
  membersAdded?: (BfAccount | string)[];
  membersRemoved?: (BfAccount | string)[];
  /** Who caused the update (the installing user). */
  from?: BfAccount;
  eventType?: string;
}

const toAccount = (m: BfAccount | string): BfAccount => (typeof m === 'string' ? { id: m } : m);

/** A conversationUpdate, e.g. the one Teams sends when the bot is installed for a user. */
export function conversationUpdateActivity(o: ConversationUpdateOptions): BfActivity {
  const when = o.timestamp ?? new Date();
  const { conversation, channelData } = conversationAndChannelData(o);
  const added = o.membersAdded?.map(toAccount);
  const removed = o.membersRemoved?.map(toAccount);
  const activity: BfActivity = {
    type: 'conversationUpdate',
    id: o.id ?? `f:${randomUUID()}`,
    timestamp: when.toISOString(),
    serviceUrl: o.serviceUrl,
    channelId: o.channelId ?? 'msteams',
    from: o.from ?? { id: '29:fake-installing-user', aadObjectId: randomUUID() },
    recipient: { ...(o.bot ?? DEFAULT_BOT) },
    conversation,
    channelData: { ...channelData, eventType: o.eventType ?? (removed?.length ? 'teamMemberRemoved' : 'teamMemberAdded') },
  };
  if (o.locale) activity.locale = o.locale;
  if (added) activity.membersAdded = added;
  if (removed) activity.membersRemoved = removed;
  return activity;
}

/** The ConversationReference botbuilder would store for this inbound activity (for proactive sends). */
export function conversationReferenceOf(activity: BfActivity): ConversationReference {
  return {
    activityId: activity.id,
    user: { id: activity.from.id, name: activity.from.name ?? '', ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) },
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? '' },
    conversation: {
      id: activity.conversation.id,
      isGroup: activity.conversation.isGroup ?? false,
      conversationType: activity.conversation.conversationType ?? 'personal',
      name: activity.conversation.name ?? '',
      ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    },
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}
