/**
 * Digest lists from the database, a page at a time, aggregated in SQL and cut to the coordinator's
 * scope (bot/reports/scope.sql.ts): each block is a COUNT and a LIMIT/OFFSET query, ordered most
 * urgent first with the code as tie-break so that pages never overlap. Erased people are never listed.
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import { DIGEST_RULES, type DigestBlock, type DigestItems, type DigestQuery, type DigestSource, type PageRequest, type PersonRef, type Slice } from '../../core/digests/digest.ports';
import { addLocalDays } from '../../core/time/zoned-time';
import { byteOrder } from '../storage/sql-provider';
import { inScopeSql, instant, nameOrCodeLike, num, PATH_PROFILE, PERSON_PROFILE, unreportedSinceSql } from './scope.sql';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

type RawRow = Record<string, unknown>;
/** One block's query: what to select, from where (FROM … WHERE … [GROUP BY … HAVING …]), in which order, and how a row reads. */
interface BlockQuery<B extends DigestBlock> {
  select: Prisma.Sql;
  body: Prisma.Sql;
  order: Prisma.Sql;
  item(row: RawRow): DigestItems[B];
  /** For blocks listed per group: the sum the title counts. */
  units?: Prisma.Sql;
}

const TUTOR = Prisma.sql`LEFT JOIN "Person" tu ON tu."id" = bp."tutorId" AND tu."erasedAt" IS NULL`;
const ref = (code: unknown, fullName: unknown): PersonRef => ({ code: String(code), fullName: String(fullName) });
const tutorRef = (r: RawRow): PersonRef | null => (r.tutorCode === null || r.tutorCode === undefined ? null : ref(r.tutorCode, r.tutorName));

export class PrismaDigestSource implements DigestSource {
  constructor(private readonly prisma: PrismaClient) {}

  async page<B extends DigestBlock>(q: DigestQuery, block: B, page: PageRequest): Promise<Slice<DigestItems[B]>> {
    const query = queryFor(q, block, page.search, (column) => byteOrder(this.prisma, column)) as BlockQuery<B>;
    const [count] = await this.prisma.$queryRaw<RawRow[]>`SELECT COUNT(*) AS n ${query.units ? Prisma.sql`, SUM(g.units) AS units` : Prisma.empty} FROM (SELECT ${query.units ?? Prisma.sql`1`} AS units ${query.body}) g`;
    const total = num(count?.n);
    const units = query.units ? num(count?.units) : undefined;
    if (page.limit <= 0 || total === 0) return { total, items: [], units };
    const rows = await this.prisma.$queryRaw<RawRow[]>`SELECT ${query.select} ${query.body} ORDER BY ${query.order} LIMIT ${page.limit} OFFSET ${Math.max(0, page.offset)}`;
    return { total, items: rows.map((r) => query.item(r)), units };
  }
}

/** `code`: a code column as a tie-break in byte order, so pages are the same on every provider. */
function queryFor(q: DigestQuery, block: DigestBlock, search: string | undefined, code: (column: Prisma.Sql) => Prisma.Sql): BlockQuery<DigestBlock> {
  const pe = code(Prisma.sql`pe."code"`);
  const tu = code(Prisma.sql`tu."code"`);
  const daily = q.kind === 'daily';
  const scope = inScopeSql(q.scope);
  const since = new Date(q.now.getTime() - (daily ? DIGEST_RULES.dailyWindowHours * 3_600_000 : DIGEST_RULES.weeklyWindowDays * DAY_MS));
  const person = nameOrCodeLike('pe', search);
  const tutor = nameOrCodeLike('tu', search);
  switch (block) {
    case 'declined':
      return {
        select: Prisma.sql`pe."code" AS code, pe."fullName" AS name, tu."code" AS "tutorCode", tu."fullName" AS "tutorName", a."startsAt" AS "startsAt"`,
        body: Prisma.sql`FROM "Appointment" a JOIN "Person" pe ON pe."id" = a."beneficiaryId" ${PERSON_PROFILE} ${TUTOR}
          WHERE ${scope} AND ${person} AND a."response" = 'declined' AND a."status" = 'scheduled' AND a."respondedAt" >= ${since} AND a."startsAt" >= ${q.now}`,
        order: Prisma.sql`a."startsAt", ${pe}`,
        item: (r) => ({ beneficiary: ref(r.code, r.name), tutor: tutorRef(r), startsAt: instant(r.startsAt) }),
      };
    case 'unreachable':
      return {
        select: Prisma.sql`pe."code" AS code, pe."fullName" AS name, ca."channel" AS channel, ca."unreachableAt" AS since`,
        body: Prisma.sql`FROM "ChannelAccount" ca JOIN "Person" pe ON pe."id" = ca."personId" ${PERSON_PROFILE}
          WHERE ${scope} AND ${person} AND ${daily ? Prisma.sql`ca."unreachableAt" >= ${since}` : Prisma.sql`ca."unreachableAt" IS NOT NULL`}`,
        order: Prisma.sql`ca."unreachableAt", ${pe}, ${code(Prisma.sql`ca."channel"`)}`,
        item: (r) => ({ beneficiary: ref(r.code, r.name), channel: String(r.channel), since: instant(r.since) }),
      };
    case 'endingSoon': {
      const horizon = addLocalDays(q.today, daily ? DIGEST_RULES.endingWithinDays.daily : DIGEST_RULES.endingWithinDays.weekly);
      return {
        select: Prisma.sql`pe."code" AS code, pe."fullName" AS name, tu."code" AS "tutorCode", tu."fullName" AS "tutorName", i."plannedEndDate" AS "endDate"`,
        body: Prisma.sql`FROM "Internship" i JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE} ${TUTOR}
          WHERE ${scope} AND ${person} AND i."status" IN ('activated', 'in_progress') AND i."plannedEndDate" >= ${q.today} AND i."plannedEndDate" <= ${horizon}`,
        order: Prisma.sql`i."plannedEndDate", ${pe}`,
        item: (r) => ({ beneficiary: ref(r.code, r.name), tutor: tutorRef(r), endDate: String(r.endDate), days: daysBetween(q.today, String(r.endDate)) }),
      };
    }
    case 'clearances': {
      const limit = addLocalDays(q.today, -DIGEST_RULES.clearancePendingDays);
      return {
        select: Prisma.sql`pe."code" AS code, pe."fullName" AS name, e."name" AS entity, i."clearanceRequestedOn" AS "requestedOn"`,
        body: Prisma.sql`FROM "Internship" i JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE}
          WHERE ${scope} AND ${person} AND i."clearanceStatus" = 'requested' AND i."clearanceRequestedOn" < ${limit}`,
        order: Prisma.sql`i."clearanceRequestedOn", ${pe}`,
        item: (r) => ({ beneficiary: ref(r.code, r.name), entity: String(r.entity), requestedOn: String(r.requestedOn), days: daysBetween(String(r.requestedOn), q.today) }),
      };
    }
    case 'followUps':
      return {
        select: Prisma.sql`tu."code" AS "tutorCode", tu."fullName" AS "tutorName", COUNT(*) AS n, MIN(f."dueDate") AS oldest`,
        body: Prisma.sql`FROM "OutcomeFollowUp" f JOIN "Internship" i ON i."id" = f."internshipId" JOIN "Path" p ON p."id" = i."pathId" ${PATH_PROFILE} ${TUTOR}
          WHERE ${scope} AND ${search ? tutor : Prisma.sql`1 = 1`} AND f."status" = 'pending' AND f."dueDate" < ${q.today}
          GROUP BY tu."id", tu."code", tu."fullName"`,
        units: Prisma.sql`COUNT(*)`,
        order: Prisma.sql`MIN(f."dueDate"), ${tu}`,
        item: (r) => ({ tutor: tutorRef(r), count: num(r.n), oldestDue: String(r.oldest) }),
      };
    case 'missingReports':
      return {
        select: Prisma.sql`tu."code" AS "tutorCode", tu."fullName" AS "tutorName", COUNT(*) AS n`,
        body: Prisma.sql`FROM "Path" p ${PATH_PROFILE} JOIN "Person" tu ON tu."id" = bp."tutorId" AND tu."erasedAt" IS NULL LEFT JOIN "Internship" i ON i."pathId" = p."id"
          WHERE ${scope} AND ${tutor} AND ${unreportedSinceSql(addLocalDays(q.today, 1 - DIGEST_RULES.missingReportDays))}
          GROUP BY tu."id", tu."code", tu."fullName"`,
        order: Prisma.sql`COUNT(*) DESC, ${tu}`,
        item: (r) => ({ tutor: ref(r.tutorCode, r.tutorName), beneficiaries: num(r.n) }),
      };
    case 'inactive': {
      const before = new Date(q.now.getTime() - DIGEST_RULES.inactiveDays * DAY_MS);
      return {
        select: Prisma.sql`pe."code" AS code, pe."fullName" AS name, MAX(ca."lastSeenAt") AS seen`,
        body: Prisma.sql`FROM "ChannelAccount" ca JOIN "Person" pe ON pe."id" = ca."personId" ${PERSON_PROFILE}
          WHERE ${scope} AND ${person} AND ca."unreachableAt" IS NULL
          GROUP BY pe."id", pe."code", pe."fullName" HAVING MAX(ca."lastSeenAt") < ${before}`,
        order: Prisma.sql`MAX(ca."lastSeenAt"), ${pe}`,
        item: (r) => ({ beneficiary: ref(r.code, r.name), days: Math.floor((q.now.getTime() - instant(r.seen).getTime()) / DAY_MS) }),
      };
    }
  }
}
