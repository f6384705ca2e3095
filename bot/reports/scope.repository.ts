/** Coordinators' scopes and where people sit (region, province), read from Prisma. */
import type { PrismaClient, Prisma } from '@prisma/client';
import { inScope, parseProvinces, type CoordinatorScope } from '../../core/coordinator/coordinator-scope';

type Db = PrismaClient | Prisma.TransactionClient;

/** The scope of a coordinator, or null if the person is not (or no longer) a coordinator. */
export async function loadCoordinatorScope(db: Db, personId: string): Promise<CoordinatorScope | null> {
  const p = await db.person.findFirst({ where: { id: personId, erasedAt: null, roles: { some: { role: 'coordinator' } } }, select: { region: true, provincesJson: true } });
  if (!p) return null;
  return { region: p.region, provinces: parseProvinces(p.provincesJson) };
}

/** Region and province of a beneficiary (their profile) or staff member (their entity). */
export async function locatePerson(db: Db, personId: string): Promise<{ region: string | null; province: string | null }> {
  const p = await db.person.findUnique({
    where: { id: personId },
    select: { region: true, entity: { select: { region: true, province: true } }, profile: { select: { province: true, entity: { select: { region: true } } } } },
  });
  if (p?.profile) return { region: p.profile.entity.region, province: p.profile.province };
  if (p?.entity) return { region: p.entity.region, province: p.entity.province };
  return { region: p?.region ?? null, province: null };
}

/** All coordinators with their scopes (a handful per region). */
export async function allCoordinators(db: Db): Promise<Array<{ id: string; scope: CoordinatorScope }>> {
  const rows = await db.person.findMany({ where: { erasedAt: null, roles: { some: { role: 'coordinator' } } }, select: { id: true, region: true, provincesJson: true }, orderBy: { code: 'asc' } });
  return rows.map((r) => ({ id: r.id, scope: { region: r.region, provinces: parseProvinces(r.provincesJson) } }));
}

/** Coordinators who see `region`/`province`: the regional ones, or the national ones if the region has none. */
export async function coordinatorsCovering(db: Db, region: string | null, province: string | null): Promise<string[]> {
  const all = await allCoordinators(db);
  const regional = all.filter((c) => c.scope.region !== null && inScope(c.scope, region, province));
  return (regional.length ? regional : all.filter((c) => c.scope.region === null)).map((c) => c.id);
}
