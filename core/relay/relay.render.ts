/**
 * How a relayed message reads for its recipient: who sent it and when, what the file is (a line that
 * any screen can show), the text or caption, the file itself by reference, and the button to answer.
 * Used at send time by the outbox renderer and when a tutor opens a message in the inbox.
 */
import { z } from 'zod';
import type { Choice, OutgoingMessage } from '../messages';
import type { OutboxRenderer } from '../ports/outbox';
import type { TranslationParams } from '../ports/translator';
import { formatShort } from '../beneficiary/locale-format';
import { describeMedia } from './media-policy';
import type { RelayMessageView, RelayStore } from './relay.ports';
import { directionOf, RELAY_KIND } from './relay.service';

export const RELAY_ACTION = 'rl';

interface Reader {
  lang: string;
  t(key: string, params?: TranslationParams): string;
}

/** The body: the file's description line, then the text or caption. */
export function relayBody(r: Reader, m: Pick<RelayMessageView, 'text' | 'media'>): string {
  return [m.media ? describeMedia(r, m.media) : '', m.text].filter((s) => s.trim() !== '').join('\n');
}

/** The message as its recipient reads it (in `tz`), with the file and `choices` attached. */
export function relayMessageFor(r: Reader, m: RelayMessageView, tz: string, choices?: Choice[][]): OutgoingMessage {
  const when = formatShort(m.createdAt, r.lang, tz);
  const text = relayBody(r, m);
  const head = m.correctsId
    ? r.t('relay:edit.toRecipient', { name: m.from.fullName, when, text })
    : directionOf(m) === 'to_tutor'
      ? r.t('relay:toTutor', { name: m.from.fullName, code: m.from.code, when, text })
      : r.t('relay:toBeneficiary', { name: m.from.fullName, when, text });
  return {
    text: head,
    ...(choices ? { choices } : {}),
    ...(m.media ? { media: [{ kind: m.media.kind, channel: m.media.channel, ref: m.media.ref, ...(m.media.mimeType ? { mimeType: m.media.mimeType } : {}), ...(m.media.filename ? { filename: m.media.filename } : {}) }] } : {}),
  };
}

const payload = z.object({ messageId: z.string().min(1), direction: z.enum(['to_tutor', 'to_beneficiary']) });

/** The 'relay' outbox renderer: the message at send time, or nothing if it was erased meanwhile. */
export function createRelayRenderer(store: RelayStore): OutboxRenderer {
  return {
    kind: RELAY_KIND,
    async render(ctx, raw) {
      const p = payload.safeParse(raw);
      if (!p.success) return null;
      const m = await store.get(p.data.messageId);
      // Deleted (the person erased their data) or not for this recipient: nothing to send.
      if (!m || m.to.id !== ctx.recipient.id) return null;
      const answer: Choice =
        directionOf(m) === 'to_tutor' ? { label: ctx.t('relay:buttons.reply'), data: `${RELAY_ACTION}:r:${m.id}` } : { label: ctx.t('relay:buttons.writeBack'), data: `${RELAY_ACTION}:w` };
      return [relayMessageFor(ctx, m, ctx.recipient.timezone, [[answer]])];
    },
  };
}
