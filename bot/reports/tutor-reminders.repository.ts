/**
 * What tutor reminders read, aggregated in SQL (the weekly job covers every tutor in the country:
 * no list of beneficiary or path ids is passed back to the database).
 */
import { Prisma, type PrismaClient } from '@prisma/client';
import type { PersonRef, TutorReminderSource } from '../../core/digests/digest.ports';
import { byteOrder } from '../storage/sql-provider';
import { unreportedSinceSql } from './scope.sql';

/** Active beneficiaries (not erased) with their path, internship and tutor (alias `tu`, a live tutor). */
const EXPECTING_FROM = Prisma.sql`FROM "Path" p
  JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId"
  JOIN "Person" pe ON pe."id" = bp."personId" AND pe."erasedAt" IS NULL
  JOIN "Person" tu ON tu."id" = bp."tutorId" AND tu."erasedAt" IS NULL
  LEFT JOIN "Internship" i ON i."pathId" = p."id"`;

export class PrismaTutorReminderSource implements TutorReminderSource {
  constructor(private readonly prisma: PrismaClient) {}

  async missingHours(tutorId: string, weekStart: string): Promise<PersonRef[]> {
    // The code collated in the select list: with DISTINCT, PostgreSQL orders only by what is selected.
    return this.prisma.$queryRaw<PersonRef[]>`
      SELECT DISTINCT ${byteOrder(this.prisma, Prisma.sql`pe."code"`)} AS code, pe."fullName" AS "fullName" ${EXPECTING_FROM}
      WHERE tu."id" = ${tutorId} AND ${unreportedSinceSql(weekStart)}
      ORDER BY code`;
  }

  async tutorsWithMissingHours(weekStart: string): Promise<string[]> {
    // Only people who are still tutors.
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT DISTINCT tu."id" AS id ${EXPECTING_FROM}
      WHERE ${unreportedSinceSql(weekStart)} AND EXISTS (SELECT 1 FROM "PersonRole" r WHERE r."personId" = tu."id" AND r."role" = 'tutor')
      ORDER BY tu."id"`;
    return rows.map((r) => r.id);
  }

  async followUpsDue(from: string, to: string) {
    return this.prisma.$queryRaw<Array<{ followUpId: string; tutorId: string; dueDate: string }>>`
      SELECT f."id" AS "followUpId", bp."tutorId" AS "tutorId", f."dueDate" AS "dueDate"
      FROM "OutcomeFollowUp" f JOIN "Internship" i ON i."id" = f."internshipId" JOIN "Path" p ON p."id" = i."pathId"
        JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId"
      WHERE f."status" = 'pending' AND f."dueDate" >= ${from} AND f."dueDate" <= ${to} AND bp."tutorId" IS NOT NULL
      ORDER BY f."dueDate", ${byteOrder(this.prisma, Prisma.sql`f."id"`)}`;
  }

  async followUp(followUpId: string) {
    const f = await this.prisma.outcomeFollowUp.findUnique({ where: { id: followUpId }, select: { status: true, monthsAfter: true, dueDate: true, internship: { select: { endDate: true, path: { select: { beneficiaryId: true } } } } } });
    if (!f) return null;
    const b = await this.prisma.person.findFirst({ where: { id: f.internship.path.beneficiaryId, erasedAt: null }, select: { code: true, fullName: true } });
    if (!b) return null;
    return { status: f.status, monthsAfter: f.monthsAfter, dueDate: f.dueDate, endDate: f.internship.endDate, beneficiary: b };
  }
}
