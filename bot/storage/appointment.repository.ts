/**
 * Appointments in Prisma. Every change and its outbox rows (reminders, notices) are written in one
 * transaction (scheduleIn/cancelIn with the same `tx`). Tutors reach only beneficiaries of their own
 * promoting entity: the entity match is part of each query, not a check after it.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { APPOINTMENT_KINDS, APPOINTMENT_RESPONSES, APPOINTMENT_STATUSES, type AppointmentView, type BeneficiaryRef, type NewAppointment } from '../../core/appointments/appointment.types';
import type { AppointmentPatch, AppointmentStore, Effects } from '../../core/appointments/appointments.ports';
import { REMINDER_KIND, type OutboxEffects } from '../../core/appointments/reminder-plan';
import { PRIORITY } from '../../core/ports/outbox';
import { cancelIn, scheduleIn } from './outbox.repository';

type Tx = Prisma.TransactionClient | PrismaClient;

const include = {
  beneficiary: { select: { id: true, code: true, fullName: true, timezone: true, remindersEnabled: true, erasedAt: true, profile: { select: { tutor: { select: { id: true, fullName: true } } } } } },
  createdBy: { select: { id: true, fullName: true } },
} satisfies Prisma.AppointmentInclude;

type Row = Prisma.AppointmentGetPayload<{ include: typeof include }>;

// Enumerations are strings in the database; read them through zod so a bad row fails loudly.
const enums = z.object({ kind: z.enum(APPOINTMENT_KINDS), status: z.enum(APPOINTMENT_STATUSES), response: z.enum(APPOINTMENT_RESPONSES) });

function toView(r: Row): AppointmentView {
  const e = enums.parse(r);
  const b = r.beneficiary;
  return {
    id: r.id,
    kind: e.kind,
    startsAt: r.startsAt,
    durationMin: r.durationMin,
    place: r.place,
    address: r.address,
    withWhom: r.withWhom,
    bring: r.bring,
    note: r.note,
    status: e.status,
    response: e.response,
    declineReason: r.declineReason,
    respondedAt: r.respondedAt,
    beneficiary: { id: b.id, code: b.code, fullName: b.fullName, timezone: b.timezone, remindersEnabled: b.remindersEnabled && !b.erasedAt },
    tutor: b.profile?.tutor ?? r.createdBy ?? null,
    createdById: r.createdById,
  };
}

/** Applies the outbox effects; true if an urgent row was written (the caller rings after commit). */
async function applyEffects(tx: Tx, effects: OutboxEffects): Promise<boolean> {
  for (const prefix of effects.cancelPrefixes) await cancelIn(tx, prefix);
  await scheduleIn(tx, effects.schedule);
  return effects.schedule.some((i) => i.priority === PRIORITY.urgent);
}

const ref = (p: { id: string; code: string; fullName: string }): BeneficiaryRef => ({ id: p.id, code: p.code, fullName: p.fullName });

export class PrismaAppointmentStore implements AppointmentStore {
  /** `onUrgent` runs after a commit that wrote an urgent outbox row (rings the dispatcher's bell). */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly onUrgent: () => void = () => {},
  ) {}

  async get(id: string): Promise<AppointmentView | null> {
    const r = await this.prisma.appointment.findUnique({ where: { id }, include });
    return r ? toView(r) : null;
  }

  async upcomingForBeneficiary(beneficiaryId: string, from: Date): Promise<AppointmentView[]> {
    // An appointment under way (started less than its duration ago) still counts; 8 h covers the longest.
    const rows = await this.prisma.appointment.findMany({ where: { beneficiaryId, status: 'scheduled', startsAt: { gte: new Date(from.getTime() - 8 * 3_600_000) } }, include, orderBy: { startsAt: 'asc' } });
    return rows.filter((r) => r.startsAt.getTime() + r.durationMin * 60_000 > from.getTime()).map(toView);
  }

  async upcomingForTutor(tutorId: string, from: Date, limit: number, offset = 0): Promise<AppointmentView[]> {
    const entityId = await this.entityOf(tutorId);
    if (!entityId) return [];
    const rows = await this.prisma.appointment.findMany({
      where: { status: 'scheduled', startsAt: { gte: from }, beneficiary: { erasedAt: null, profile: { entityId } } },
      include,
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      skip: offset,
      take: limit,
    });
    return rows.map(toView);
  }

  async caseload(tutorId: string, limit: number): Promise<BeneficiaryRef[]> {
    const rows = await this.prisma.person.findMany({ where: { erasedAt: null, profile: { tutorId } }, select: { id: true, code: true, fullName: true }, orderBy: { code: 'asc' }, take: limit });
    return rows.map(ref);
  }

  async beneficiaryForTutor(tutorId: string, codeOrId: string): Promise<BeneficiaryRef | null> {
    const entityId = await this.entityOf(tutorId);
    if (!entityId) return null;
    const key = codeOrId.trim();
    const row = await this.prisma.person.findFirst({
      where: { erasedAt: null, OR: [{ id: key }, { code: key.toUpperCase() }], roles: { some: { role: 'beneficiary' } }, profile: { entityId } },
      select: { id: true, code: true, fullName: true },
    });
    return row ? ref(row) : null;
  }

  async tutorMayManage(tutorId: string, appointmentId: string): Promise<boolean> {
    const entityId = await this.entityOf(tutorId);
    if (!entityId) return false;
    const n = await this.prisma.appointment.count({ where: { id: appointmentId, beneficiary: { profile: { entityId } } } });
    return n === 1;
  }

  async create(input: NewAppointment, effects: Effects): Promise<AppointmentView> {
    let urgent = false;
    const view = await this.prisma.$transaction(async (tx) => {
      const v = toView(await tx.appointment.create({ data: { ...input, status: 'scheduled', response: 'none' }, include }));
      urgent = await applyEffects(tx, effects(v));
      return v;
    });
    if (urgent) this.onUrgent();
    return view;
  }

  async update(id: string, patch: AppointmentPatch, effects: Effects): Promise<AppointmentView | null> {
    let urgent = false;
    const view = await this.prisma.$transaction(async (tx) => {
      // The status condition in the write itself: a concurrent cancel cannot be overwritten by a late answer.
      const res = await tx.appointment.updateMany({ where: { id, status: 'scheduled' }, data: patch });
      if (res.count !== 1) return null;
      const v = toView(await tx.appointment.findUniqueOrThrow({ where: { id }, include }));
      urgent = await applyEffects(tx, effects(v));
      return v;
    });
    if (urgent) this.onUrgent();
    return view;
  }

  async cancelRemindersOf(personId: string): Promise<number> {
    const res = await this.prisma.outboxMessage.updateMany({ where: { personId, kind: REMINDER_KIND, status: 'pending' }, data: { status: 'cancelled' } });
    return res.count;
  }

  replanFor(personId: string, from: Date, effects: Effects): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.appointment.findMany({ where: { beneficiaryId: personId, status: 'scheduled', startsAt: { gt: from } }, include });
      for (const r of rows) await applyEffects(tx, effects(toView(r)));
      return rows.length;
    });
  }

  private async entityOf(tutorId: string): Promise<string | null> {
    const p = await this.prisma.person.findFirst({ where: { id: tutorId, erasedAt: null, roles: { some: { role: 'tutor' } } }, select: { entityId: true } });
    return p?.entityId ?? null;
  }
}
