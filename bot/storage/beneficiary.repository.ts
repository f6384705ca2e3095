/**
 * The beneficiary's own data in Prisma: the path overview (done hours summed from non-voided hour
 * entries), everything stored about them (for "My data" and the export), and the erasure.
 */
import type { PrismaClient } from '@prisma/client';
import { PATH_PHASES, SERVICE_AREAS, type PathPhase, type ServiceArea } from '../../core/programme/programme';
import type { BeneficiaryStore, EraseResult, MyData, PathOverview, PhaseStatus } from '../../core/beneficiary/beneficiary.ports';

/** What an erased person's name becomes: their pseudonymous code stays, so reports still add up. */
export const ERASED_NAME = '—';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const isPhase = (p: string): p is PathPhase => (PATH_PHASES as readonly string[]).includes(p);
const isArea = (a: string): a is ServiceArea => (SERVICE_AREAS as readonly string[]).includes(a);
const phaseStatus = (s: string): PhaseStatus => (s === 'done' || s === 'in_progress' ? s : 'not_started');

export class PrismaBeneficiaryStore implements BeneficiaryStore {
  constructor(private readonly prisma: PrismaClient) {}

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
      messages: messages.map((m) => ({ direction: m.fromId === personId ? 'sent' : 'received', with: m.fromId === personId ? m.to.fullName : m.from.fullName, text: m.text, at: m.createdAt.toISOString() })),
      chatAccounts: p.accounts.map((a) => ({ channel: a.channel, createdAt: a.createdAt.toISOString(), lastSeenAt: a.lastSeenAt.toISOString() })),
    };
  }

  async setReminders(personId: string, enabled: boolean): Promise<void> {
    await this.prisma.person.update({ where: { id: personId }, data: { remindersEnabled: enabled } });
  }

  erase(personId: string, now: Date): Promise<EraseResult> {
    return this.prisma.$transaction(async (tx) => {
      const messages = await tx.relayMessage.findMany({ where: { OR: [{ fromId: personId }, { toId: personId }] }, select: { id: true } });
      const appointments = await tx.appointment.findMany({ where: { beneficiaryId: personId }, select: { id: true } });
      // Rows still waiting that speak of this person, to them or to their tutor: never sent now.
      const prefixes = [...messages.map((m) => `relay:${m.id}`), ...appointments.flatMap((a) => [`appointment:${a.id}:`, `appointment-declined:${a.id}:`])];
      await tx.outboxMessage.updateMany({ where: { status: 'pending', OR: [{ personId }, ...prefixes.map((k) => ({ key: { startsWith: k } }))] }, data: { status: 'cancelled' } });
      await tx.relayMessage.deleteMany({ where: { id: { in: messages.map((m) => m.id) } } });
      await tx.appointment.deleteMany({ where: { beneficiaryId: personId } });
      await tx.inviteCode.deleteMany({ where: { personId } });
      const accounts = await tx.channelAccount.findMany({ where: { personId }, select: { id: true, channel: true, chatId: true } });
      for (const a of accounts) await tx.conversationState.deleteMany({ where: { channel: a.channel, chatId: a.chatId } });
      // Other people's open screens (a tutor's inbox, a report picker) may quote this person: those
      // chats restart at their menu rather than keep the name or a message after the erasure.
      const person = await tx.person.findUniqueOrThrow({ where: { id: personId }, select: { fullName: true, code: true } });
      await tx.conversationState.deleteMany({ where: { OR: [{ dataJson: { contains: personId } }, { dataJson: { contains: person.fullName } }, { dataJson: { contains: person.code } }] } });
      await tx.channelAccount.updateMany({
        where: { personId },
        data: { personId: null, language: null, languageHint: null, consentAt: null, conversationRef: null },
      });
      await tx.beneficiaryProfile.updateMany({ where: { personId }, data: { nationality: null } });
      // Hours and statuses stay for the totals; free-text notes about the person go.
      await tx.hourEntry.updateMany({ where: { path: { beneficiaryId: personId } }, data: { note: null } });
      await tx.internship.updateMany({ where: { path: { beneficiaryId: personId } }, data: { ceaseNote: null } });
      await tx.person.update({ where: { id: personId }, data: { fullName: ERASED_NAME, language: 'it', phone: null, email: null, remindersEnabled: false, consentAt: null, consentVersion: null, lastActiveAt: null, erasedAt: now } });
      const keptHourEntries = await tx.hourEntry.count({ where: { path: { beneficiaryId: personId } } });
      return { unlinkedAccounts: accounts.length, deletedMessages: messages.length, deletedAppointments: appointments.length, keptHourEntries };
    });
  }
}
