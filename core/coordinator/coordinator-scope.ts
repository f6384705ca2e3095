/**
 * What a coordinator may read: a region, optionally narrowed to some provinces, or everything (a
 * national coordinator has no region). Least privilege: every digest and report is cut to this scope.
 */
import { z } from 'zod';
import { mayAccess } from '../access/access.policy';

export interface CoordinatorScope {
  /** null = national. */
  region: string | null;
  /** null = the whole region. */
  provinces: string[] | null;
}

const provincesSchema = z.array(z.string().trim().min(1)).min(1);

/** Reads `Person.provincesJson`; anything malformed means "no narrowing" only for a null input, otherwise throws. */
export function parseProvinces(json: string | null | undefined): string[] | null {
  if (json === null || json === undefined || json.trim() === '') return null;
  return provincesSchema.parse(JSON.parse(json));
}

/**
 * Whether something located in `region`/`province` is visible in `scope`. The rule itself lives in the
 * access policy (core/access), so reports and the tutor features cannot disagree about a coordinator.
 */
export function inScope(scope: CoordinatorScope, region: string | null | undefined, province: string | null | undefined): boolean {
  const actor = { id: '', roles: ['coordinator'] as const, entityId: null, region: scope.region, provinces: scope.provinces };
  return mayAccess(actor, 'reports.read', { entityId: null, region: region ?? null, province: province ?? null });
}

/** A short label for the scope, e.g. "Piemonte" or "Piemonte (Torino, Cuneo)"; national → undefined. */
export function scopeLabel(scope: CoordinatorScope): string | undefined {
  if (scope.region === null) return undefined;
  return scope.provinces ? `${scope.region} (${scope.provinces.join(', ')})` : scope.region;
}
