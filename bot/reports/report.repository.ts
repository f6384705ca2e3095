/** Report rows from Prisma, cut to the coordinator's scope (see profilesInScope). */
import type { PrismaClient } from '@prisma/client';
import type { CoordinatorScope } from '../../core/coordinator/coordinator-scope';
import type { FollowUpFact, HoursFacts, InternshipFact, ReportSource } from '../../core/reports/report.ports';
import { PUOI, programmeRulesSchema, type ProgrammeRules } from '../../core/programme/programme';
import { profilesInScope } from './digest.repository';

export class PrismaReportSource implements ReportSource {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly programmeCode = 'PUOI',
  ) {}

  /** Active-or-closed paths of beneficiaries in scope, with the beneficiary's province. */
  private async paths(scope: CoordinatorScope) {
    const profiles = await this.prisma.beneficiaryProfile.findMany({ where: profilesInScope(scope), select: { personId: true, province: true } });
    const province = new Map(profiles.map((p) => [p.personId, p.province]));
    const paths = await this.prisma.path.findMany({ where: { beneficiaryId: { in: [...province.keys()] } }, select: { id: true, beneficiaryId: true } });
    return paths.map((p) => ({ id: p.id, province: province.get(p.beneficiaryId)! }));
  }

  async internships(scope: CoordinatorScope): Promise<InternshipFact[]> {
    const paths = await this.paths(scope);
    const provinceOf = new Map(paths.map((p) => [p.id, p.province]));
    const rows = await this.prisma.internship.findMany({ where: { pathId: { in: paths.map((p) => p.id) } }, select: { pathId: true, province: true, status: true, clearanceStatus: true, atecoSection: true, hostCompany: true } });
    return rows.map((r) => ({ province: r.province ?? provinceOf.get(r.pathId)!, status: r.status, clearanceStatus: r.clearanceStatus, atecoSection: r.atecoSection, hostCompany: r.hostCompany }));
  }

  async followUps(scope: CoordinatorScope, today: string): Promise<FollowUpFact[]> {
    const paths = await this.paths(scope);
    const rows = await this.prisma.outcomeFollowUp.findMany({ where: { dueDate: { lte: today }, internship: { pathId: { in: paths.map((p) => p.id) } } }, select: { monthsAfter: true, status: true, employed: true } });
    return rows;
  }

  async hours(scope: CoordinatorScope): Promise<HoursFacts> {
    const ids = (await this.paths(scope)).map((p) => p.id);
    const delivered = await this.prisma.hourEntry.groupBy({ by: ['pathId', 'area'], where: { pathId: { in: ids }, voidedAt: null }, _sum: { hours: true } });
    const planned = await this.prisma.pathServiceArea.findMany({ where: { pathId: { in: ids } }, select: { pathId: true, area: true, plannedHours: true } });
    return { delivered: delivered.map((d) => ({ pathId: d.pathId, area: d.area, hours: d._sum.hours ?? 0 })), planned };
  }

  async rules(): Promise<ProgrammeRules> {
    const row = await this.prisma.programme.findUnique({ where: { code: this.programmeCode }, select: { rulesJson: true } });
    return row ? programmeRulesSchema.parse(JSON.parse(row.rulesJson)) : PUOI;
  }
}
