/**
 * Who may see and change what, as pure functions. Every feature asks here before it reads or writes
 * a beneficiary's data or a report, so the rule lives in one place:
 * - admin: everything;
 * - tutor: the beneficiaries of their own promoting entity (read and report), and that entity's reports;
 * - coordinator: reads (never writes) beneficiaries and reports of their region; with a province list
 *   only those provinces; with neither region nor provinces, the whole country;
 * - beneficiary: only themselves, read only.
 * A person with several roles is allowed when any of the roles allows. Refusals carry a stable reason
 * code: `AccessGuard` records them in the audit trail.
 */
import type { Role } from '../roles';

/** Who asks: the person and the scope their roles give them. */
export interface Actor {
  id: string;
  roles: readonly Role[];
  /** The promoting entity a tutor works for. */
  entityId: string | null;
  /** A coordinator's region; null (with no provinces) = national. */
  region: string | null;
  /** A coordinator's provinces, when limited to some (names as stored on profiles, e.g. "Torino"). */
  provinces: readonly string[] | null;
}

/** What is asked about: a beneficiary, or a report slice (region / province / entity). */
export interface AccessSubject {
  /** The beneficiary, when the subject is one person's data. */
  personId?: string;
  entityId: string | null;
  region: string | null;
  province: string | null;
}

export const ACCESS_ACTIONS = ['beneficiary.read', 'beneficiary.report', 'reports.read'] as const;
/** read = see a beneficiary's file; report = write hours, internship status, follow-ups, invites; reports.read = aggregated figures. */
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

export type RefusalReason = 'no_role' | 'no_entity' | 'other_entity' | 'other_region' | 'other_province' | 'not_self';

export type AccessDecision = { allowed: true; as: Role } | { allowed: false; reason: RefusalReason };

/** The one question: may `actor` do `action` on `subject`? */
export function decideAccess(actor: Actor, action: AccessAction, subject: AccessSubject): AccessDecision {
  let firstRefusal: RefusalReason | undefined;
  // Most powerful role first, so the decision names the role that allowed it.
  for (const role of ['admin', 'coordinator', 'tutor', 'beneficiary'] as const) {
    if (!actor.roles.includes(role)) continue;
    const reason = refusalFor(role, actor, action, subject);
    if (reason === null) return { allowed: true, as: role };
    firstRefusal ??= reason;
  }
  return { allowed: false, reason: firstRefusal ?? 'no_role' };
}

/** Shortcut for `decideAccess(...).allowed`. */
export function mayAccess(actor: Actor, action: AccessAction, subject: AccessSubject): boolean {
  return decideAccess(actor, action, subject).allowed;
}

/**
 * The filter a list or report query must apply for this actor, so lists never even load what the
 * actor may not see. `none` = nothing at all.
 */
export type AccessScope =
  | { kind: 'all' }
  | { kind: 'region'; region: string; provinces: readonly string[] | null }
  | { kind: 'provinces'; provinces: readonly string[] }
  | { kind: 'entity'; entityId: string }
  | { kind: 'self'; personId: string }
  | { kind: 'none' };

/** The widest scope the actor's roles give for `action` (read actions for coordinators only). */
export function scopeFor(actor: Actor, action: AccessAction): AccessScope {
  if (actor.roles.includes('admin')) return { kind: 'all' };
  if (actor.roles.includes('coordinator') && action !== 'beneficiary.report') {
    const provinces = actor.provinces && actor.provinces.length > 0 ? actor.provinces : null;
    if (actor.region) return { kind: 'region', region: actor.region, provinces };
    return provinces ? { kind: 'provinces', provinces } : { kind: 'all' };
  }
  if (actor.roles.includes('tutor') && actor.entityId) return { kind: 'entity', entityId: actor.entityId };
  if (actor.roles.includes('beneficiary') && action === 'beneficiary.read') return { kind: 'self', personId: actor.id };
  return { kind: 'none' };
}

function refusalFor(role: Role, actor: Actor, action: AccessAction, subject: AccessSubject): RefusalReason | null {
  switch (role) {
    case 'admin':
      return null;
    case 'coordinator': {
      if (action === 'beneficiary.report') return 'no_role';
      if (actor.region && !same(actor.region, subject.region)) return 'other_region';
      const provinces = actor.provinces ?? [];
      if (provinces.length > 0 && !provinces.some((p) => same(p, subject.province))) return 'other_province';
      return null;
    }
    case 'tutor':
      if (!actor.entityId) return 'no_entity';
      return subject.entityId !== null && subject.entityId === actor.entityId ? null : 'other_entity';
    case 'beneficiary':
      if (action !== 'beneficiary.read') return 'no_role';
      return subject.personId !== undefined && subject.personId === actor.id ? null : 'not_self';
  }
}

/** Region and province names compare without case or accents ("Valle d'Aosta" = "valle d’aosta"). */
function same(a: string, b: string | null): boolean {
  if (b === null) return false;
  const norm = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’‘`´]/g, "'").trim().toLowerCase();
  return norm(a) === norm(b);
}
