/**
 * Applies the access policy and leaves a trace of every refusal: an attempt to reach another
 * entity's or region's data is a security event, not just a "no". The audit detail holds ids and
 * reason codes only.
 */
import type { AuditLog } from '../ports/audit';
import { decideAccess, type AccessAction, type AccessDecision, type AccessSubject, type Actor } from './access.policy';

export class AccessGuard {
  constructor(private readonly audit: AuditLog) {}

  /**
   * Decides; on refusal records `access_refused` (actor, action, subject, reason) and returns the
   * refusal. `what` names the use case for the trail ("hours.report", "followup.answer"...).
   */
  async check(actor: Actor, action: AccessAction, subject: AccessSubject, at: Date, what: string, subjectId?: string | null): Promise<AccessDecision> {
    const decision = decideAccess(actor, action, subject);
    if (!decision.allowed) {
      await this.audit.record({
        at,
        actorId: actor.id,
        action: 'access_refused',
        subjectType: subject.personId ? 'person' : 'scope',
        subjectId: subjectId ?? subject.personId ?? subject.entityId ?? subject.region ?? null,
        detail: { what, access: action, reason: decision.reason, roles: [...actor.roles] },
      });
    }
    return decision;
  }
}
