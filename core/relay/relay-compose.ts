/**
 * Writing a relayed message, shared by the beneficiary's "Write to my tutor" and the tutor's reply:
 * a typed text (long ones joined across the parts Telegram splits them into, see long-text.ts), or a
 * voice note, photo or document (checked for size, length and type, and for whether it can reach the
 * other person on their channel). Nothing is relayed in part, and every refusal says why.
 */
import type { IncomingMedia, IncomingMessage } from '../messages';
import type { Outcome, Step, TurnContext } from '../conversation/flow';
import { goto, repeat, toMenu } from '../conversation/flow';
import { PonteError } from '../errors';
import { joinParts, joinStep, pendingOf } from './long-text';
import { refuseMedia, toRelayMedia } from './media-policy';
import { MAX_RELAY_CHARS, MediaUnreachableError, relayTextSchema, type RelayContent } from './relay.service';

/** Where an edit of this message will find the relayed copy: `<channel>:<chat>:<message id>`. */
export function sourceRefOf(msg: IncomingMessage): string | null {
  return msg.messageId ? `${msg.channel}:${msg.chatId}:${msg.messageId}` : null;
}

/** Runs a relay use case; its known errors become the user's message (a file that cannot go: stay and write instead). */
export async function explain(ctx: TurnContext, run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MediaUnreachableError) return repeat([{ text: ctx.t(err.userMessageKey) }]);
    if (err instanceof PonteError) return toMenu([{ text: ctx.t(err.userMessageKey) }]);
    throw err;
  }
}

/** What to do with a complete message: relay it, or (from the free-text offer) ask first. */
export type Deliver = (ctx: TurnContext, content: RelayContent) => Outcome | Promise<Outcome>;

const withoutLong = (data: Record<string, unknown>) => {
  const { long: _long, ...rest } = data;
  return rest;
};

function complete(ctx: TurnContext, deliver: Deliver, text: string, sourceRef: string | null): Promise<Outcome> | Outcome {
  const data = withoutLong(ctx.state.data);
  if (!relayTextSchema.safeParse(text).success) return { say: [{ text: ctx.t('relay:errors.tooLong', { max: MAX_RELAY_CHARS }) }], next: { to: 'step', step: 'start', data } };
  ctx.state = { ...ctx.state, data };
  return deliver(ctx, { text, sourceRef });
}

/** Typed text at a compose step: the whole message, or a part of a long one to wait for. */
export function composeText(deliver: Deliver) {
  return (ctx: TurnContext, text: string): Promise<Outcome> | Outcome => {
    const step = joinStep(pendingOf(ctx.state.data), text, sourceRefOf(ctx.msg), ctx.now);
    if (step.kind === 'wait') return goto('long', { ...ctx.state.data, long: step.pending });
    if (step.kind === 'stale') return repeat([{ text: ctx.t('relay:long.pending') }]);
    return complete(ctx, deliver, step.text, step.sourceRef);
  };
}

/** A file at a compose step: refused with the reason, or relayed with its caption. */
export function composeMedia(deliver: Deliver) {
  return (ctx: TurnContext, media: IncomingMedia): Promise<Outcome> | Outcome => {
    if (pendingOf(ctx.state.data)) return repeat([{ text: ctx.t('relay:long.pending') }]);
    const refusal = refuseMedia(media, ctx.msg.channel);
    if (refusal) return repeat([{ text: ctx.t(refusal.key, refusal.params) }]);
    return deliver(ctx, { text: media.caption ?? '', media: toRelayMedia(ctx.msg.channel, media), sourceRef: sourceRefOf(ctx.msg) });
  };
}

/** The step shown while a long text may continue: its size, "send it now" and "discard". */
export function longTextStep(deliver: Deliver): Step {
  return {
    back: 'start',
    prompt(ctx) {
      const pending = pendingOf(ctx.state.data);
      const count = pending ? joinParts(pending.parts).length : 0;
      return {
        text: ctx.t('relay:long.more', { count }),
        choices: [[{ label: ctx.t('relay:long.send'), value: 'send' }], [{ label: ctx.t('relay:long.discard'), value: 'discard' }]],
      };
    },
    onText: composeText(deliver),
    onMedia: (ctx) => repeat([{ text: ctx.t('relay:long.pending') }]),
    onChoice(ctx, value) {
      const pending = pendingOf(ctx.state.data);
      if (value !== 'send' || !pending) {
        const say = [{ text: ctx.t('relay:long.discarded') }];
        // Offered from the menu (nothing was asked for): back there; else to the empty compose screen.
        return ctx.state.data.confirm ? toMenu(say) : { say, next: { to: 'step', step: 'start', data: withoutLong(ctx.state.data) } };
      }
      return complete(ctx, deliver, joinParts(pending.parts), pending.sourceRef);
    },
  };
}
