/**
 * `npm run seed -- --demo`: a realistic demo programme, created idempotently (people are keyed by
 * their code; a second run adds nothing but fresh invite codes for people whose codes were used).
 */
import crypto from 'node:crypto';
import type { PrismaClient, Prisma } from '@prisma/client';
import { PUOI } from '../../core/programme/programme';
import { INVITE_VALIDITY_DAYS, makeInviteCode, formatInviteCode } from '../../core/onboarding/invite-code';
import type { Role } from '../../core/roles';
import { scheduleIn } from '../storage/outbox.repository';
import { DEMO_ADMIN, DEMO_BENEFICIARIES, DEMO_COORDINATOR, DEMO_ENTITIES, DEMO_REGION, DEMO_TUTORS, type DemoBeneficiary } from './demo.people';
import { appointmentReminders, pathHistory, type PathRows } from './path-history';
import { insertRows } from './bulk-insert';

export interface DemoCodes {
  beneficiary: string[];
  tutor: string[];
  coordinator: string[];
  admin: string[];
  /** Tutor invite code → full names of the beneficiaries that tutor follows. */
  caseload: Record<string, string[]>;
}

const DAY = 86_400_000;

export async function seedDemo(prisma: PrismaClient, opts: { now: Date }): Promise<DemoCodes> {
  const { now } = opts;
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
    const rows = pathHistory(demoStory(b, person.id, tutorIds.get(b.tutor)!, programme.id, entity.province), now);
    await prisma.$transaction((tx) => writePathRows(tx, [rows]));
    if (rows.appointment) await scheduleIn(prisma, appointmentReminders(rows.appointment, { id: person.id, code: b.code, fullName: b.fullName }, now));
  }

  const codes: DemoCodes = { beneficiary: [], tutor: [], coordinator: [], admin: [], caseload: {} };
  const inviteFor = (personId: string, role: Role) => openInviteCode(prisma, personId, role, now);
  for (const b of DEMO_BENEFICIARIES) codes.beneficiary.push(await inviteFor(beneficiaryIds.get(b.code)!, 'beneficiary'));
  for (const t of DEMO_TUTORS) {
    const code = await inviteFor(tutorIds.get(t.code)!, 'tutor');
    codes.tutor.push(code);
    codes.caseload[code] = DEMO_BENEFICIARIES.filter((b) => b.tutor === t.code).map((b) => b.fullName);
  }
  codes.coordinator.push(await inviteFor(coordinator.id, 'coordinator'));
  codes.admin.push(await inviteFor(admin.id, 'admin'));
  return codes;
}

/** An unused, unexpired invite code of the person for the role, or a new one (random: codes are secrets). */
export async function openInviteCode(prisma: PrismaClient, personId: string, role: Role, now: Date): Promise<string> {
  const open = await prisma.inviteCode.findFirst({ where: { personId, role, usedAt: null, expiresAt: { gt: now } } });
  if (open) return formatInviteCode(open.code);
  const code = makeInviteCode((n) => crypto.randomBytes(n));
  await prisma.inviteCode.create({ data: { code, role, personId, expiresAt: new Date(now.getTime() + INVITE_VALIDITY_DAYS * DAY) } });
  return formatInviteCode(code);
}

/** Writes paths' rows, parents before children. */
export async function writePathRows(tx: Prisma.TransactionClient | PrismaClient, all: readonly PathRows[]): Promise<void> {
  await insertRows(tx, 'Path', all.map((r) => r.path));
  await insertRows(tx, 'PathPhase', all.flatMap((r) => r.phases));
  await insertRows(tx, 'PathServiceArea', all.flatMap((r) => r.areas));
  await insertRows(tx, 'HourEntry', all.flatMap((r) => r.hours));
  await insertRows(tx, 'Internship', all.flatMap((r) => (r.internship ? [r.internship] : [])));
  await insertRows(tx, 'OutcomeFollowUp', all.flatMap((r) => r.followUps));
  await insertRows(tx, 'Appointment', all.flatMap((r) => (r.appointment ? [r.appointment] : [])));
}

function demoStory(b: DemoBeneficiary, personId: string, tutorId: string, programmeId: string, province: string) {
  return {
    key: personId,
    personId,
    tutorId,
    programmeId,
    province,
    status: b.status,
    pathAgeDays: b.pathAgeDays,
    host: b.host,
    ceaseReason: b.code === 'B-0007' ? 'found_job' : b.code === 'B-0016' ? 'absences' : 'own_choice',
    followUp(months: number) {
      if (months !== 3 && b.code !== 'B-0020') return null;
      return { employed: b.code !== 'B-0014', contractType: b.code === 'B-0014' ? 'none' : months === 12 ? 'permanent' : 'fixed_term' };
    },
    appointment: { inDays: (Number(b.code.slice(-2)) % 5) + 1, hourUtc: 9, minute: 30, place: "Sede dell'ente", address: 'Via Nizza 150, Torino' },
  };
}
