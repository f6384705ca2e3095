/**
 * The policy applied to people as stored (roles, entity, region, provinces), through the Prisma
 * repository and the guard writing real AuditEvent rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { PrismaTutorStore } from '../../../bot/storage/tutor.repository';
import { AccessGuard } from '../../../core/access/access.guard';
import type { BeneficiaryFile } from '../../../core/tutor/tutor.ports';

let h: Harness;
let store: PrismaTutorStore;
let guard: AccessGuard;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
  store = new PrismaTutorStore(h.ponte.prisma);
  guard = new AccessGuard(h.ponte.stores.audit);
});
afterEach(async () => h.close());

const idOf = async (code: string) => (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
const subject = (f: BeneficiaryFile) => ({ personId: f.personId, entityId: f.entityId, region: f.region, province: f.province });
async function coordinator(code: string, region: string | null, provinces?: string[]) {
  const p = await h.ponte.prisma.person.create({ data: { code, fullName: 'Test Coordinator', region, provincesJson: provinces ? JSON.stringify(provinces) : null, roles: { create: [{ role: 'coordinator' }] } } });
  return (await store.actor(p.id))!;
}

describe('access with stored people', () => {
  it('tutor of the entity: allowed; tutor of another entity: refused and audited', async () => {
    const ahmed = (await store.beneficiaryFile(await idOf('B-0001')))!;
    const own = (await store.actor(await idOf('T-0001')))!;
    const other = (await store.actor(await idOf('T-0002')))!;
    expect((await guard.check(own, 'beneficiary.report', subject(ahmed), h.clock.now(), 'test')).allowed).toBe(true);
    expect(await guard.check(other, 'beneficiary.report', subject(ahmed), h.clock.now(), 'test')).toEqual({ allowed: false, reason: 'other_entity' });
    const rows = await h.ponte.prisma.auditEvent.findMany({ where: { action: 'access_refused' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: other.id, subjectType: 'person', subjectId: ahmed.personId });
    expect(rows[0]!.detailJson).not.toContain('Ahmed');
  });

  it('coordinators: own region reads, another region and other provinces are refused and audited', async () => {
    const ahmed = (await store.beneficiaryFile(await idOf('B-0001')))!; // Torino, Piemonte
    const piemonte = (await store.actor(await idOf('C-0001')))!;
    expect(piemonte.region).toBe('Piemonte');
    expect((await guard.check(piemonte, 'beneficiary.read', subject(ahmed), h.clock.now(), 'test')).allowed).toBe(true);
    expect((await guard.check(piemonte, 'beneficiary.report', subject(ahmed), h.clock.now(), 'test')).allowed).toBe(false);
    const lombardia = await coordinator('C-0900', 'Lombardia');
    expect(await guard.check(lombardia, 'reports.read', subject(ahmed), h.clock.now(), 'test')).toEqual({ allowed: false, reason: 'other_region' });
    const cuneoOnly = await coordinator('C-0901', 'Piemonte', ['Cuneo']);
    expect(cuneoOnly.provinces).toEqual(['Cuneo']);
    expect(await guard.check(cuneoOnly, 'beneficiary.read', subject(ahmed), h.clock.now(), 'test')).toEqual({ allowed: false, reason: 'other_province' });
    const reasons = (await h.ponte.prisma.auditEvent.findMany({ where: { action: 'access_refused' }, orderBy: { id: 'asc' } })).map((r) => JSON.parse(r.detailJson).reason);
    expect(reasons.sort()).toEqual(['no_role', 'other_province', 'other_region']);
  });

  it('a beneficiary reads only themselves', async () => {
    const ahmed = (await store.beneficiaryFile(await idOf('B-0001')))!;
    const fatima = (await store.beneficiaryFile(await idOf('B-0002')))!;
    const me = (await store.actor(ahmed.personId))!;
    expect((await guard.check(me, 'beneficiary.read', subject(ahmed), h.clock.now(), 'test')).allowed).toBe(true);
    expect(await guard.check(me, 'beneficiary.read', subject(fatima), h.clock.now(), 'test')).toEqual({ allowed: false, reason: 'not_self' });
    expect(await guard.check(me, 'beneficiary.report', subject(ahmed), h.clock.now(), 'test')).toEqual({ allowed: false, reason: 'no_role' });
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'access_refused', actorId: me.id } })).toBe(2);
  });
});
