/**
 * Prisma side of the tutor features: people as access-policy actors, an entity's caseload with
 * status at a glance, one beneficiary's file (path, rules, internship, counted hours) and invites.
 * Stored JSON (programme rules, coordinator provinces) and enumerations are validated with zod.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { Actor } from '../../core/access/access.policy';
import type { AuditEntry } from '../../core/ports/audit';
import { PATH_PHASES, programmeRulesSchema, SERVICE_AREAS, type PathPhase, type ProgrammeRules } from '../../core/programme/programme';
import { allPhases, type PhaseRow } from '../../core/tutor/path-phases';
import { ROLES, type Role } from '../../core/roles';
import type { BeneficiaryFile, BeneficiaryName, BeneficiaryRow, TutorStore } from '../../core/tutor/tutor.ports';
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

const pathInclude = { programme: true, internship: true, phases: true, hourEntries: { where: { voidedAt: null } } } satisfies Prisma.PathInclude;
const phaseSchema = z.enum(PATH_PHASES);
const phaseStatusSchema = z.enum(['not_started', 'in_progress', 'done']).catch('not_started');

/** Stored phase rows, validated, every phase present (see core/tutor/path-phases.ts). */
export function phaseRows(rows: ReadonlyArray<{ phase: string; status: string; startDate: string | null; endDate: string | null }>): PhaseRow[] {
  return allPhases(rows.flatMap((r) => (phaseSchema.safeParse(r.phase).success ? [{ phase: r.phase as PathPhase, status: phaseStatusSchema.parse(r.status), startDate: r.startDate, endDate: r.endDate }] : [])));
}

/** Writes phase rows (by path and phase) with the client of the change they follow. */
export async function writePhases(tx: Tx, pathId: string, phases: readonly PhaseRow[]): Promise<void> {
  for (const p of phases) {
    const data = { status: p.status, startDate: p.startDate, endDate: p.endDate };
    await tx.pathPhase.upsert({ where: { pathId_phase: { pathId, phase: p.phase } }, create: { pathId, phase: p.phase, ...data }, update: data });
  }
}

/** The path that counts: the active one, else the latest. */
function currentPath<P extends { status: string; createdAt: Date }>(paths: P[]): P | undefined {
  const sorted = [...paths].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return sorted.find((p) => p.status === 'active') ?? sorted[0];
}

type ProfileWithPerson = Prisma.BeneficiaryProfileGetPayload<{ include: { entity: true; person: { select: { code: true; fullName: true; accounts: { select: { id: true } } } } } }>;

/** The at-a-glance line of a beneficiary: who, where, internship status, hours so far, last report. */
function rowOf(profile: ProfileWithPerson, internship: { status: string } | null, hoursTotal: number, lastReportDate: string | null): BeneficiaryRow {
  return {
    personId: profile.personId,
    code: profile.person.code,
    fullName: profile.person.fullName,
    entityId: profile.entityId,
    region: profile.entity.region,
    province: profile.province,
    tutorId: profile.tutorId,
    linked: profile.person.accounts.length > 0,
    internshipStatus: internship ? statusFromDb(internship.status) : null,
    hoursTotal,
    lastReportDate,
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

  async pageBeneficiaries(q: { entityId: string; followedBy: string; offset: number; limit: number }): Promise<{ rows: BeneficiaryRow[]; total: number }> {
    // The tutor's own people first, then the entity's others, each in name order: two paged queries.
    const base = { entityId: q.entityId, person: { erasedAt: null } } satisfies Prisma.BeneficiaryProfileWhereInput;
    const own = { ...base, tutorId: q.followedBy };
    const others = { ...base, OR: [{ tutorId: null }, { tutorId: { not: q.followedBy } }] };
    // One after the other: inside a turn both run on the turn's one connection (see unit-of-work.ts).
    const ownCount = await this.prisma.beneficiaryProfile.count({ where: own });
    const otherCount = await this.prisma.beneficiaryProfile.count({ where: others });
    const ids: string[] = [];
    const order = [{ person: { fullName: 'asc' as const } }, { personId: 'asc' as const }];
    if (q.offset < ownCount) {
      const page = await this.prisma.beneficiaryProfile.findMany({ where: own, orderBy: order, skip: q.offset, take: q.limit, select: { personId: true } });
      ids.push(...page.map((p) => p.personId));
    }
    if (ids.length < q.limit) {
      const page = await this.prisma.beneficiaryProfile.findMany({ where: others, orderBy: order, skip: Math.max(0, q.offset - ownCount), take: q.limit - ids.length, select: { personId: true } });
      ids.push(...page.map((p) => p.personId));
    }
    return { rows: await this.beneficiaryRows(ids), total: ownCount + otherCount };
  }

  async scanBeneficiaryNames(entityId: string, after: string | null, limit: number): Promise<BeneficiaryName[]> {
    const rows = await this.prisma.beneficiaryProfile.findMany({
      where: { entityId, person: { erasedAt: null }, ...(after ? { personId: { gt: after } } : {}) },
      orderBy: { personId: 'asc' },
      take: limit,
      select: { personId: true, tutorId: true, person: { select: { code: true, fullName: true } } },
    });
    return rows.map((r) => ({ personId: r.personId, tutorId: r.tutorId, code: r.person.code, fullName: r.person.fullName }));
  }

  async beneficiaryRows(personIds: readonly string[]): Promise<BeneficiaryRow[]> {
    if (personIds.length === 0) return [];
    const profiles = await this.prisma.beneficiaryProfile.findMany({
      where: { personId: { in: [...personIds] }, person: { erasedAt: null } },
      include: { entity: true, person: { select: { code: true, fullName: true, accounts: { select: { id: true }, take: 1 } } } },
    });
    const paths = await this.prisma.path.findMany({ where: { beneficiaryId: { in: profiles.map((p) => p.personId) } }, include: { internship: true } });
    // Hours per path summed in SQL: a page never loads anyone's entries.
    const sums = await this.prisma.hourEntry.groupBy({ by: ['pathId'], where: { pathId: { in: paths.map((p) => p.id) }, voidedAt: null }, _sum: { hours: true }, _max: { date: true } });
    const byPath = new Map(sums.map((x) => [x.pathId, x]));
    const byId = new Map(
      profiles.map((profile) => {
        const path = currentPath(paths.filter((p) => p.beneficiaryId === profile.personId));
        const sum = path ? byPath.get(path.id) : undefined;
        return [profile.personId, rowOf(profile, path?.internship ?? null, Math.round((sum?._sum.hours ?? 0) * 1000) / 1000, sum?._max.date ?? null)] as const;
      }),
    );
    return personIds.flatMap((id) => byId.get(id) ?? []);
  }

  async beneficiaryFile(personId: string): Promise<BeneficiaryFile | null> {
    const profile = await this.prisma.beneficiaryProfile.findUnique({
      where: { personId },
      include: { entity: true, person: { select: { code: true, fullName: true, language: true, erasedAt: true, accounts: { select: { id: true }, take: 1 } } } },
    });
    if (!profile || profile.person.erasedAt) return null;
    const path = currentPath(await this.prisma.path.findMany({ where: { beneficiaryId: personId }, include: pathInclude }));
    const entries = (path?.hourEntries ?? []).map((e) => ({ id: e.id, area: areaSchema.parse(e.area), date: e.date, hours: e.hours }));
    const counted = path?.hourEntries ?? [];
    const total = Math.round(counted.reduce((sum, e) => sum + e.hours, 0) * 1000) / 1000;
    const last = counted.reduce<string | null>((max, e) => (max === null || e.date > max ? e.date : max), null);
    return {
      ...rowOf(profile, path?.internship ?? null, total, last),
      language: profile.person.language,
      path: path ? { id: path.id, startDate: path.startDate, endDate: path.endDate, rules: parseRules(path.programme.rulesJson) } : null,
      internshipId: path?.internship?.id ?? null,
      internship: path?.internship ? snapshotFromRow(path.internship) : null,
      entries,
      phases: phaseRows(path?.phases ?? []),
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
