/**
 * Prisma side of the tutor features: people as access-policy actors, an entity's caseload with
 * status at a glance, one beneficiary's file (path, rules, internship, counted hours) and invites.
 * Stored JSON (programme rules, coordinator provinces) and enumerations are validated with zod.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { Actor } from '../../core/access/access.policy';
import type { AuditEntry } from '../../core/ports/audit';
import { programmeRulesSchema, SERVICE_AREAS, type ProgrammeRules } from '../../core/programme/programme';
import { ROLES, type Role } from '../../core/roles';
import type { BeneficiaryFile, BeneficiaryRow, TutorStore } from '../../core/tutor/tutor.ports';
import { snapshotFromRow, statusFromDb } from './internship.repository';

type Tx = Prisma.TransactionClient | PrismaClient;

/** Writes an audit entry with the same client as the change it records (one transaction). */
export async function auditIn(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: { at: entry.at, actorId: entry.actorId, action: entry.action, subjectType: entry.subjectType, subjectId: entry.subjectId ?? null, detailJson: JSON.stringify(entry.detail ?? {}) },
  });
}

const provincesSchema = z.array(z.string().min(1));
const areaSchema = z.enum(SERVICE_AREAS);
const rulesCache = new Map<string, ProgrammeRules>();

/** Programme rules from the database's JSON column, validated (and cached per JSON text). */
export function parseRules(json: string): ProgrammeRules {
  let rules = rulesCache.get(json);
  if (!rules) {
    rules = programmeRulesSchema.parse(JSON.parse(json));
    rulesCache.set(json, rules);
  }
  return rules;
}

const pathInclude = { programme: true, internship: true, hourEntries: { where: { voidedAt: null } } } satisfies Prisma.PathInclude;
type PathWithAll = Prisma.PathGetPayload<{ include: typeof pathInclude }>;

/** The path that counts: the active one, else the latest. */
function currentPath(paths: PathWithAll[]): PathWithAll | undefined {
  const sorted = [...paths].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return sorted.find((p) => p.status === 'active') ?? sorted[0];
}

type ProfileWithPerson = Prisma.BeneficiaryProfileGetPayload<{ include: { entity: true; person: { select: { code: true; fullName: true; accounts: { select: { id: true } } } } } }>;

/** The at-a-glance line of a beneficiary: who, where, internship status, hours so far, last report. */
function beneficiaryRow(profile: ProfileWithPerson, path: PathWithAll | undefined): BeneficiaryRow {
  const entries = path?.hourEntries ?? [];
  return {
    personId: profile.personId,
    code: profile.person.code,
    fullName: profile.person.fullName,
    entityId: profile.entityId,
    region: profile.entity.region,
    province: profile.province,
    tutorId: profile.tutorId,
    linked: profile.person.accounts.length > 0,
    internshipStatus: path?.internship ? statusFromDb(path.internship.status) : null,
    hoursTotal: Math.round(entries.reduce((sum, e) => sum + e.hours, 0) * 1000) / 1000,
    lastReportDate: entries.reduce<string | null>((max, e) => (max === null || e.date > max ? e.date : max), null),
  };
}

export class PrismaTutorStore implements TutorStore {
  constructor(private readonly prisma: PrismaClient) {}

  async actor(personId: string): Promise<Actor | null> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, include: { roles: true } });
    if (!p || p.erasedAt) return null;
    let provinces: string[] | null = null;
    if (p.provincesJson) {
      const parsed = provincesSchema.safeParse(safeJson(p.provincesJson));
      provinces = parsed.success ? parsed.data : null;
    }
    const roles = p.roles.map((r) => r.role).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return { id: p.id, roles, entityId: p.entityId, region: p.region, provinces };
  }

  async listBeneficiaries(entityId: string): Promise<BeneficiaryRow[]> {
    const profiles = await this.prisma.beneficiaryProfile.findMany({
      where: { entityId, person: { erasedAt: null } },
      include: { entity: true, person: { select: { code: true, fullName: true, accounts: { select: { id: true }, take: 1 } } } },
    });
    const paths = await this.prisma.path.findMany({ where: { beneficiaryId: { in: profiles.map((p) => p.personId) } }, include: pathInclude });
    const rows = profiles.map((profile) => beneficiaryRow(profile, currentPath(paths.filter((p) => p.beneficiaryId === profile.personId))));
    return rows.sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  async beneficiaryFile(personId: string): Promise<BeneficiaryFile | null> {
    const profile = await this.prisma.beneficiaryProfile.findUnique({
      where: { personId },
      include: { entity: true, person: { select: { code: true, fullName: true, language: true, erasedAt: true, accounts: { select: { id: true }, take: 1 } } } },
    });
    if (!profile || profile.person.erasedAt) return null;
    const path = currentPath(await this.prisma.path.findMany({ where: { beneficiaryId: personId }, include: pathInclude }));
    const entries = (path?.hourEntries ?? []).map((e) => ({ id: e.id, area: areaSchema.parse(e.area), date: e.date, hours: e.hours }));
    return {
      ...beneficiaryRow(profile, path),
      language: profile.person.language,
      path: path ? { id: path.id, startDate: path.startDate, endDate: path.endDate, rules: parseRules(path.programme.rulesJson) } : null,
      internshipId: path?.internship?.id ?? null,
      internship: path?.internship ? snapshotFromRow(path.internship) : null,
      entries,
    };
  }

  async createInvite(input: { personId: string; code: string; createdById: string; expiresAt: Date; now: Date; audit: AuditEntry }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      // Single use AND single valid code: older unused codes of the person stop working now.
      await tx.inviteCode.updateMany({ where: { personId: input.personId, role: 'beneficiary', usedAt: null, expiresAt: { gt: input.now } }, data: { expiresAt: input.now } });
      await tx.inviteCode.create({ data: { code: input.code, role: 'beneficiary', personId: input.personId, createdById: input.createdById, expiresAt: input.expiresAt, createdAt: input.now } });
      await auditIn(tx, input.audit);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
