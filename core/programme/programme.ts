/**
 * The programme's rules as data. PUOI (notice of 27/3/2019) is the default; Percorsi is kept
 * because the same entities still report on it. Validated with zod wherever it enters from
 * outside (seed files, the database's JSON column), see `programmeRulesSchema`.
 */
import { z } from 'zod';

export const SERVICE_AREAS = ['reception', 'specialist_orientation', 'tutoring', 'job_orientation', 'complementary'] as const;
export type ServiceArea = (typeof SERVICE_AREAS)[number];

export const serviceAreaRuleSchema = z.object({
  area: z.enum(SERVICE_AREAS),
  /** Most hours a beneficiary may receive in this area over the whole path. */
  capHours: z.number().positive(),
  /** Hours of the cap that may only be delivered after the internship has ended (PUOI: 8 of the 32 of job orientation). */
  reservedAfterInternshipHours: z.number().min(0).default(0),
  /**
   * When this area's hours may be dated: 'internship' = while an internship runs (from its start to its
   * end), 'phase' = within the dates of the area's path phase, 'path' = anywhere in the path. Absent:
   * the area's default (DEFAULT_HOURS_WINDOW), so rules stored before this field get it too.
   */
  window: z.enum(['internship', 'phase', 'path']).optional(),
});
export type HoursWindow = 'internship' | 'phase' | 'path';

export const programmeRulesSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  serviceAreas: z.array(serviceAreaRuleSchema).min(1),
  internshipMonths: z.number().int().positive(),
  /** Hours are reported in steps of this size. */
  hourStep: z.number().positive(),
  maxHoursPerDay: z.number().positive(),
  /** Minutes before an appointment at which reminders go out. */
  appointmentReminderOffsetsMinutes: z.array(z.number().int().positive()).min(1),
  /** Months after the internship's end at which the tutor is asked about the outcome. */
  followUpMonths: z.array(z.number().int().positive()),
});
export type ProgrammeRules = z.infer<typeof programmeRulesSchema>;

/** Phases of the PUOI path, in order. A phase maps to the service area whose hours it delivers. */
export const PATH_PHASES = ['reception', 'specialist_orientation', 'internship', 'job_orientation'] as const;
export type PathPhase = (typeof PATH_PHASES)[number];

/** The path phase whose hours a service area delivers (educational tutoring runs with the internship). */
export const AREA_PHASE: Record<ServiceArea, PathPhase | null> = {
  reception: 'reception',
  specialist_orientation: 'specialist_orientation',
  tutoring: 'internship',
  job_orientation: 'job_orientation',
  complementary: null,
};

/** PUOI: educational tutoring only during the internship; orientation within its phase; the complementary action anytime. */
export const DEFAULT_HOURS_WINDOW: Record<ServiceArea, HoursWindow> = {
  reception: 'phase',
  specialist_orientation: 'phase',
  tutoring: 'internship',
  job_orientation: 'phase',
  complementary: 'path',
};

/** When hours of `area` may be dated under these rules (see `serviceAreaRuleSchema.window`). */
export function hoursWindow(rules: ProgrammeRules, area: ServiceArea): HoursWindow {
  return areaRule(rules, area)?.window ?? DEFAULT_HOURS_WINDOW[area];
}

export const PUOI: ProgrammeRules = programmeRulesSchema.parse({
  code: 'PUOI',
  name: 'PUOI – Protezione Unita a Obiettivo Integrazione',
  serviceAreas: [
    { area: 'reception', capHours: 4 },
    { area: 'specialist_orientation', capHours: 16 },
    { area: 'tutoring', capHours: 16 },
    { area: 'job_orientation', capHours: 32, reservedAfterInternshipHours: 8 },
    { area: 'complementary', capHours: 24 },
  ],
  internshipMonths: 6,
  hourStep: 0.5,
  maxHoursPerDay: 8,
  appointmentReminderOffsetsMinutes: [24 * 60, 2 * 60],
  followUpMonths: [3, 6, 12],
});

export function areaRule(rules: ProgrammeRules, area: ServiceArea) {
  return rules.serviceAreas.find((r) => r.area === area);
}
