/**
 * Proactive sends to Teams (reminders, relayed messages) through the stored ConversationReference
 * and CloudAdapter.continueConversationAsync. Teams answers 429 when a conversation gets more than
 * about 7 operations a second, 412/502/504 on transient trouble, 403/404 when the bot was removed.
 */
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { ChannelSender, SendOptions, SendResult } from '../../core/ports/sender';
import type { OutgoingMessage } from '../../core/messages';
import type { ChannelAccountLinks } from '../http/channel-account.links';
import type { PonteMetrics } from '../http/metrics';
import { renderForTeams, type SuggestedLabels } from './teams.renderer';
import { isLoopbackUrl, serviceUrlAllowed, type ServiceUrlRule } from './teams.ingress';

const referenceSchema = z.looseObject({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional(), isGroup: z.boolean().optional() }),
  bot: z.looseObject({ id: z.string() }).optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});

export function classifyTeamsError(err: unknown): Exclude<SendResult, { ok: true }> {
  const status = err && typeof err === 'object' && 'statusCode' in err ? Number((err as { statusCode: unknown }).statusCode) : undefined;
  if (status === 429) {
    const header = (err as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers?.get?.('retry-after');
    const seconds = Number(header);
    return { ok: false, kind: 'rate_limited', ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterSeconds: seconds } : {}), error: 'teams_429' };
  }
  if (status === 403 || status === 404) return { ok: false, kind: 'permanent', error: `teams_${status}` };
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 412) return { ok: false, kind: 'permanent', error: `teams_${status}` };
  if (err instanceof Error && (err.name === 'AbortError' || /timed? ?out/i.test(err.message))) return { ok: false, kind: 'retry', error: 'teams_timeout' };
  return { ok: false, kind: 'retry', error: status ? `teams_${status}` : err instanceof Error ? err.name : 'unknown' };
}

export class TeamsSender implements ChannelSender {
  readonly channel = 'teams' as const;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly labels: SuggestedLabels,
    private readonly deps: { links: ChannelAccountLinks; clock: Clock; logger: Logger; metrics?: PonteMetrics; rules?: readonly ServiceUrlRule[] },
  ) {}

  async send(target: { chatId: string; conversationRef?: string | null }, messages: OutgoingMessage[], opts: SendOptions = {}): Promise<SendResult> {
    const { links, clock, logger, metrics } = this.deps;
    const accounts = opts.fresh && target.conversationRef ? [] : await links.findByChat('teams', target.chatId);
    if (accounts.length > 0 && accounts.every((a) => a.unreachableAt)) return { ok: false, kind: 'permanent', error: 'unreachable' };
    const raw = target.conversationRef ?? accounts.find((a) => a.conversationRef)?.conversationRef;
    let reference: Partial<ConversationReference>;
    try {
      const { activityId: _activityId, ...parsed } = referenceSchema.parse(JSON.parse(raw ?? 'null'));
      reference = parsed as unknown as Partial<ConversationReference>;
    } catch {
      return { ok: false, kind: 'permanent', error: 'no_conversation_reference', parts: 0 };
    }
    // A reference stored before the allow-list existed must not make us POST (with our token) anywhere else.
    const allowed = this.appId ? serviceUrlAllowed(reference.serviceUrl!, this.deps.rules ?? []) : isLoopbackUrl(reference.serviceUrl!);
    if (this.deps.rules && !allowed) return { ok: false, kind: 'permanent', error: 'service_url_not_allowed' };
    const personal = (reference.conversation?.conversationType ?? 'personal') === 'personal' && !reference.conversation?.isGroup;
    let lastId: string | undefined;
    let parts = 0;
    // Errors inside the callback would go to adapter.onTurnError (which apologises to the user):
    // a failed proactive send must come back here instead, for the dispatcher to decide.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        try {
          // botbuilder gives the continuation activity a random id and would send our message as a reply
          // to it; without an id the message goes out as a new one (POST /v3/conversations/{id}/activities).
          context.activity.id = undefined;
          const activities = renderForTeams(messages, { conversationId: reference.conversation!.id, personal }, this.labels).slice(opts.skipParts ?? 0);
          // One at a time, so that after a failure the retry knows which ones went out.
          for (const activity of activities) {
            lastId = (await context.sendActivity(activity))?.id;
            parts += 1;
          }
        } catch (err) {
          failure = err;
        } finally {
          metrics?.repliesSent.inc({ channel: 'teams' }, parts);
        }
      });
    } catch (err) {
      failure = err;
    }
    if (failure !== undefined) {
      const result = classifyTeamsError(failure);
      metrics?.errors.inc({ channel: 'teams', kind: result.error });
      if (result.error === 'teams_403' || result.error === 'teams_404') await links.markUnreachable('teams', target.chatId, clock.now(), result.error);
      logger.warn('teams_send_failed', { kind: result.kind, error: result.error });
      return { ...result, parts };
    }
    return { ok: true, parts, ...(lastId ? { providerId: lastId } : {}) };
  }
}
