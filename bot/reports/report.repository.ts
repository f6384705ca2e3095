/**
 * Report figures from the database, aggregated in SQL and cut to the coordinator's scope
 * (bot/reports/scope.sql.ts). Erased people still count, anonymously: figures have no names.
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import type { CoordinatorScope } from '../../core/coordinator/coordinator-scope';
import type { AreaHours, AtecoCount, FollowUpCount, InternshipCount, ReportSource } from '../../core/reports/report.ports';
import { PUOI, programmeRulesSchema, type ProgrammeRules } from '../../core/programme/programme';
import { bool, inScopeSql, num, PATH_PROFILE } from './scope.sql';

const STARTED = Prisma.join(['activated', 'in_progress', 'concluded', 'ceased']);

export class PrismaReportSource implements ReportSource {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly programmeCode = 'PUOI',
  ) {}

  async internships(scope: CoordinatorScope): Promise<InternshipCount[]> {
    const rows = await this.prisma.$queryRaw<Array<{ province: string; status: string; clearance: string; n: unknown }>>`
      SELECT COALESCE(i."province", bp."province") AS province, i."status" AS status, i."clearanceStatus" AS clearance, COUNT(*) AS n
      FROM "Internship" i JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE}
      WHERE ${inScopeSql(scope, { anonymous: true })}
      GROUP BY COALESCE(i."province", bp."province"), i."status", i."clearanceStatus"`;
    return rows.map((r) => ({ province: r.province, status: r.status, clearanceStatus: r.clearance, count: num(r.n) }));
  }

  async hostCompanies(scope: CoordinatorScope): Promise<AtecoCount[]> {
    const rows = await this.prisma.$queryRaw<Array<{ section: string; companies: unknown; n: unknown }>>`
      SELECT UPPER(TRIM(i."atecoSection")) AS section, COUNT(DISTINCT LOWER(TRIM(i."hostCompany"))) AS companies, COUNT(*) AS n
      FROM "Internship" i JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE}
      WHERE ${inScopeSql(scope, { anonymous: true })} AND i."status" IN (${STARTED})
        AND TRIM(COALESCE(i."atecoSection", '')) <> '' AND TRIM(COALESCE(i."hostCompany", '')) <> ''
      GROUP BY UPPER(TRIM(i."atecoSection"))`;
    return rows.map((r) => ({ section: r.section, companies: num(r.companies), internships: num(r.n) }));
  }

  async followUps(scope: CoordinatorScope, today: string): Promise<FollowUpCount[]> {
    const rows = await this.prisma.$queryRaw<Array<{ months: unknown; status: string; employed: unknown; n: unknown }>>`
      SELECT f."monthsAfter" AS months, f."status" AS status, f."employed" AS employed, COUNT(*) AS n
      FROM "OutcomeFollowUp" f JOIN "Internship" i ON i."id" = f."internshipId" JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE}
      WHERE ${inScopeSql(scope, { anonymous: true })} AND f."dueDate" <= ${today}
      GROUP BY f."monthsAfter", f."status", f."employed"`;
    return rows.map((r) => ({ monthsAfter: num(r.months), status: r.status, employed: bool(r.employed), count: num(r.n) }));
  }

  async hours(scope: CoordinatorScope, caps: ReadonlyArray<{ area: string; cap: number }>): Promise<AreaHours[]> {
    const where = inScopeSql(scope, { anonymous: true });
    // The caps as a derived table, so "paths above the cap" is counted by the database too.
    const capTable = caps.length
      ? Prisma.join(caps.map((c) => Prisma.sql`SELECT CAST(${c.area} AS TEXT) AS area, CAST(${c.cap} AS DOUBLE PRECISION) AS cap`), ' UNION ALL ')
      : Prisma.sql`SELECT CAST('' AS TEXT) AS area, CAST(0 AS DOUBLE PRECISION) AS cap`;
    const delivered = await this.prisma.$queryRaw<Array<{ area: string; delivered: unknown; paths: unknown; over: unknown }>>`
      SELECT h.area AS area, SUM(h.total) AS delivered, COUNT(*) AS paths, SUM(CASE WHEN c.cap IS NOT NULL AND h.total > c.cap + 0.000001 THEN 1 ELSE 0 END) AS over
      FROM (
        SELECT he."area" AS area, he."pathId" AS path, SUM(he."hours") AS total
        FROM "HourEntry" he JOIN "Path" p ON p."id" = he."pathId" ${PATH_PROFILE}
        WHERE ${where} AND he."voidedAt" IS NULL
        GROUP BY he."area", he."pathId"
      ) h LEFT JOIN (${capTable}) c ON c.area = h.area
      GROUP BY h.area`;
    const planned = await this.prisma.$queryRaw<Array<{ area: string; planned: unknown }>>`
      SELECT a."area" AS area, SUM(a."plannedHours") AS planned
      FROM "PathServiceArea" a JOIN "Path" p ON p."id" = a."pathId" ${PATH_PROFILE}
      WHERE ${where}
      GROUP BY a."area"`;
    const areas = new Set([...delivered.map((d) => d.area), ...planned.map((p) => p.area)]);
    return [...areas].map((area) => {
      const d = delivered.find((x) => x.area === area);
      return { area, delivered: num(d?.delivered), paths: num(d?.paths), overCap: num(d?.over), planned: num(planned.find((x) => x.area === area)?.planned) };
    });
  }

  async rules(): Promise<ProgrammeRules> {
    const row = await this.prisma.programme.findUnique({ where: { code: this.programmeCode }, select: { rulesJson: true } });
    return row ? programmeRulesSchema.parse(JSON.parse(row.rulesJson)) : PUOI;
  }
}
