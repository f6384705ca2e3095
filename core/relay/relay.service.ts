/**
 * "Talk to my tutor": a beneficiary's message (text, or a voice note, photo or document by its
 * channel's handle) goes to their tutor, the tutor's answer back to the beneficiary, both through the
 * outbox (kind 'relay', urgent, but never in the recipient's quiet hours). A tutor may only answer
 * messages addressed to them, so they reach only their own beneficiaries. An edit of a message not yet
 * delivered changes it; of one already delivered, sends a correction.
 */
import { z } from 'zod';
import type { AuditLog } from '../ports/audit';
import type { PersonSummary } from '../ports/accounts';
import { PRIORITY, type OutboxItem } from '../ports/outbox';
import { PonteError } from '../errors';
import { nextAllowedInstant, type QuietHours } from '../time/quiet-hours';
import { MAX_CAPTION_CHARS, mediaReaches, type RelayMedia } from './media-policy';
import type { RelayMessageView, RelayPerson, RelayStore } from './relay.ports';

export const RELAY_KIND = 'relay';
/** Three full Telegram messages: a long text split by the app arrives whole (see long-text.ts). */
export const MAX_RELAY_CHARS = 12_000;

/** A typed message: trimmed, not empty, not longer than MAX_RELAY_CHARS. */
export const relayTextSchema = z.string().trim().min(1).max(MAX_RELAY_CHARS);
const captionSchema = z.string().trim().max(MAX_CAPTION_CHARS);

export type RelayDirection = 'to_tutor' | 'to_beneficiary';

/** What is relayed: a text, or a file with an optional caption; `sourceRef` lets a later edit find it. */
export interface RelayContent {
  text: string;
  media?: RelayMedia | null;
  sourceRef?: string | null;
}

export class NoTutorError extends PonteError {
  constructor() {
    super('relay_no_tutor', 'beneficiary has no tutor', 'relay:errors.noTutor');
  }
}

export class RelayNotYoursError extends PonteError {
  constructor() {
    super('relay_not_yours', 'message not addressed to this person', 'relay:errors.notYours');
  }
}

/** The file's handle is valid on a channel the recipient does not use. */
export class MediaUnreachableError extends PonteError {
  constructor() {
    super('relay_media_unreachable', 'file cannot reach the recipient on their channel', 'relay:media.otherChannel');
  }
}

export type RelayService = ReturnType<typeof createRelayService>;

/** A beneficiary-initiated message has no `replyToId`; a tutor's answer (and its corrections) has one. */
export const directionOf = (m: Pick<RelayMessageView, 'replyToId'>): RelayDirection => (m.replyToId ? 'to_beneficiary' : 'to_tutor');

export function createRelayService(deps: { store: RelayStore; audit: AuditLog; quietHours: QuietHours }) {
  const item = (m: RelayMessageView, now: Date): OutboxItem => ({
    key: `relay:${m.id}`,
    personId: m.to.id,
    kind: RELAY_KIND,
    payload: { messageId: m.id, direction: directionOf(m) },
    dueAt: nextAllowedInstant(now, m.to.timezone, deps.quietHours),
    priority: PRIORITY.urgent,
  });

  /** Validated text (a file's caption may be empty); a file must be able to reach the recipient. */
  async function check(content: RelayContent, to: RelayPerson): Promise<string> {
    const text = content.media ? captionSchema.parse(content.text) : relayTextSchema.parse(content.text);
    if (content.media && !mediaReaches(content.media.channel, await deps.store.channelsOf(to.id))) throw new MediaUnreachableError();
    return text;
  }

  const auditDetail = (to: RelayPerson, content: RelayContent) => ({ to: to.code, ...(content.media ? { media: content.media.kind } : {}) });

  return {
    /** The beneficiary writes to their tutor. */
    async toTutor(beneficiary: PersonSummary, content: RelayContent, now: Date): Promise<RelayMessageView> {
      const tutor = await deps.store.tutorOf(beneficiary.id);
      if (!tutor) throw new NoTutorError();
      const text = await check(content, tutor);
      const m = await deps.store.send({ fromId: beneficiary.id, toId: tutor.id, text, media: content.media, sourceRef: content.sourceRef, replyToId: null, now }, (saved) => item(saved, now));
      await deps.audit.record({ at: now, actorId: beneficiary.id, action: 'relay_sent', subjectType: 'relay_message', subjectId: m.id, detail: auditDetail(tutor, content) });
      return m;
    },

    /** The tutor answers a message that was addressed to them; the original counts as read. */
    async reply(tutor: PersonSummary, originalId: string, content: RelayContent, now: Date): Promise<RelayMessageView> {
      const original = await deps.store.get(originalId);
      if (!original || original.to.id !== tutor.id) {
        await deps.audit.record({ at: now, actorId: tutor.id, action: 'relay_refused', subjectType: 'relay_message', subjectId: originalId });
        throw new RelayNotYoursError();
      }
      const text = await check(content, original.from);
      const m = await deps.store.send({ fromId: tutor.id, toId: original.from.id, text, media: content.media, sourceRef: content.sourceRef, replyToId: original.id, now }, (saved) => item(saved, now));
      await deps.store.markRead(original.id, tutor.id, now);
      await deps.audit.record({ at: now, actorId: tutor.id, action: 'relay_sent', subjectType: 'relay_message', subjectId: m.id, detail: auditDetail(original.from, content) });
      return m;
    },

    /**
     * The sender edited a message they had relayed: not delivered yet, it goes out as edited;
     * delivered, a correction follows it. Says which.
     */
    async correct(sender: PersonSummary, original: RelayMessageView, text: string, now: Date): Promise<{ outcome: 'updated' | 'sent'; message: RelayMessageView }> {
      if (original.from.id !== sender.id) throw new RelayNotYoursError();
      const clean = original.media ? captionSchema.parse(text) : relayTextSchema.parse(text);
      if (await deps.store.updateUndelivered(original.id, clean, now)) {
        await deps.audit.record({ at: now, actorId: sender.id, action: 'relay_edited', subjectType: 'relay_message', subjectId: original.id });
        return { outcome: 'updated', message: { ...original, text: clean, editedAt: now } };
      }
      const m = await deps.store.send(
        { fromId: sender.id, toId: original.to.id, text: clean, replyToId: original.replyToId, correctsId: original.id, sourceRef: original.sourceRef, now },
        (saved) => item(saved, now),
      );
      await deps.audit.record({ at: now, actorId: sender.id, action: 'relay_corrected', subjectType: 'relay_message', subjectId: m.id, detail: { corrects: original.id } });
      return { outcome: 'sent', message: m };
    },

    /** A message the person may read (addressed to them), or an error (the attempt is audited). */
    async readable(person: PersonSummary, id: string, now: Date): Promise<RelayMessageView> {
      const m = await deps.store.get(id);
      if (!m || m.to.id !== person.id) {
        await deps.audit.record({ at: now, actorId: person.id, action: 'relay_refused', subjectType: 'relay_message', subjectId: id.slice(0, 40) });
        throw new RelayNotYoursError();
      }
      return m;
    },
  };
}
