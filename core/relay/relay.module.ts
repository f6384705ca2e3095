/**
 * "Talk to my tutor" as a FeatureModule: the beneficiary's "Write to my tutor", the tutor's inbox
 * ("Messages from beneficiaries") and reply, the Reply buttons that work from the relayed message,
 * and the 'relay' renderer (who sent it, the text, a button to answer).
 */
import { z } from 'zod';
import type { AuditLog } from '../ports/audit';
import type { OutboxRenderer } from '../ports/outbox';
import type { FeatureModule, Flow, GlobalAction, Outcome, TurnContext } from '../conversation/flow';
import { goto, repeat, stay, toMenu } from '../conversation/flow';
import { PonteError } from '../errors';
import type { QuietHours } from '../time/quiet-hours';
import { formatShort, plural } from '../beneficiary/locale-format';
import type { RelayStore } from './relay.ports';
import { createRelayService, MAX_RELAY_CHARS, RELAY_KIND, relayTextSchema, type RelayService } from './relay.service';

export const WRITE_FLOW = 'relay.write';
export const INBOX_FLOW = 'relay.inbox';
export const REPLY_FLOW = 'relay.reply';
export const RELAY_ACTION = 'rl';

const INBOX_SHOWN = 10;
const PREVIEW_CHARS = 40;

export interface RelayDeps {
  store: RelayStore;
  audit: AuditLog;
  quietHours: QuietHours;
}

async function explain(ctx: TurnContext, run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof PonteError) return toMenu([{ text: ctx.t(err.userMessageKey) }]);
    throw err;
  }
}

const preview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : text).replace(/\s+/g, ' ');

export function createRelayModule(deps: RelayDeps): FeatureModule & { service: RelayService } {
  const service = createRelayService(deps);
  const tooLong = (ctx: TurnContext) => repeat([{ text: ctx.t('relay:errors.tooLong', { max: MAX_RELAY_CHARS }) }]);

  const write: Flow = {
    id: WRITE_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        async enter(ctx) {
          return (await deps.store.tutorOf(ctx.person!.id)) ? undefined : toMenu([{ text: ctx.t('relay:errors.noTutor') }]);
        },
        async prompt(ctx) {
          const tutor = await deps.store.tutorOf(ctx.person!.id);
          return { text: ctx.t('relay:write.ask', { tutor: tutor?.fullName ?? '' }), nav: true };
        },
        onText(ctx, text) {
          if (!relayTextSchema.safeParse(text).success) return tooLong(ctx);
          return explain(ctx, async () => {
            const m = await service.toTutor(ctx.person!, text, ctx.now);
            return toMenu([{ text: ctx.t('relay:write.sent', { tutor: m.to.fullName }) }]);
          });
        },
      },
    },
  };

  const inbox: Flow = {
    id: INBOX_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async prompt(ctx) {
          const unread = await deps.store.unreadFor(ctx.person!.id, INBOX_SHOWN);
          if (unread.length === 0) return { text: ctx.t('relay:inbox.none'), nav: true };
          const total = await deps.store.countUnread(ctx.person!.id);
          const tz = ctx.person!.timezone;
          return {
            text: plural(ctx, 'relay:inbox.title', total),
            choices: unread.map((m) => [{ label: ctx.t('relay:inbox.line', { name: m.from.fullName, code: m.from.code, when: formatShort(m.createdAt, ctx.lang, tz), preview: preview(m.text) }), value: `m.${m.id}` }]),
            nav: true,
          };
        },
        onChoice: (ctx, value) => goto('open', { id: value.slice(2) }),
      },
      open: {
        back: 'start',
        async prompt(ctx) {
          const m = await deps.store.get(String(ctx.state.data.id));
          if (!m || m.to.id !== ctx.person!.id) return { text: ctx.t('relay:errors.notYours'), nav: true };
          await deps.store.markRead(m.id, ctx.person!.id, ctx.now);
          return {
            text: ctx.t('relay:toTutor', { name: m.from.fullName, code: m.from.code, when: formatShort(m.createdAt, ctx.lang, ctx.person!.timezone), text: m.text }),
            choices: [[{ label: ctx.t('relay:buttons.reply'), value: 'reply' }]],
            nav: true,
          };
        },
        onChoice: (ctx) => ({ next: { to: 'flow', flow: REPLY_FLOW, data: { id: ctx.state.data.id } } }),
      },
    },
  };

  const reply: Flow = {
    id: REPLY_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async prompt(ctx) {
          const m = await deps.store.get(String(ctx.state.data.id));
          return { text: ctx.t('relay:reply.ask', { name: m && m.to.id === ctx.person!.id ? m.from.fullName : '' }), nav: true };
        },
        onText(ctx, text) {
          if (!relayTextSchema.safeParse(text).success) return tooLong(ctx);
          return explain(ctx, async () => {
            const m = await service.reply(ctx.person!, String(ctx.state.data.id), text, ctx.now);
            return { say: [{ text: ctx.t('relay:reply.sent', { name: m.to.fullName }) }], next: { to: 'flow', flow: INBOX_FLOW } };
          });
        },
      },
    },
  };

  const action: GlobalAction = {
    prefix: RELAY_ACTION,
    roles: ['beneficiary', 'tutor'],
    handle(ctx, rest) {
      if (rest === 'w' && ctx.person!.roles.includes('beneficiary')) return { next: { to: 'flow', flow: WRITE_FLOW } };
      if (rest.startsWith('r:') && ctx.person!.roles.includes('tutor')) {
        return explain(ctx, async () => {
          const m = await service.readable(ctx.person!, rest.slice(2), ctx.now);
          await deps.store.markRead(m.id, ctx.person!.id, ctx.now);
          return { next: { to: 'flow', flow: REPLY_FLOW, data: { id: m.id } } };
        });
      }
      return stay([{ text: ctx.t('common:staleButton') }]);
    },
  };

  const payload = z.object({ messageId: z.string().min(1), direction: z.enum(['to_tutor', 'to_beneficiary']) });
  const renderer: OutboxRenderer = {
    kind: RELAY_KIND,
    async render(ctx, raw) {
      const p = payload.safeParse(raw);
      if (!p.success) return null;
      const m = await deps.store.get(p.data.messageId);
      // Deleted (the person erased their data) or not for this recipient: nothing to send.
      if (!m || m.to.id !== ctx.recipient.id) return null;
      const when = formatShort(m.createdAt, ctx.lang, ctx.recipient.timezone);
      if (p.data.direction === 'to_tutor') {
        return [{ text: ctx.t('relay:toTutor', { name: m.from.fullName, code: m.from.code, when, text: m.text }), choices: [[{ label: ctx.t('relay:buttons.reply'), data: `${RELAY_ACTION}:r:${m.id}` }]] }];
      }
      return [{ text: ctx.t('relay:toBeneficiary', { name: m.from.fullName, when, text: m.text }), choices: [[{ label: ctx.t('relay:buttons.writeBack'), data: `${RELAY_ACTION}:w` }]] }];
    },
  };

  return {
    service,
    flows: [write, inbox, reply],
    actions: [action],
    renderers: [renderer],
    menu: [
      { role: 'beneficiary', id: 'relay-write', labelKey: 'relay:menu.write', flow: WRITE_FLOW, order: 50 },
      { role: 'tutor', id: 'relay-inbox', labelKey: 'relay:menu.inbox', flow: INBOX_FLOW, order: 40 },
    ],
  };
}
