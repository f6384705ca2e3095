/**
 * The authorization policy across roles, and the guard that audits every refusal.
 */
import { describe, expect, it } from 'vitest';
import { decideAccess, scopeFor, type AccessAction, type AccessSubject, type Actor } from '../../../core/access/access.policy';
import { AccessGuard } from '../../../core/access/access.guard';
import type { AuditEntry } from '../../../core/ports/audit';

const tutorA: Actor = { id: 'T-A', roles: ['tutor'], entityId: 'E-A', region: null, provinces: null };
const tutorNoEntity: Actor = { id: 'T-X', roles: ['tutor'], entityId: null, region: null, provinces: null };
const coordPiemonte: Actor = { id: 'C-P', roles: ['coordinator'], entityId: null, region: 'Piemonte', provinces: null };
const coordLombardia: Actor = { id: 'C-L', roles: ['coordinator'], entityId: null, region: 'Lombardia', provinces: null };
const coordTorino: Actor = { id: 'C-T', roles: ['coordinator'], entityId: null, region: 'Piemonte', provinces: ['Torino'] };
const coordNational: Actor = { id: 'C-N', roles: ['coordinator'], entityId: null, region: null, provinces: null };
const admin: Actor = { id: 'A', roles: ['admin'], entityId: null, region: null, provinces: null };
const beneficiary: Actor = { id: 'B-1', roles: ['beneficiary'], entityId: null, region: null, provinces: null };
const tutorAndCoord: Actor = { id: 'TC', roles: ['tutor', 'coordinator'], entityId: 'E-A', region: 'Lombardia', provinces: null };

const ownBeneficiary: AccessSubject = { personId: 'B-1', entityId: 'E-A', region: 'Piemonte', province: 'Torino' };
const otherEntity: AccessSubject = { personId: 'B-2', entityId: 'E-B', region: 'Piemonte', province: 'Cuneo' };
const otherRegion: AccessSubject = { personId: 'B-3', entityId: 'E-C', region: 'Lombardia', province: 'Milano' };

type Row = [string, Actor, AccessAction, AccessSubject, string];
const table: Row[] = [
  // tutor: own entity only, read and report
  ['tutor reads own entity', tutorA, 'beneficiary.read', ownBeneficiary, 'allowed'],
  ['tutor reports own entity', tutorA, 'beneficiary.report', ownBeneficiary, 'allowed'],
  ['tutor reads other entity', tutorA, 'beneficiary.read', otherEntity, 'other_entity'],
  ['tutor reports other entity', tutorA, 'beneficiary.report', otherEntity, 'other_entity'],
  ['tutor reads own entity reports', tutorA, 'reports.read', { entityId: 'E-A', region: 'Piemonte', province: null }, 'allowed'],
  ['tutor reads a region report', tutorA, 'reports.read', { entityId: null, region: 'Piemonte', province: null }, 'other_entity'],
  ['tutor without entity', tutorNoEntity, 'beneficiary.read', ownBeneficiary, 'no_entity'],
  // coordinator: read in region, never report
  ['coordinator reads region', coordPiemonte, 'beneficiary.read', otherEntity, 'allowed'],
  ['coordinator reads region reports', coordPiemonte, 'reports.read', { entityId: null, region: 'piemonte', province: null }, 'allowed'],
  ['coordinator reports hours', coordPiemonte, 'beneficiary.report', ownBeneficiary, 'no_role'],
  ['coordinator of another region reads', coordLombardia, 'beneficiary.read', ownBeneficiary, 'other_region'],
  ['coordinator of another region reads reports', coordLombardia, 'reports.read', { entityId: null, region: 'Piemonte', province: null }, 'other_region'],
  ['coordinator limited to Torino reads Torino', coordTorino, 'beneficiary.read', ownBeneficiary, 'allowed'],
  ['coordinator limited to Torino reads Cuneo', coordTorino, 'beneficiary.read', otherEntity, 'other_province'],
  ['national coordinator reads anywhere', coordNational, 'reports.read', { entityId: null, region: 'Lombardia', province: null }, 'allowed'],
  // admin: everything
  ['admin reads anywhere', admin, 'beneficiary.read', otherRegion, 'allowed'],
  ['admin reports anywhere', admin, 'beneficiary.report', otherRegion, 'allowed'],
  // beneficiary: only self, read only
  ['beneficiary reads self', beneficiary, 'beneficiary.read', ownBeneficiary, 'allowed'],
  ['beneficiary reads another', beneficiary, 'beneficiary.read', otherEntity, 'not_self'],
  ['beneficiary reports on self', beneficiary, 'beneficiary.report', ownBeneficiary, 'no_role'],
  ['beneficiary reads reports', beneficiary, 'reports.read', { entityId: 'E-A', region: 'Piemonte', province: null }, 'no_role'],
  // several roles: any role may allow
  ['tutor+coordinator reports own entity', tutorAndCoord, 'beneficiary.report', ownBeneficiary, 'allowed'],
  ['tutor+coordinator reads own region', tutorAndCoord, 'beneficiary.read', otherRegion, 'allowed'],
  ['tutor+coordinator reports other region', tutorAndCoord, 'beneficiary.report', otherRegion, 'no_role'],
  ['no roles at all', { ...tutorA, roles: [] }, 'beneficiary.read', ownBeneficiary, 'no_role'],
];

describe('access policy', () => {
  it.each(table)('%s → %s', (_name, actor, action, subject, expected) => {
    const d = decideAccess(actor, action, subject);
    expect(d.allowed ? 'allowed' : d.reason).toBe(expected);
  });

  it('gives each role the scope its lists must be filtered by', () => {
    expect(scopeFor(admin, 'reports.read')).toEqual({ kind: 'all' });
    expect(scopeFor(coordPiemonte, 'reports.read')).toEqual({ kind: 'region', region: 'Piemonte', provinces: null });
    expect(scopeFor(coordTorino, 'beneficiary.read')).toEqual({ kind: 'region', region: 'Piemonte', provinces: ['Torino'] });
    expect(scopeFor(coordNational, 'reports.read')).toEqual({ kind: 'all' });
    expect(scopeFor(coordPiemonte, 'beneficiary.report')).toEqual({ kind: 'none' });
    expect(scopeFor(tutorA, 'beneficiary.report')).toEqual({ kind: 'entity', entityId: 'E-A' });
    expect(scopeFor(beneficiary, 'beneficiary.read')).toEqual({ kind: 'self', personId: 'B-1' });
    expect(scopeFor(beneficiary, 'reports.read')).toEqual({ kind: 'none' });
  });
});

describe('access guard', () => {
  const audited = () => {
    const entries: AuditEntry[] = [];
    return { entries, log: { record: async (e: AuditEntry) => void entries.push(e) } };
  };
  const at = new Date('2026-11-23T09:00:00Z');

  it('records a refusal with actor, subject, action and reason, and no names', async () => {
    const { entries, log } = audited();
    const d = await new AccessGuard(log).check(tutorA, 'beneficiary.report', otherEntity, at, 'hours.report');
    expect(d).toEqual({ allowed: false, reason: 'other_entity' });
    expect(entries).toEqual([
      { at, actorId: 'T-A', action: 'access_refused', subjectType: 'person', subjectId: 'B-2', detail: { what: 'hours.report', access: 'beneficiary.report', reason: 'other_entity', roles: ['tutor'] } },
    ]);
  });

  it('audits a coordinator of another region and a beneficiary, not an allowed read', async () => {
    const { entries, log } = audited();
    const guard = new AccessGuard(log);
    await guard.check(coordLombardia, 'reports.read', { entityId: null, region: 'Piemonte', province: null }, at, 'reports.region');
    await guard.check(beneficiary, 'beneficiary.read', otherEntity, at, 'beneficiary.card');
    await guard.check(coordPiemonte, 'beneficiary.read', otherEntity, at, 'beneficiary.card');
    expect(entries.map((e) => [e.actorId, e.detail?.reason])).toEqual([
      ['C-L', 'other_region'],
      ['B-1', 'not_self'],
    ]);
  });
});
