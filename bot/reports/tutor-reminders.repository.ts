/** What tutor reminders read, from Prisma. */
import type { PrismaClient } from '@prisma/client';
import type { PersonRef, TutorReminderSource } from '../../core/digests/digest.ports';

export class PrismaTutorReminderSource implements TutorReminderSource {
  constructor(private readonly prisma: PrismaClient) {}

  /** Beneficiary → path ids of active paths with a phase under way (the ones hours are expected for). */
  private async expecting(tutorId?: string) {
    const profiles = await this.prisma.beneficiaryProfile.findMany({
      where: { tutorId: tutorId ?? { not: null }, person: { erasedAt: null } },
      select: { personId: true, tutorId: true, person: { select: { code: true, fullName: true } } },
    });
    const paths = await this.prisma.path.findMany({
      where: { beneficiaryId: { in: profiles.map((p) => p.personId) }, status: 'active', phases: { some: { status: 'in_progress' } } },
      select: { id: true, beneficiaryId: true, internship: { select: { status: true } } },
    });
    const live = paths.filter((p) => !['cancelled', 'clearance_refused'].includes(p.internship?.status ?? ''));
    return { profiles: new Map(profiles.map((p) => [p.personId, p])), paths: live };
  }

  private async unreported(weekStart: string, tutorId?: string) {
    const { profiles, paths } = await this.expecting(tutorId);
    const reported = await this.prisma.hourEntry.groupBy({ by: ['pathId'], where: { pathId: { in: paths.map((p) => p.id) }, voidedAt: null, date: { gte: weekStart } } });
    const done = new Set(reported.map((r) => r.pathId));
    return paths.filter((p) => !done.has(p.id)).map((p) => profiles.get(p.beneficiaryId)!);
  }

  async missingHours(tutorId: string, weekStart: string): Promise<PersonRef[]> {
    const rows = await this.unreported(weekStart, tutorId);
    return rows.map((r) => ({ code: r.person.code, fullName: r.person.fullName })).sort((a, b) => a.code.localeCompare(b.code));
  }

  async tutorsWithMissingHours(weekStart: string): Promise<string[]> {
    const rows = await this.unreported(weekStart);
    const tutors = [...new Set(rows.map((r) => r.tutorId).filter((t): t is string => !!t))];
    // Only tutors who are still tutors and not erased.
    const live = await this.prisma.person.findMany({ where: { id: { in: tutors }, erasedAt: null, roles: { some: { role: 'tutor' } } }, select: { id: true } });
    return live.map((p) => p.id).sort();
  }

  async followUpsDue(from: string, to: string) {
    const rows = await this.prisma.outcomeFollowUp.findMany({
      where: { status: 'pending', dueDate: { gte: from, lte: to } },
      select: { id: true, dueDate: true, internship: { select: { path: { select: { beneficiaryId: true } } } } },
    });
    const profiles = await this.prisma.beneficiaryProfile.findMany({ where: { personId: { in: rows.map((r) => r.internship.path.beneficiaryId) } }, select: { personId: true, tutorId: true } });
    const tutorOf = new Map(profiles.map((p) => [p.personId, p.tutorId]));
    return rows.flatMap((r) => {
      const tutorId = tutorOf.get(r.internship.path.beneficiaryId);
      return tutorId ? [{ followUpId: r.id, tutorId, dueDate: r.dueDate }] : [];
    });
  }

  async followUp(followUpId: string) {
    const f = await this.prisma.outcomeFollowUp.findUnique({ where: { id: followUpId }, select: { status: true, monthsAfter: true, dueDate: true, internship: { select: { endDate: true, path: { select: { beneficiaryId: true } } } } } });
    if (!f) return null;
    const b = await this.prisma.person.findFirst({ where: { id: f.internship.path.beneficiaryId, erasedAt: null }, select: { code: true, fullName: true } });
    if (!b) return null;
    return { status: f.status, monthsAfter: f.monthsAfter, dueDate: f.dueDate, endDate: f.internship.endDate, beneficiary: b };
  }
}
