/**
 * `npm run seed -- --demo`: a realistic demo programme, created idempotently (people are keyed by
 * their code; a second run adds nothing but fresh invite codes for people whose codes were used).
 */
import crypto from 'node:crypto';
import type { PrismaClient, Prisma } from '@prisma/client';
import { PUOI, PATH_PHASES, type ServiceArea } from '../../core/programme/programme';
import { INVITE_VALIDITY_DAYS, makeInviteCode, formatInviteCode } from '../../core/onboarding/invite-code';
import type { Role } from '../../core/roles';
import { addMonthsIso } from '../../core/time/calendar-date';
import { DEFAULT_QUIET_HOURS } from '../../core/time/quiet-hours';
import { planReminders } from '../../core/appointments/reminder-plan';
import type { AppointmentView } from '../../core/appointments/appointment.types';
import { scheduleIn } from '../storage/outbox.repository';
import { DEMO_ADMIN, DEMO_BENEFICIARIES, DEMO_COORDINATOR, DEMO_ENTITIES, DEMO_REGION, DEMO_TUTORS, type DemoBeneficiary } from './demo.people';

export interface DemoCodes {
  beneficiary: string[];
  tutor: string[];
  coordinator: string[];
  admin: string[];
  /** Tutor invite code → full names of the beneficiaries that tutor follows. */
  caseload: Record<string, string[]>;
}

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addMonths = (iso: string, months: number) => addMonthsIso(iso, months)!;

export async function seedDemo(prisma: PrismaClient, opts: { now: Date }): Promise<DemoCodes> {
  const { now } = opts;
  const today = isoDay(now);
  const dayOffset = (days: number) => isoDay(new Date(now.getTime() + days * DAY));

  const programme = await prisma.programme.upsert({
    where: { code: PUOI.code },
    create: { code: PUOI.code, name: PUOI.name, rulesJson: JSON.stringify(PUOI) },
    update: {},
  });
  const entityIds = new Map<string, string>();
  for (const e of DEMO_ENTITIES) {
    const row = await prisma.entity.upsert({ where: { code: e.code }, create: { ...e, region: DEMO_REGION, programmeId: programme.id }, update: {} });
    entityIds.set(e.code, row.id);
  }

  const ensurePerson = async (data: Prisma.PersonCreateInput, roles: Role[]) => {
    const existing = await prisma.person.findUnique({ where: { code: data.code } });
    if (existing) return { person: existing, created: false };
    const person = await prisma.person.create({ data: { ...data, roles: { create: roles.map((role) => ({ role })) } } });
    return { person, created: true };
  };

  const tutorIds = new Map<string, string>();
  for (const t of DEMO_TUTORS) {
    const { person } = await ensurePerson({ code: t.code, fullName: t.fullName, language: 'it', phone: t.phone, entity: { connect: { id: entityIds.get(t.entity)! } } }, ['tutor']);
    tutorIds.set(t.code, person.id);
  }
  const coordinator = (await ensurePerson({ code: DEMO_COORDINATOR.code, fullName: DEMO_COORDINATOR.fullName, region: DEMO_COORDINATOR.region, language: 'it' }, ['coordinator'])).person;
  const admin = (await ensurePerson({ code: DEMO_ADMIN.code, fullName: DEMO_ADMIN.fullName, language: 'it' }, ['admin'])).person;

  const beneficiaryIds = new Map<string, string>();
  for (const b of DEMO_BENEFICIARIES) {
    const tutor = DEMO_TUTORS.find((t) => t.code === b.tutor)!;
    const entity = DEMO_ENTITIES.find((e) => e.code === tutor.entity)!;
    const { person, created } = await ensurePerson({ code: b.code, fullName: b.fullName, language: b.language }, ['beneficiary']);
    beneficiaryIds.set(b.code, person.id);
    if (!created) continue;
    await prisma.beneficiaryProfile.create({
      data: { personId: person.id, category: b.category, province: entity.province, entityId: entityIds.get(entity.code)!, tutorId: tutorIds.get(b.tutor)! },
    });
    await createPath(prisma, { b, personId: person.id, programmeId: programme.id, tutorId: tutorIds.get(b.tutor)!, province: entity.province, now, today, dayOffset });
  }

  const codes: DemoCodes = { beneficiary: [], tutor: [], coordinator: [], admin: [], caseload: {} };
  const inviteFor = async (personId: string, role: Role) => {
    const open = await prisma.inviteCode.findFirst({ where: { personId, role, usedAt: null, expiresAt: { gt: now } } });
    if (open) return formatInviteCode(open.code);
    const code = makeInviteCode((n) => crypto.randomBytes(n));
    await prisma.inviteCode.create({ data: { code, role, personId, expiresAt: new Date(now.getTime() + INVITE_VALIDITY_DAYS * DAY) } });
    return formatInviteCode(code);
  };
  for (const b of DEMO_BENEFICIARIES) codes.beneficiary.push(await inviteFor(beneficiaryIds.get(b.code)!, 'beneficiary'));
  for (const t of DEMO_TUTORS) {
    const code = await inviteFor(tutorIds.get(t.code)!, 'tutor');
    codes.tutor.push(code);
    codes.caseload[code] = DEMO_BENEFICIARIES.filter((b) => b.tutor === t.code).map((b) => b.fullName);
  }
  codes.coordinator.push(await inviteFor(coordinator.id, 'coordinator'));
  codes.admin.push(await inviteFor(admin.id, 'admin'));
  void today;
  return codes;
}

interface PathInput {
  b: DemoBeneficiary;
  personId: string;
  programmeId: string;
  tutorId: string;
  province: string;
  now: Date;
  today: string;
  dayOffset: (days: number) => string;
}

/** One beneficiary's history: phases, hours per area within the caps, internship and follow-ups, appointments. */
async function createPath(prisma: PrismaClient, p: PathInput): Promise<void> {
  const { b, dayOffset } = p;
  const start = -b.pathAgeDays;
  const at = (dayInPath: number) => dayOffset(Math.min(start + dayInPath, 0));
  const hasInternship = ['activated', 'in_progress', 'concluded', 'ceased'].includes(b.status);
  const internshipStartDay = b.status === 'activated' ? Math.max(b.pathAgeDays - 10, 40) : 45;
  const internshipStart = hasInternship ? at(internshipStartDay) : undefined;
  const plannedEnd = internshipStart ? addMonths(internshipStart, PUOI.internshipMonths) : undefined;
  const endDate = b.status === 'concluded' ? plannedEnd : b.status === 'ceased' ? at(internshipStartDay + 100) : undefined;
  const internshipOver = b.status === 'concluded' || b.status === 'ceased';

  const path = await prisma.path.create({
    data: { beneficiaryId: p.personId, programmeId: p.programmeId, startDate: at(0), status: 'active', areas: { create: PUOI.serviceAreas.filter((a) => a.area !== 'complementary').map((a) => ({ area: a.area, plannedHours: a.capHours })) } },
  });
  const phaseStatus = (phase: (typeof PATH_PHASES)[number]): [string, string | undefined, string | undefined] => {
    switch (phase) {
      case 'reception':
        return ['done', at(0), at(7)];
      case 'specialist_orientation':
        return b.pathAgeDays > 30 ? ['done', at(8), at(30)] : ['in_progress', at(8), undefined];
      case 'internship':
        return internshipOver ? ['done', internshipStart, endDate] : hasInternship ? ['in_progress', internshipStart, undefined] : ['not_started', undefined, undefined];
      case 'job_orientation':
        return internshipOver ? ['in_progress', endDate, undefined] : hasInternship ? ['in_progress', internshipStart, undefined] : ['not_started', undefined, undefined];
    }
  };
  for (const phase of PATH_PHASES) {
    const [status, startDate, end] = phaseStatus(phase);
    await prisma.pathPhase.create({ data: { pathId: path.id, phase, status, startDate, endDate: end } });
  }

  const entries: Array<{ area: ServiceArea; day: number; hours: number }> = [];
  entries.push({ area: 'reception', day: 1, hours: 2 }, { area: 'reception', day: 3, hours: 2 });
  for (let d = 8, total = 0; d <= Math.min(30, b.pathAgeDays) && total < 14; d += 5, total += 2) entries.push({ area: 'specialist_orientation', day: d, hours: 2 });
  if (hasInternship) {
    const lastDay = internshipOver ? internshipStartDay + (b.status === 'ceased' ? 100 : 180) : b.pathAgeDays;
    for (let d = internshipStartDay + 7, total = 0; d <= lastDay && total + 1.5 <= 16; d += 14, total += 1.5) entries.push({ area: 'tutoring', day: d, hours: 1.5 });
    for (let d = internshipStartDay + 10, total = 0; d <= lastDay && total < 20; d += 21, total += 2) entries.push({ area: 'job_orientation', day: d, hours: 2 });
    if (internshipOver) for (let d = lastDay + 7, total = 0; d <= b.pathAgeDays && total < 8; d += 20, total += 2) entries.push({ area: 'job_orientation', day: d, hours: 2 });
  }
  for (const e of entries.filter((x) => x.day <= b.pathAgeDays)) {
    await prisma.hourEntry.create({ data: { pathId: path.id, area: e.area, date: at(e.day), hours: e.hours, reportedById: p.tutorId } });
  }

  const clearance = (() => {
    switch (b.status) {
      case 'clearance_requested':
        return { clearanceStatus: 'requested', clearanceRequestedOn: at(3) };
      case 'clearance_refused':
        return { clearanceStatus: 'refused', clearanceRequestedOn: at(30), clearanceDecidedOn: at(44) };
      default:
        return { clearanceStatus: 'granted', clearanceRequestedOn: at(30), clearanceDecidedOn: at(40) };
    }
  })();
  const internship = await prisma.internship.create({
    data: {
      pathId: path.id,
      status: b.status,
      ...clearance,
      hostCompany: b.host?.company,
      atecoSection: b.host?.ateco,
      province: hasInternship ? p.province : undefined,
      startDate: internshipStart,
      plannedEndDate: plannedEnd,
      endDate,
      ceaseReason: b.status === 'ceased' ? (b.code === 'B-0007' ? 'found_job' : b.code === 'B-0016' ? 'absences' : 'own_choice') : undefined,
    },
  });
  if (b.status === 'concluded' && endDate) {
    for (const months of PUOI.followUpMonths) {
      const due = addMonths(endDate, months);
      if (due > p.today) continue;
      const answered = months === 3 || b.code === 'B-0020';
      await prisma.outcomeFollowUp.create({
        data: {
          internshipId: internship.id,
          monthsAfter: months,
          dueDate: due,
          status: answered ? 'answered' : 'pending',
          employed: answered ? b.code !== 'B-0014' : undefined,
          contractType: answered ? (b.code === 'B-0014' ? 'none' : months === 12 ? 'permanent' : 'fixed_term') : undefined,
          answeredAt: answered ? p.now : undefined,
          answeredById: answered ? p.tutorId : undefined,
        },
      });
    }
  }

  if (!internshipOver && b.status !== 'cancelled' && b.status !== 'clearance_refused') {
    const day = (Number(b.code.slice(-2)) % 5) + 1;
    const startsAt = new Date(Date.UTC(p.now.getUTCFullYear(), p.now.getUTCMonth(), p.now.getUTCDate() + day, 9, 30));
    const appointment = await prisma.appointment.create({
      data: {
        beneficiaryId: p.personId,
        createdById: p.tutorId,
        kind: hasInternship ? 'tutoring' : 'orientation',
        startsAt,
        place: 'Sede dell\'ente',
        address: 'Via Nizza 150, Torino',
        withWhom: 'tutor',
        bring: 'permesso di soggiorno, codice fiscale',
      },
    });
    // The same reminders a tutor's scheduling would plan, so the demo shows them when the bot runs.
    const view = { ...appointment, kind: appointment.kind as AppointmentView['kind'], status: 'scheduled', response: 'none', beneficiary: { id: p.personId, code: b.code, fullName: b.fullName, timezone: 'Europe/Rome', remindersEnabled: true }, tutor: null } as AppointmentView;
    await scheduleIn(prisma, planReminders(view, { offsetsMinutes: PUOI.appointmentReminderOffsetsMinutes, quietHours: DEFAULT_QUIET_HOURS }, p.now));
  }
}
