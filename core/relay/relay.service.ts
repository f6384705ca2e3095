/**
 * "Talk to my tutor": a beneficiary's message goes to their tutor, the tutor's answer back to the
 * beneficiary, both through the outbox (kind 'relay', urgent, but never in the recipient's quiet hours).
 * A tutor may only answer messages addressed to them, so they reach only their own beneficiaries.
 */
import { z } from 'zod';
import type { AuditLog } from '../ports/audit';
import type { PersonSummary } from '../ports/accounts';
import { PRIORITY, type OutboxItem } from '../ports/outbox';
import { PonteError } from '../errors';
import { nextAllowedInstant, type QuietHours } from '../time/quiet-hours';
import type { RelayMessageView, RelayStore } from './relay.ports';

export const RELAY_KIND = 'relay';
export const MAX_RELAY_CHARS = 1000;

/** A typed message: trimmed, not empty, not longer than a screen. */
export const relayTextSchema = z.string().trim().min(1).max(MAX_RELAY_CHARS);

export type RelayDirection = 'to_tutor' | 'to_beneficiary';

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

export type RelayService = ReturnType<typeof createRelayService>;

export function createRelayService(deps: { store: RelayStore; audit: AuditLog; quietHours: QuietHours }) {
  const item = (m: RelayMessageView, direction: RelayDirection, now: Date): OutboxItem => ({
    key: `relay:${m.id}`,
    personId: m.to.id,
    kind: RELAY_KIND,
    payload: { messageId: m.id, direction },
    dueAt: nextAllowedInstant(now, m.to.timezone, deps.quietHours),
    priority: PRIORITY.urgent,
  });

  return {
    /** The beneficiary writes to their tutor. */
    async toTutor(beneficiary: PersonSummary, text: string, now: Date): Promise<RelayMessageView> {
      const clean = relayTextSchema.parse(text);
      const tutor = await deps.store.tutorOf(beneficiary.id);
      if (!tutor) throw new NoTutorError();
      const m = await deps.store.send({ fromId: beneficiary.id, toId: tutor.id, text: clean, replyToId: null, now }, (saved) => item(saved, 'to_tutor', now));
      await deps.audit.record({ at: now, actorId: beneficiary.id, action: 'relay_sent', subjectType: 'relay_message', subjectId: m.id, detail: { to: tutor.code } });
      return m;
    },

    /** The tutor answers a message that was addressed to them; the original counts as read. */
    async reply(tutor: PersonSummary, originalId: string, text: string, now: Date): Promise<RelayMessageView> {
      const clean = relayTextSchema.parse(text);
      const original = await deps.store.get(originalId);
      if (!original || original.to.id !== tutor.id) {
        await deps.audit.record({ at: now, actorId: tutor.id, action: 'relay_refused', subjectType: 'relay_message', subjectId: originalId });
        throw new RelayNotYoursError();
      }
      const m = await deps.store.send({ fromId: tutor.id, toId: original.from.id, text: clean, replyToId: original.id, now }, (saved) => item(saved, 'to_beneficiary', now));
      await deps.store.markRead(original.id, tutor.id, now);
      await deps.audit.record({ at: now, actorId: tutor.id, action: 'relay_sent', subjectType: 'relay_message', subjectId: m.id, detail: { to: original.from.code } });
      return m;
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
