/**
 * "Talk to my tutor" as a FeatureModule: the beneficiary's "Write to my tutor" (text, voice notes,
 * photos, documents; or offered from the menu for a question Ponte cannot answer), the tutor's inbox
 * ("Messages from beneficiaries") and reply (with files too), the Reply buttons that work from the
 * relayed message, edits of relayed messages, and the 'relay' renderer.
 */
import type { AuditLog } from '../ports/audit';
import { CHANNELS, type Channel, type IncomingMedia } from '../messages';
import type { FeatureModule, Flow, GlobalAction, Outcome, TurnContext } from '../conversation/flow';
import { goto, stay, toMenu } from '../conversation/flow';
import type { QuietHours } from '../time/quiet-hours';
import { formatShort, plural } from '../beneficiary/locale-format';
import type { RelayStore } from './relay.ports';
import { describeMedia, mediaReaches, refuseMedia, toRelayMedia } from './media-policy';
import { createRelayService, type RelayContent, type RelayService } from './relay.service';
import { composeMedia, composeText, explain, longTextStep, sourceRefOf, type Deliver } from './relay-compose';
import { createRelayRenderer, RELAY_ACTION, relayBody, relayMessageFor } from './relay.render';
import { SPLIT_PART_MIN } from './long-text';

export { RELAY_ACTION } from './relay.render';
export const WRITE_FLOW = 'relay.write';
export const INBOX_FLOW = 'relay.inbox';
export const REPLY_FLOW = 'relay.reply';

const INBOX_SHOWN = 10;
const PREVIEW_CHARS = 40;
const BUTTON_NAME_CHARS = 24;

export interface RelayDeps {
  store: RelayStore;
  audit: AuditLog;
  quietHours: QuietHours;
}

const preview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : text).replace(/\s+/g, ' ');
const shortName = (name: string) => ([...name].length > BUTTON_NAME_CHARS ? `${[...name].slice(0, BUTTON_NAME_CHARS - 1).join('').trimEnd()}…` : name);

/**
 * Offers to send what a beneficiary typed or sent at the menu (and Ponte could not answer) to their
 * tutor, with a confirmation: nothing goes without it. A long text first waits for its other parts.
 */
export function offerToTutor(ctx: TurnContext, content: { type: 'text'; text: string } | IncomingMedia): Outcome {
  const sourceRef = sourceRefOf(ctx.msg);
  if (content.type === 'media') return { next: { to: 'flow', flow: WRITE_FLOW, step: 'offer', data: { confirm: true, offer: { media: content, channel: ctx.msg.channel, sourceRef } } } };
  if (content.text.length >= SPLIT_PART_MIN) {
    return { next: { to: 'flow', flow: WRITE_FLOW, step: 'long', data: { confirm: true, long: { parts: [content.text], at: ctx.now.getTime(), sourceRef } } } };
  }
  return { next: { to: 'flow', flow: WRITE_FLOW, step: 'offer', data: { confirm: true, offer: { text: content.text, sourceRef } } } };
}

export function createRelayModule(deps: RelayDeps): FeatureModule & { service: RelayService } {
  const service = createRelayService(deps);

  const toTutor: Deliver = (ctx, content) =>
    explain(ctx, async () => {
      const m = await service.toTutor(ctx.person!, content, ctx.now);
      return toMenu([{ text: ctx.t('relay:write.sent', { tutor: m.to.fullName }) }]);
    });
  // From the menu the person has not asked to write yet: a complete message is offered, not sent.
  const writeDeliver: Deliver = (ctx, content) => (ctx.state.data.confirm ? goto('offer', { ...ctx.state.data, offer: content }) : toTutor(ctx, content));

  /** The offered content as relay content (a file in the offer is kept as the channel described it). */
  const offered = (ctx: TurnContext): RelayContent | undefined => {
    const o = ctx.state.data.offer as { text?: unknown; media?: IncomingMedia; channel?: Channel; sourceRef?: unknown } | undefined;
    if (!o) return undefined;
    const sourceRef = typeof o.sourceRef === 'string' ? o.sourceRef : null;
    const channel = CHANNELS.find((c) => c === o.channel) ?? ctx.msg.channel;
    if (o.media) return { text: o.media.caption ?? '', media: toRelayMedia(channel, o.media), sourceRef };
    return typeof o.text === 'string' ? { text: o.text, sourceRef } : undefined;
  };

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
        onText: composeText(writeDeliver),
        onMedia: composeMedia(writeDeliver),
      },
      long: longTextStep(writeDeliver),
      offer: {
        async enter(ctx) {
          const tutor = await deps.store.tutorOf(ctx.person!.id);
          const o = ctx.state.data.offer as { media?: IncomingMedia } | undefined;
          const content = offered(ctx);
          if (!tutor || !o || !content) return toMenu([{ text: ctx.t('common:useButtons') }]);
          if (!o.media || !content.media) return undefined;
          // Checked before asking: a file that cannot go is not offered.
          const refusal = refuseMedia(o.media, content.media.channel);
          if (refusal) return toMenu([{ text: ctx.t(refusal.key, refusal.params) }]);
          if (!mediaReaches(content.media.channel, await deps.store.channelsOf(tutor.id))) return toMenu([{ text: ctx.t('relay:media.otherChannel') }]);
          return undefined;
        },
        async prompt(ctx) {
          const tutor = (await deps.store.tutorOf(ctx.person!.id))?.fullName ?? '';
          const content = offered(ctx);
          const text = content?.media ? ctx.t('relay:offer.media', { what: describeMedia(ctx, content.media), tutor }) : ctx.t('relay:offer.text', { tutor });
          return { text, choices: [[{ label: ctx.t('relay:offer.send'), value: 'send' }], [{ label: ctx.t('relay:offer.no'), value: 'no' }]] };
        },
        // Typed text or another file instead of an answer: the engine hands it to the free-text answer again.
        onChoice(ctx, value) {
          const content = offered(ctx);
          if (value !== 'send' || !content) return toMenu([{ text: ctx.t('relay:offer.notSent') }]);
          return toTutor(ctx, content);
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
          // The details go in the message; each button names the sender only, so it fits a phone.
          const lines = unread.map((m, i) => `${i + 1}. ${ctx.t('relay:inbox.line', { name: m.from.fullName, code: m.from.code, when: formatShort(m.createdAt, ctx.lang, tz), preview: preview(relayBody(ctx, m)) })}`);
          return {
            text: [plural(ctx, 'relay:inbox.title', total), '', ...lines].join('\n'),
            choices: unread.map((m, i) => [{ label: `${i + 1}. ${shortName(m.from.fullName)}`, value: `m.${m.id}` }]),
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
          // The file goes before the prompt, so the buttons stay on the last message.
          const shown = relayMessageFor(ctx, m, ctx.person!.timezone);
          return { before: shown.media ? [shown] : [], text: shown.media ? ctx.t('relay:inbox.answer') : shown.text, choices: [[{ label: ctx.t('relay:buttons.reply'), value: 'reply' }]], nav: true };
        },
        onChoice: (ctx) => ({ next: { to: 'flow', flow: REPLY_FLOW, data: { id: ctx.state.data.id } } }),
      },
    },
  };

  const replyDeliver: Deliver = (ctx, content) =>
    explain(ctx, async () => {
      const m = await service.reply(ctx.person!, String(ctx.state.data.id), content, ctx.now);
      return { say: [{ text: ctx.t('relay:reply.sent', { name: m.to.fullName }) }], next: { to: 'flow', flow: INBOX_FLOW } };
    });

  const reply: Flow = {
    id: REPLY_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async prompt(ctx) {
          const m = await deps.store.get(String(ctx.state.data.id));
          return { text: ctx.t('relay:reply.ask', { name: m && m.to.id === ctx.person!.id ? m.from.fullName : '' }), nav: true };
        },
        onText: composeText(replyDeliver),
        onMedia: composeMedia(replyDeliver),
      },
      long: longTextStep(replyDeliver),
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

  return {
    service,
    flows: [write, inbox, reply],
    actions: [action],
    renderers: [createRelayRenderer(deps.store)],
    menu: [
      { role: 'beneficiary', id: 'relay-write', labelKey: 'relay:menu.write', flow: WRITE_FLOW, order: 50 },
      { role: 'tutor', id: 'relay-inbox', labelKey: 'relay:menu.inbox', flow: INBOX_FLOW, order: 40 },
    ],
    /** An edited message that was relayed: the tutor (or beneficiary) gets the new text. The screen stays as it is. */
    async onEdit(ctx, content) {
      const ref = sourceRefOf(ctx.msg);
      const original = ref ? await deps.store.findBySource(ctx.person!.id, ref) : null;
      if (!original) return undefined;
      const text = content.type === 'text' ? content.text : content.type === 'media' ? (content.caption ?? '') : undefined;
      if (text === undefined) return undefined;
      return explain(ctx, async () => {
        const done = await service.correct(ctx.person!, original, text, ctx.now);
        return stay([{ text: ctx.t(done.outcome === 'updated' ? 'relay:edit.updated' : 'relay:edit.sent', { name: original.to.fullName }) }]);
      });
    },
  };
}

