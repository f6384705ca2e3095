/**
 * Digest facts from Prisma, cut to the coordinator's scope: beneficiaries are in scope through their
 * profile (entity's region, profile's province); everything else is reached from them.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import type { CoordinatorScope } from '../../core/coordinator/coordinator-scope';
import { DIGEST_RULES, type DigestFacts, type DigestQuery, type DigestSource, type PersonRef } from '../../core/digests/digest.ports';
import { addLocalDays } from '../../core/time/zoned-time';

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Beneficiary profiles visible in a scope. */
export function profilesInScope(scope: CoordinatorScope): Prisma.BeneficiaryProfileWhereInput {
  return {
    person: { erasedAt: null },
    ...(scope.region !== null ? { entity: { region: scope.region } } : {}),
    ...(scope.provinces ? { province: { in: scope.provinces } } : {}),
  };
}

const ref = (p: { code: string; fullName: string }): PersonRef => ({ code: p.code, fullName: p.fullName });

export class PrismaDigestSource implements DigestSource {
  constructor(private readonly prisma: PrismaClient) {}

  async facts(q: DigestQuery): Promise<DigestFacts> {
    const { prisma } = this;
    const daily = q.kind === 'daily';
    const profiles = await prisma.beneficiaryProfile.findMany({
      where: profilesInScope(q.scope),
      select: { personId: true, person: { select: { code: true, fullName: true } }, tutor: { select: { id: true, code: true, fullName: true } }, entity: { select: { name: true } } },
    });
    const byId = new Map(profiles.map((p) => [p.personId, p]));
    const ids = [...byId.keys()];
    const since = new Date(q.now.getTime() - (daily ? DIGEST_RULES.dailyWindowHours * 3_600_000 : DIGEST_RULES.weeklyWindowDays * DAY_MS));

    const paths = await prisma.path.findMany({
      where: { beneficiaryId: { in: ids } },
      select: { id: true, beneficiaryId: true, status: true, phases: { select: { status: true } }, internship: { select: { id: true, status: true, clearanceStatus: true, clearanceRequestedOn: true, plannedEndDate: true } } },
    });
    const ownerOfPath = new Map(paths.map((p) => [p.id, p.beneficiaryId]));

    // Ending soon: planned end within the window, internship still under way.
    const horizon = addLocalDays(q.today, daily ? DIGEST_RULES.endingWithinDays.daily : DIGEST_RULES.endingWithinDays.weekly);
    const endingSoon = paths
      .filter((p) => p.internship && ['activated', 'in_progress'].includes(p.internship.status) && p.internship.plannedEndDate && p.internship.plannedEndDate >= q.today && p.internship.plannedEndDate <= horizon)
      .map((p) => {
        const b = byId.get(p.beneficiaryId)!;
        const endDate = p.internship!.plannedEndDate!;
        return { beneficiary: ref(b.person), tutor: b.tutor ? ref(b.tutor) : null, endDate, days: daysBetween(q.today, endDate) };
      })
      .sort((a, b) => a.days - b.days);

    const declined = await prisma.appointment.findMany({
      where: { beneficiaryId: { in: ids }, response: 'declined', status: 'scheduled', respondedAt: { gte: since }, startsAt: { gte: q.now } },
      select: { beneficiaryId: true, startsAt: true },
      orderBy: { startsAt: 'asc' },
    });
    const unreachable = await prisma.channelAccount.findMany({
      where: { personId: { in: ids }, unreachableAt: daily ? { gte: since } : { not: null } },
      select: { personId: true, channel: true, unreachableAt: true },
      orderBy: { unreachableAt: 'asc' },
    });
    const facts: DigestFacts = {
      missingReports: [],
      endingSoon,
      clearancesPending: [],
      followUpsOverdue: [],
      unreachable: unreachable.map((a) => ({ beneficiary: ref(byId.get(a.personId!)!.person), channel: a.channel, since: a.unreachableAt! })),
      inactive: [],
      declined: declined.map((d) => {
        const b = byId.get(d.beneficiaryId)!;
        return { beneficiary: ref(b.person), tutor: b.tutor ? ref(b.tutor) : null, startsAt: d.startsAt };
      }),
    };
    if (daily) return facts;

    // Clearances waiting too long.
    const clearanceLimit = addLocalDays(q.today, -DIGEST_RULES.clearancePendingDays);
    facts.clearancesPending = paths
      .filter((p) => p.internship?.clearanceStatus === 'requested' && p.internship.clearanceRequestedOn && p.internship.clearanceRequestedOn < clearanceLimit)
      .map((p) => {
        const b = byId.get(p.beneficiaryId)!;
        const requestedOn = p.internship!.clearanceRequestedOn!;
        return { beneficiary: ref(b.person), entity: b.entity.name, requestedOn, days: daysBetween(requestedOn, q.today) };
      })
      .sort((a, b) => b.days - a.days);

    // Missing hour reports: active paths with a phase under way and no hours in the last 7 days, per tutor.
    const expecting = paths.filter((p) => p.status === 'active' && p.phases.some((ph) => ph.status === 'in_progress') && !['cancelled', 'clearance_refused'].includes(p.internship?.status ?? ''));
    const recent = await prisma.hourEntry.groupBy({
      by: ['pathId'],
      where: { pathId: { in: expecting.map((p) => p.id) }, voidedAt: null, date: { gt: addLocalDays(q.today, -DIGEST_RULES.missingReportDays) } },
    });
    const reported = new Set(recent.map((r) => r.pathId));
    const perTutor = new Map<string, { tutor: PersonRef; beneficiaries: number }>();
    for (const p of expecting.filter((x) => !reported.has(x.id))) {
      const tutor = byId.get(p.beneficiaryId)!.tutor;
      if (!tutor) continue;
      const entry = perTutor.get(tutor.id) ?? { tutor: ref(tutor), beneficiaries: 0 };
      entry.beneficiaries++;
      perTutor.set(tutor.id, entry);
    }
    facts.missingReports = [...perTutor.values()].sort((a, b) => b.beneficiaries - a.beneficiaries);

    // Follow-ups past their due date, per tutor.
    const overdue = await prisma.outcomeFollowUp.findMany({
      where: { status: 'pending', dueDate: { lt: q.today }, internship: { path: { beneficiaryId: { in: ids } } } },
      select: { dueDate: true, internship: { select: { pathId: true } } },
    });
    const fuPerTutor = new Map<string, { tutor: PersonRef | null; count: number; oldestDue: string }>();
    for (const f of overdue) {
      const tutor = byId.get(ownerOfPath.get(f.internship.pathId) ?? '')?.tutor ?? null;
      const key = tutor?.id ?? '-';
      const entry = fuPerTutor.get(key) ?? { tutor: tutor ? ref(tutor) : null, count: 0, oldestDue: f.dueDate };
      entry.count++;
      if (f.dueDate < entry.oldestDue) entry.oldestDue = f.dueDate;
      fuPerTutor.set(key, entry);
    }
    facts.followUpsOverdue = [...fuPerTutor.values()].sort((a, b) => a.oldestDue.localeCompare(b.oldestDue));

    // Inactive: linked and reachable, but silent for 30 days on every channel.
    const seen = await prisma.channelAccount.groupBy({ by: ['personId'], where: { personId: { in: ids }, unreachableAt: null }, _max: { lastSeenAt: true } });
    const inactiveBefore = q.now.getTime() - DIGEST_RULES.inactiveDays * DAY_MS;
    facts.inactive = seen
      .filter((s) => s.personId && s._max.lastSeenAt && s._max.lastSeenAt.getTime() < inactiveBefore)
      .map((s) => ({ beneficiary: ref(byId.get(s.personId!)!.person), days: Math.floor((q.now.getTime() - s._max.lastSeenAt!.getTime()) / DAY_MS) }))
      .sort((a, b) => b.days - a.days);
    return facts;
  }
}
