/**
 * One beneficiary's history as plain rows: the path, its phases and planned hours, hours per area
 * within the caps, the internship with its clearance, the outcome follow-ups and an upcoming
 * appointment. Shared by the small Piemonte demo and the national seed, which only differ in who the
 * people are and how the rows are written.
 */
import { PUOI, PATH_PHASES, type ServiceArea } from '../../core/programme/programme';
import { addMonthsIso } from '../../core/time/calendar-date';
import { addLocalDays } from '../../core/time/zoned-time';
import { DEFAULT_QUIET_HOURS } from '../../core/time/quiet-hours';
import { planReminders } from '../../core/appointments/reminder-plan';
import type { AppointmentView } from '../../core/appointments/appointment.types';
import type { OutboxItem } from '../../core/ports/outbox';
import type { Row } from './bulk-insert';

/** Stored internship statuses, plus 'none': a young path that has not asked for a clearance yet. */
export type StoryStatus = 'none' | 'clearance_requested' | 'clearance_granted' | 'clearance_refused' | 'not_activated' | 'activated' | 'in_progress' | 'concluded' | 'ceased' | 'cancelled';

export interface PathStory {
  /** The rows' ids derive from it (its letters and digits), so the same story always gives the same rows. */
  key: string;
  personId: string;
  tutorId: string;
  programmeId: string;
  /** The internship's province (the entity's). */
  province: string;
  status: StoryStatus;
  /** Days since the path started. */
  pathAgeDays: number;
  host?: { company: string; ateco: string };
  ceaseReason?: string;
  /** The tutor's answer at 3, 6, 12 months, or null (not answered yet). */
  followUp(months: number): { employed: boolean; contractType: string } | null;
  /** Close the path this many days after the internship ended (the orientation after it is done); default: never. */
  closeAfterDays?: number;
  /** An upcoming appointment, for paths still under way. */
  appointment?: { inDays: number; hourUtc: number; minute: number; place: string; address: string; declinedAt?: Date };
}

export interface PathRows {
  path: Row;
  phases: Row[];
  areas: Row[];
  hours: Row[];
  internship: Row | null;
  followUps: Row[];
  appointment: Row | null;
}

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const STARTED = ['activated', 'in_progress', 'concluded', 'ceased'];

export function pathHistory(s: PathStory, now: Date): PathRows {
  const today = isoDay(now);
  const start = -s.pathAgeDays;
  const at = (dayInPath: number) => isoDay(new Date(now.getTime() + Math.min(start + dayInPath, 0) * DAY));
  const hasInternship = STARTED.includes(s.status);
  const internshipStartDay = s.status === 'activated' ? Math.max(s.pathAgeDays - 10, 40) : 45;
  const internshipStart = hasInternship ? at(internshipStartDay) : undefined;
  const plannedEnd = internshipStart ? addMonthsIso(internshipStart, PUOI.internshipMonths)! : undefined;
  const endDate = s.status === 'concluded' ? plannedEnd : s.status === 'ceased' ? at(internshipStartDay + 100) : undefined;
  const internshipOver = s.status === 'concluded' || s.status === 'ceased';
  // Ids like Prisma's cuids (lower-case letters and digits): some button data carries them.
  const base = s.key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const pathId = `${base}p`;

  const closedOn = endDate && s.closeAfterDays !== undefined ? addLocalDays(endDate, s.closeAfterDays) : undefined;
  const closed = closedOn !== undefined && closedOn <= today;
  const path: Row = { id: pathId, beneficiaryId: s.personId, programmeId: s.programmeId, startDate: at(0), endDate: closed ? closedOn : null, status: closed ? 'closed' : 'active', createdAt: now };
  const areas: Row[] = PUOI.serviceAreas.filter((a) => a.area !== 'complementary').map((a) => ({ pathId, area: a.area, plannedHours: a.capHours }));

  const phaseStatus = (phase: (typeof PATH_PHASES)[number]): [string, string | undefined, string | undefined] => {
    switch (phase) {
      case 'reception':
        return s.pathAgeDays > 7 ? ['done', at(0), at(7)] : ['in_progress', at(0), undefined];
      case 'specialist_orientation':
        if (s.pathAgeDays <= 7) return ['not_started', undefined, undefined];
        return s.pathAgeDays > 30 ? ['done', at(8), at(30)] : ['in_progress', at(8), undefined];
      case 'internship':
        return internshipOver ? ['done', internshipStart, endDate] : hasInternship ? ['in_progress', internshipStart, undefined] : ['not_started', undefined, undefined];
      case 'job_orientation':
        if (closed) return ['done', endDate, closedOn];
        return internshipOver ? ['in_progress', endDate, undefined] : hasInternship ? ['in_progress', internshipStart, undefined] : ['not_started', undefined, undefined];
    }
  };
  const phases: Row[] = PATH_PHASES.map((phase, i) => {
    const [status, startDate, end] = phaseStatus(phase);
    return { id: `${pathId}s${i}`, pathId, phase, status, startDate, endDate: end };
  });

  const entries: Array<{ area: ServiceArea; day: number; hours: number }> = [];
  entries.push({ area: 'reception', day: 1, hours: 2 }, { area: 'reception', day: 3, hours: 2 });
  for (let d = 8, total = 0; d <= Math.min(30, s.pathAgeDays) && total < 14; d += 5, total += 2) entries.push({ area: 'specialist_orientation', day: d, hours: 2 });
  if (hasInternship) {
    const lastDay = internshipOver ? internshipStartDay + (s.status === 'ceased' ? 100 : 180) : s.pathAgeDays;
    for (let d = internshipStartDay + 7, total = 0; d <= lastDay && total + 1.5 <= 16; d += 14, total += 1.5) entries.push({ area: 'tutoring', day: d, hours: 1.5 });
    for (let d = internshipStartDay + 10, total = 0; d <= lastDay && total < 20; d += 21, total += 2) entries.push({ area: 'job_orientation', day: d, hours: 2 });
    if (internshipOver) for (let d = lastDay + 7, total = 0; d <= s.pathAgeDays && total < 8; d += 20, total += 2) entries.push({ area: 'job_orientation', day: d, hours: 2 });
  }
  const hours: Row[] = entries
    .filter((e) => e.day <= s.pathAgeDays)
    .map((e, i) => ({ id: `${pathId}h${i}`, pathId, area: e.area, date: at(e.day), hours: e.hours, note: null, reportedById: s.tutorId, createdAt: now, updatedAt: now, voidedAt: null }));

  const internship = s.status === 'none' ? null : internshipRow(s, { pathId, at, now, hasInternship, internshipStart, plannedEnd, endDate });
  const followUps: Row[] = [];
  if (internship && s.status === 'concluded' && endDate) {
    for (const months of PUOI.followUpMonths) {
      const due = addMonthsIso(endDate, months)!;
      if (due > today) continue;
      const answer = s.followUp(months);
      followUps.push({
        id: `${pathId}f${months}`,
        internshipId: internship.id,
        monthsAfter: months,
        dueDate: due,
        status: answer ? 'answered' : 'pending',
        employed: answer ? answer.employed : null,
        contractType: answer ? answer.contractType : null,
        answeredAt: answer ? now : null,
        answeredById: answer ? s.tutorId : null,
      });
    }
  }

  let appointment: Row | null = null;
  if (s.appointment && !internshipOver && !['cancelled', 'clearance_refused'].includes(s.status)) {
    const a = s.appointment;
    const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + a.inDays, a.hourUtc, a.minute));
    appointment = {
      id: `${base}a`,
      beneficiaryId: s.personId,
      createdById: s.tutorId,
      kind: hasInternship ? 'tutoring' : 'orientation',
      startsAt,
      durationMin: 60,
      place: a.place,
      address: a.address,
      withWhom: 'tutor',
      bring: 'permesso di soggiorno, codice fiscale',
      note: null,
      status: 'scheduled',
      response: a.declinedAt ? 'declined' : 'none',
      declineReason: null,
      respondedAt: a.declinedAt ?? null,
      createdAt: now,
      updatedAt: now,
    };
  }
  return { path, phases, areas, hours, internship, followUps, appointment };
}

interface InternshipDates {
  pathId: string;
  at: (day: number) => string;
  now: Date;
  hasInternship: boolean;
  internshipStart?: string;
  plannedEnd?: string;
  endDate?: string;
}

function internshipRow(s: PathStory, d: InternshipDates): Row {
  const clearance =
    s.status === 'clearance_requested'
      ? { clearanceStatus: 'requested', clearanceRequestedOn: d.at(3), clearanceDecidedOn: null }
      : s.status === 'clearance_refused'
        ? { clearanceStatus: 'refused', clearanceRequestedOn: d.at(30), clearanceDecidedOn: d.at(44) }
        : { clearanceStatus: 'granted', clearanceRequestedOn: d.at(30), clearanceDecidedOn: d.at(40) };
  return {
    id: `${d.pathId}i`,
    pathId: d.pathId,
    status: s.status,
    ...clearance,
    hostCompany: d.hasInternship ? (s.host?.company ?? null) : null,
    atecoSection: d.hasInternship ? (s.host?.ateco ?? null) : null,
    province: d.hasInternship ? s.province : null,
    startDate: d.internshipStart ?? null,
    plannedEndDate: d.plannedEnd ?? null,
    endDate: d.endDate ?? null,
    ceaseReason: s.status === 'ceased' ? (s.ceaseReason ?? 'other') : null,
    ceaseNote: null,
    updatedAt: d.now,
  };
}

/** The same 24 h / 2 h reminders a tutor's scheduling plans, so a demo shows them when the bot runs. */
export function appointmentReminders(appointment: Row, beneficiary: { id: string; code: string; fullName: string }, now: Date): OutboxItem[] {
  const view = {
    ...appointment,
    kind: appointment.kind as AppointmentView['kind'],
    status: 'scheduled',
    response: appointment.response as AppointmentView['response'],
    beneficiary: { ...beneficiary, timezone: 'Europe/Rome', remindersEnabled: true },
    tutor: null,
  } as unknown as AppointmentView;
  return planReminders(view, { offsetsMinutes: PUOI.appointmentReminderOffsetsMinutes, quietHours: DEFAULT_QUIET_HOURS }, now);
}
