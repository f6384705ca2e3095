/**
 * Prisma side of internships and outcome follow-ups. The state machine's `clearance_granted` is
 * stored as 'not_activated' (what the seed and the ministry's tables call a granted, not yet
 * activated internship); both are read back as `clearance_granted`.
 */
import { Prisma, type Internship, type PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { ATECO_SECTIONS, CEASE_REASONS, EVENT_TYPES, INTERNSHIP_STATUSES, type InternshipSnapshot, type InternshipStatus } from '../../core/tutor/internship.state-machine';
import { CONTRACT_TYPES, type FollowUpAnswer, type FollowUpRecord, type InternshipStore, type LastTransition } from '../../core/tutor/tutor.ports';
import type { AuditEntry } from '../../core/ports/audit';
import { auditIn, writePhases } from './tutor.repository';
import type { PhaseRow } from '../../core/tutor/path-phases';

const statusSchema = z.preprocess((v) => (v === 'not_activated' ? 'clearance_granted' : v), z.enum(INTERNSHIP_STATUSES));

/** Stored status → state-machine status. @throws on a value no version of Ponte writes. */
export function statusFromDb(status: string): InternshipStatus {
  return statusSchema.parse(status);
}

export function statusToDb(status: InternshipStatus): string {
  return status === 'clearance_granted' ? 'not_activated' : status;
}

function clearanceStatus(s: InternshipSnapshot): string {
  if (s.status === 'clearance_requested') return 'requested';
  if (s.status === 'clearance_refused') return 'refused';
  return s.clearanceDecidedOn ? 'granted' : 'none';
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function snapshotFromRow(row: Internship): InternshipSnapshot {
  const s: InternshipSnapshot = { status: statusFromDb(row.status) };
  const put = <K extends keyof InternshipSnapshot>(k: K, v: InternshipSnapshot[K] | undefined) => {
    if (v !== undefined) s[k] = v;
  };
  put('clearanceRequestedOn', opt(row.clearanceRequestedOn));
  put('clearanceDecidedOn', opt(row.clearanceDecidedOn));
  put('startDate', opt(row.startDate));
  put('plannedEndDate', opt(row.plannedEndDate));
  put('endDate', opt(row.endDate));
  put('hostCompany', opt(row.hostCompany));
  put('atecoSection', row.atecoSection ? z.enum(ATECO_SECTIONS).parse(row.atecoSection) : undefined);
  put('province', opt(row.province));
  put('ceaseReason', row.ceaseReason ? z.enum(CEASE_REASONS).parse(row.ceaseReason) : undefined);
  put('ceaseNote', opt(row.ceaseNote));
  return s;
}

const contractSchema = z.enum([...CONTRACT_TYPES, 'none']);

/** The columns of a snapshot. */
function rowData(n: InternshipSnapshot) {
  return {
    status: statusToDb(n.status),
    clearanceStatus: clearanceStatus(n),
    clearanceRequestedOn: n.clearanceRequestedOn ?? null,
    clearanceDecidedOn: n.clearanceDecidedOn ?? null,
    hostCompany: n.hostCompany ?? null,
    atecoSection: n.atecoSection ?? null,
    province: n.province ?? null,
    startDate: n.startDate ?? null,
    plannedEndDate: n.plannedEndDate ?? null,
    endDate: n.endDate ?? null,
    ceaseReason: n.ceaseReason ?? null,
    ceaseNote: n.ceaseNote ?? null,
  };
}

/** An internship as its audit entry keeps it: codes and dates, free texts only as 'set' (see internship.flow.ts). */
const auditedSnapshotSchema = z.looseObject({
  status: statusSchema,
  clearanceRequestedOn: z.string().optional(),
  clearanceDecidedOn: z.string().optional(),
  startDate: z.string().optional(),
  plannedEndDate: z.string().optional(),
  endDate: z.string().optional(),
  atecoSection: z.enum(ATECO_SECTIONS).optional(),
  province: z.string().optional(),
  ceaseReason: z.enum(CEASE_REASONS).optional(),
  hostCompany: z.literal('set').optional(),
  ceaseNote: z.literal('set').optional(),
});
const transitionDetailSchema = z.looseObject({ event: z.enum(EVENT_TYPES), old: auditedSnapshotSchema.nullable() });

/** The audited snapshot with its free texts taken from the internship as it is now (they were unchanged). */
function withTexts(old: z.infer<typeof auditedSnapshotSchema>, current: InternshipSnapshot): InternshipSnapshot {
  const s: InternshipSnapshot = { status: old.status };
  for (const k of ['clearanceRequestedOn', 'clearanceDecidedOn', 'startDate', 'plannedEndDate', 'endDate', 'atecoSection', 'province', 'ceaseReason'] as const) {
    if (old[k] !== undefined) (s as unknown as Record<string, unknown>)[k] = old[k];
  }
  if (old.hostCompany && current.hostCompany) s.hostCompany = current.hostCompany;
  if (old.ceaseNote && current.ceaseNote) s.ceaseNote = current.ceaseNote;
  return s;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export class PrismaInternshipStore implements InternshipStore {
  constructor(private readonly prisma: PrismaClient) {}

  async saveTransition(input: { pathId: string; expectedStatus: InternshipStatus | null; next: InternshipSnapshot; followUps: Array<{ monthsAfter: number; dueDate: string }>; phases: PhaseRow[]; audit: AuditEntry }) {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.internship.findUnique({ where: { pathId: input.pathId } });
      const currentStatus = current ? statusFromDb(current.status) : null;
      if (currentStatus !== input.expectedStatus) return { ok: false, reason: 'conflict' } as const;
      const data = rowData(input.next);
      // Conditional write: of two tutors changing the same internship at once, only the first wins.
      let id: string;
      if (current) {
        const res = await tx.internship.updateMany({ where: { id: current.id, status: current.status }, data });
        if (res.count !== 1) return { ok: false, reason: 'conflict' } as const;
        id = current.id;
      } else {
        id = (await tx.internship.create({ data: { pathId: input.pathId, ...data } })).id;
      }
      // One source of truth: the phases the beneficiary sees, the digests and the reports change with the internship.
      await writePhases(tx, input.pathId, input.phases);
      for (const f of input.followUps) {
        await tx.outcomeFollowUp.upsert({
          where: { internshipId_monthsAfter: { internshipId: id, monthsAfter: f.monthsAfter } },
          create: { internshipId: id, monthsAfter: f.monthsAfter, dueDate: f.dueDate },
          update: {},
        });
      }
      await auditIn(tx, { ...input.audit, subjectId: id });
      return { ok: true, internshipId: id } as const;
    });
  }

  async lastTransition(internshipId: string): Promise<LastTransition | null> {
    const event = await this.prisma.auditEvent.findFirst({
      where: { subjectType: 'internship', subjectId: internshipId, action: { in: ['internship_transition', 'internship_corrected'] } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    });
    if (!event || event.action !== 'internship_transition') return null;
    const detail = transitionDetailSchema.safeParse(safeJson(event.detailJson));
    const row = await this.prisma.internship.findUnique({ where: { id: internshipId } });
    if (!detail.success || !row) return null;
    const current = snapshotFromRow(row);
    return { event: detail.data.event, before: detail.data.old ? withTexts(detail.data.old, current) : null, at: event.at };
  }

  async correctTransition(input: { pathId: string; internshipId: string; expectedStatus: InternshipStatus; next: InternshipSnapshot | null; followUps: Array<{ monthsAfter: number; dueDate: string }>; phases: PhaseRow[]; audit: AuditEntry }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.internship.findUnique({ where: { id: input.internshipId } });
      if (!current || current.pathId !== input.pathId || statusFromDb(current.status) !== input.expectedStatus) return false;
      if (input.next === null) {
        // Back to "no internship": the row goes (its follow-ups with it, by cascade).
        await tx.internship.delete({ where: { id: current.id } });
      } else {
        const res = await tx.internship.updateMany({ where: { id: current.id, status: current.status }, data: rowData(input.next) });
        if (res.count !== 1) return false;
        await tx.outcomeFollowUp.deleteMany({ where: { internshipId: current.id, status: 'pending' } });
        for (const f of input.followUps) {
          await tx.outcomeFollowUp.upsert({ where: { internshipId_monthsAfter: { internshipId: current.id, monthsAfter: f.monthsAfter } }, create: { internshipId: current.id, monthsAfter: f.monthsAfter, dueDate: f.dueDate }, update: {} });
        }
      }
      await writePhases(tx, input.pathId, input.phases);
      await auditIn(tx, { ...input.audit, subjectId: current.id });
      return true;
    });
  }

  async dueFollowUps(entityId: string, today: string, offset: number, limit: number): Promise<{ rows: FollowUpRecord[]; total: number }> {
    // Paths carry no relation to the profile: one join in SQL, so no list of the entity's people is ever loaded.
    const from = Prisma.sql`FROM "OutcomeFollowUp" f JOIN "Internship" i ON i.id = f."internshipId" JOIN "Path" p ON p.id = i."pathId"
      JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" JOIN "Person" pe ON pe.id = bp."personId"
      WHERE f.status = 'pending' AND f."dueDate" <= ${today} AND bp."entityId" = ${entityId} AND pe."erasedAt" IS NULL`;
    const [count] = await this.prisma.$queryRaw<Array<{ n: bigint | number }>>`SELECT COUNT(*) AS n ${from}`;
    const ids = await this.prisma.$queryRaw<Array<{ id: string }>>`SELECT f.id AS id ${from} ORDER BY f."dueDate", f."monthsAfter", f.id LIMIT ${limit} OFFSET ${offset}`;
    const rows = await this.prisma.outcomeFollowUp.findMany({ where: { id: { in: ids.map((r) => r.id) } }, include: { internship: { include: { path: true } } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    // One after the other (a page is at most ten): inside a turn they share the turn's one connection.
    const records: FollowUpRecord[] = [];
    for (const r of ids) if (byId.has(r.id)) records.push(await this.toRecord(byId.get(r.id)!));
    return { rows: records, total: Number(count?.n ?? 0) };
  }

  async followUp(id: string): Promise<FollowUpRecord | null> {
    const row = await this.prisma.outcomeFollowUp.findUnique({ where: { id }, include: { internship: { include: { path: true } } } });
    return row ? this.toRecord(row) : null;
  }

  async answerFollowUp(input: { id: string; answer: FollowUpAnswer; actorId: string; now: Date; audit: AuditEntry }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const a = input.answer;
      if ('unknown' in a) {
        // "I don't know" stays pending (it will be asked again); only the trail records the answer.
        const still = await tx.outcomeFollowUp.count({ where: { id: input.id, status: 'pending' } });
        if (still !== 1) return false;
      } else {
        const res = await tx.outcomeFollowUp.updateMany({
          where: { id: input.id, status: 'pending' },
          data: { status: 'answered', employed: a.employed, contractType: a.contractType, answeredAt: input.now, answeredById: input.actorId },
        });
        if (res.count !== 1) return false;
      }
      await auditIn(tx, input.audit);
      return true;
    });
  }

  private async toRecord(r: { id: string; internshipId: string; monthsAfter: number; dueDate: string; status: string; employed: boolean | null; contractType: string | null; internship: Internship & { path: { beneficiaryId: string } } }): Promise<FollowUpRecord> {
    const profile = await this.prisma.beneficiaryProfile.findUnique({ where: { personId: r.internship.path.beneficiaryId }, include: { entity: true, person: { select: { code: true, fullName: true } } } });
    return {
      id: r.id,
      internshipId: r.internshipId,
      monthsAfter: r.monthsAfter,
      dueDate: r.dueDate,
      status: z.enum(['pending', 'answered', 'unknown']).parse(r.status),
      employed: r.employed,
      contractType: r.contractType ? contractSchema.parse(r.contractType) : null,
      internshipEndDate: r.internship.endDate,
      beneficiary: {
        personId: r.internship.path.beneficiaryId,
        code: profile?.person.code ?? '',
        fullName: profile?.person.fullName ?? '',
        entityId: profile?.entityId ?? '',
        region: profile?.entity.region ?? null,
        province: profile?.province ?? '',
      },
    };
  }
}
