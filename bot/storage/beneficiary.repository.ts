/**
 * The beneficiary's own data in Prisma: the path overview (done hours summed from non-voided hour
 * entries), everything stored about them (for "My data" and the export), and the erasure.
 */
import type { PrismaClient } from '@prisma/client';
import { PATH_PHASES, SERVICE_AREAS, type PathPhase, type ServiceArea } from '../../core/programme/programme';
import type { BeneficiaryStore, EraseResult, MyData, PathOverview, PhaseStatus } from '../../core/beneficiary/beneficiary.ports';
import { erasePersonIn } from './person-erasure';


const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const isPhase = (p: string): p is PathPhase => (PATH_PHASES as readonly string[]).includes(p);
const isArea = (a: string): a is ServiceArea => (SERVICE_AREAS as readonly string[]).includes(a);
const phaseStatus = (s: string): PhaseStatus => (s === 'done' || s === 'in_progress' ? s : 'not_started');

export class PrismaBeneficiaryStore implements BeneficiaryStore {
  /** `afterErase` runs once an erasure is committed (the WAL checkpoint that removes the old pages). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly afterErase: () => Promise<unknown> = async () => undefined,
  ) {}

  async pathOf(personId: string): Promise<PathOverview | null> {
    const path = await this.prisma.path.findFirst({
      where: { beneficiaryId: personId },
      orderBy: [{ status: 'asc' }, { startDate: 'desc' }],
      include: { programme: true, phases: true, areas: true, internship: true },
    });
    if (!path) return null;
    const done = await this.prisma.hourEntry.groupBy({ by: ['area'], where: { pathId: path.id, voidedAt: null }, _sum: { hours: true } });
    const profile = await this.prisma.beneficiaryProfile.findUnique({ where: { personId }, include: { entity: true, tutor: true } });
    const doneOf = (area: string) => done.find((d) => d.area === area)?._sum.hours ?? 0;
    const areas = path.areas.filter((a) => isArea(a.area)).map((a) => ({ area: a.area as ServiceArea, plannedHours: a.plannedHours, doneHours: doneOf(a.area) }));
    // Hours in an area with no plan (e.g. complementary) still show.
    for (const d of done) if (isArea(d.area) && !areas.some((a) => a.area === d.area)) areas.push({ area: d.area, plannedHours: 0, doneHours: d._sum.hours ?? 0 });
    areas.sort((a, b) => SERVICE_AREAS.indexOf(a.area) - SERVICE_AREAS.indexOf(b.area));
    const i = path.internship;
    return {
      programmeCode: path.programme.code,
      startDate: path.startDate,
      endDate: path.endDate,
      entityName: profile?.entity.name ?? null,
      phases: PATH_PHASES.map((phase) => {
        const p = path.phases.find((x) => x.phase === phase && isPhase(x.phase));
        return { phase, status: phaseStatus(p?.status ?? 'not_started'), startDate: p?.startDate ?? null, endDate: p?.endDate ?? null };
      }),
      areas,
      internship: i ? { status: i.status, clearanceStatus: i.clearanceStatus, hostCompany: i.hostCompany, startDate: i.startDate, plannedEndDate: i.plannedEndDate, endDate: i.endDate } : null,
      tutor: profile?.tutor && !profile.tutor.erasedAt ? { fullName: profile.tutor.fullName, phone: profile.tutor.phone, email: profile.tutor.email } : null,
    };
  }

  async myData(personId: string): Promise<MyData | null> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, include: { roles: true, accounts: true, profile: { include: { entity: true, tutor: true } } } });
    if (!p || p.erasedAt) return null;
    const paths = await this.prisma.path.findMany({ where: { beneficiaryId: personId }, include: { programme: true, phases: true, areas: true, internship: true, hourEntries: { where: { voidedAt: null }, orderBy: { date: 'asc' } } }, orderBy: { startDate: 'asc' } });
    const appointments = await this.prisma.appointment.findMany({ where: { beneficiaryId: personId }, orderBy: { startsAt: 'asc' } });
    const messages = await this.prisma.relayMessage.findMany({ where: { OR: [{ fromId: personId }, { toId: personId }] }, include: { from: true, to: true }, orderBy: { createdAt: 'asc' } });
    return {
      person: { code: p.code, fullName: p.fullName, language: p.language, timezone: p.timezone, phone: p.phone, email: p.email, remindersEnabled: p.remindersEnabled, consentAt: iso(p.consentAt), createdAt: p.createdAt.toISOString(), roles: p.roles.map((r) => r.role) },
      profile: p.profile ? { category: p.profile.category, province: p.profile.province, entity: p.profile.entity.name, tutor: p.profile.tutor?.fullName ?? null, nationality: p.profile.nationality } : null,
      paths: paths.map((x) => ({
        programme: x.programme.code,
        startDate: x.startDate,
        endDate: x.endDate,
        status: x.status,
        phases: x.phases.map((ph) => ({ phase: ph.phase, status: ph.status, startDate: ph.startDate, endDate: ph.endDate })),
        plannedHours: x.areas.map((a) => ({ area: a.area, hours: a.plannedHours })),
        hourEntries: x.hourEntries.map((h) => ({ area: h.area, date: h.date, hours: h.hours })),
        internship: x.internship ? { status: x.internship.status, clearanceStatus: x.internship.clearanceStatus, hostCompany: x.internship.hostCompany, startDate: x.internship.startDate, plannedEndDate: x.internship.plannedEndDate, endDate: x.internship.endDate } : null,
      })),
      appointments: appointments.map((a) => ({ kind: a.kind, startsAt: a.startsAt.toISOString(), place: a.place, address: a.address, withWhom: a.withWhom, bring: a.bring, note: a.note, status: a.status, response: a.response, declineReason: a.declineReason })),
      messages: messages.map((m) => ({ direction: m.fromId === personId ? 'sent' : 'received', with: m.fromId === personId ? m.to.fullName : m.from.fullName, text: m.text, file: m.mediaKind, at: m.createdAt.toISOString() })),
      chatAccounts: p.accounts.map((a) => ({ channel: a.channel, createdAt: a.createdAt.toISOString(), lastSeenAt: a.lastSeenAt.toISOString() })),
    };
  }

  async setReminders(personId: string, enabled: boolean): Promise<void> {
    await this.prisma.person.update({ where: { id: personId }, data: { remindersEnabled: enabled } });
  }

  async erase(personId: string, now: Date): Promise<EraseResult> {
    const result = await this.prisma.$transaction((tx) => erasePersonIn(tx, personId, now));
    // Only after the commit: the WAL still holds the pages as they were before. Not awaited: a busy
    // database retries in the background, and the person's answer need not wait for it.
    void this.afterErase();
    return result;
  }
}
