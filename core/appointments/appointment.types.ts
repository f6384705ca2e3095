/**
 * The appointment domain: what an appointment is, what a tutor may type for one (zod), and how it
 * reads for the people involved. Stored in `Appointment` (prisma/schema.prisma).
 */
import { z } from 'zod';

export const APPOINTMENT_KINDS = ['intake', 'orientation', 'tutoring', 'cpi', 'company', 'questura', 'other'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

export const APPOINTMENT_STATUSES = ['scheduled', 'cancelled', 'done'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_RESPONSES = ['none', 'confirmed', 'declined'] as const;
export type AppointmentResponse = (typeof APPOINTMENT_RESPONSES)[number];

/** An appointment as the features read it, with the people around it. */
export interface AppointmentView {
  id: string;
  kind: AppointmentKind;
  startsAt: Date;
  durationMin: number;
  place: string | null;
  address: string | null;
  withWhom: string | null;
  bring: string | null;
  note: string | null;
  status: AppointmentStatus;
  response: AppointmentResponse;
  declineReason: string | null;
  respondedAt: Date | null;
  beneficiary: { id: string; code: string; fullName: string; timezone: string; remindersEnabled: boolean };
  /** Who hears about a decline: the beneficiary's tutor, else whoever scheduled it. */
  tutor: { id: string; fullName: string } | null;
  createdById: string | null;
}

/** A beneficiary a tutor may schedule for (same promoting entity). */
export interface BeneficiaryRef {
  id: string;
  code: string;
  fullName: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(max).nullable());

/** A new appointment, as collected by the tutor's flow. Validated before anything is written. */
export const newAppointmentSchema = z.object({
  beneficiaryId: z.string().min(1),
  kind: z.enum(APPOINTMENT_KINDS),
  startsAt: z.date(),
  durationMin: z.number().int().min(15).max(8 * 60).default(60),
  place: text(120),
  address: optionalText(200).default(null),
  withWhom: optionalText(120).default(null),
  bring: optionalText(300).default(null),
  note: optionalText(300).default(null),
  createdById: z.string().min(1),
});
export type NewAppointment = z.infer<typeof newAppointmentSchema>;

/** A reason typed after "I can't come": optional, short, plain text. */
export const declineReasonSchema = z.string().trim().min(1).max(300);

/** "Centro per l'Impiego, Via Bologna 153, Torino" → place and address (split at the first comma). */
export function splitPlace(typed: string): { place: string; address: string | null } {
  const clean = typed.replace(/\s+/g, ' ').trim();
  const comma = clean.indexOf(',');
  if (comma <= 0) return { place: clean, address: null };
  const address = clean.slice(comma + 1).trim();
  return { place: clean.slice(0, comma).trim(), address: address === '' ? null : address };
}
