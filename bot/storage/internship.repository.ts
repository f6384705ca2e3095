/**
 * Prisma side of internships and outcome follow-ups. The state machine's `clearance_granted` is
 * stored as 'not_activated' (what the seed and the ministry's tables call a granted, not yet
 * activated internship); both are read back as `clearance_granted`.
 */
import type { Internship, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { ATECO_SECTIONS, CEASE_REASONS, INTERNSHIP_STATUSES, type InternshipSnapshot, type InternshipStatus } from '../../core/tutor/internship.state-machine';
import { CONTRACT_TYPES, type FollowUpAnswer, type FollowUpRecord, type InternshipStore } from '../../core/tutor/tutor.ports';
import type { AuditEntry } from '../../core/ports/audit';
import { auditIn } from './tutor.repository';

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

export class PrismaInternshipStore implements InternshipStore {
  constructor(private readonly prisma: PrismaClient) {}

  async saveTransition(input: { pathId: string; expectedStatus: InternshipStatus | null; next: InternshipSnapshot; followUps: Array<{ monthsAfter: number; dueDate: string }>; audit: AuditEntry }) {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.internship.findUnique({ where: { pathId: input.pathId } });
      const currentStatus = current ? statusFromDb(current.status) : null;
      if (currentStatus !== input.expectedStatus) return { ok: false, reason: 'conflict' } as const;
      const n = input.next;
      const data = {
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
      // Conditional write: of two tutors changing the same internship at once, only the first wins.
      let id: string;
      if (current) {
        const res = await tx.internship.updateMany({ where: { id: current.id, status: current.status }, data });
        if (res.count !== 1) return { ok: false, reason: 'conflict' } as const;
        id = current.id;
      } else {
        id = (await tx.internship.create({ data: { pathId: input.pathId, ...data } })).id;
      }
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

  async dueFollowUps(entityId: string, today: string): Promise<FollowUpRecord[]> {
    const profiles = await this.prisma.beneficiaryProfile.findMany({ where: { entityId, person: { erasedAt: null } }, select: { personId: true } });
    const rows = await this.prisma.outcomeFollowUp.findMany({
      where: { status: 'pending', dueDate: { lte: today }, internship: { path: { beneficiaryId: { in: profiles.map((p) => p.personId) } } } },
      include: { internship: { include: { path: true } } },
      orderBy: [{ dueDate: 'asc' }, { monthsAfter: 'asc' }],
    });
    return Promise.all(rows.map((r) => this.toRecord(r)));
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
