/**
 * What each import accepts: the header, a zod schema per row, the checks against the database and
 * earlier rows, and the writes. Validation never writes; writing happens in one transaction.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { LANGUAGES } from '../../core/languages';
import { PATH_PHASES, type ProgrammeRules } from '../../core/programme/programme';
import { parseIsoDate } from '../../core/time/zoned-time';
import { findProvince } from '../../core/programme/provinces';

export const IMPORT_KINDS = ['entities', 'tutors', 'beneficiaries'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const code = (prefix: string) => z.string().trim().toUpperCase().regex(new RegExp(`^${prefix}-[A-Z0-9-]{2,20}$`), `expected a code like ${prefix}-0001`);
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const language = z.string().trim().toLowerCase().refine((l) => LANGUAGES.some((x) => x.code === l), `language must be one of ${LANGUAGES.map((l) => l.code).join(', ')}`);
/** Stored by name, as everywhere else; the sigla is accepted too (TO → Torino). */
const province = z.string().trim().transform((s, ctx) => findProvince(s)?.name ?? (ctx.addIssue({ code: 'custom', message: `unknown province "${s}" (use the name or the sigla, e.g. Torino or TO)` }), z.NEVER));
const isoDate = z.string().trim().refine((s) => {
  try {
    parseIsoDate(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a date YYYY-MM-DD');

export const ROW_SCHEMAS = {
  entities: z.object({
    code: code('E'),
    name: text(200),
    type: z.enum(['training_body', 'employment_agency', 'social_cooperative', 'union', 'employer_association', 'bilateral_body', 'other']),
    province,
    region: text(60),
  }),
  tutors: z.object({
    code: code('T'),
    full_name: text(120),
    entity_code: code('E'),
    language: language.default('it'),
    phone: optional(z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'not a phone number')),
    email: optional(z.email('not an e-mail address')),
  }),
  beneficiaries: z.object({
    code: code('B'),
    full_name: text(120),
    language,
    category: z.enum(['international_protection', 'humanitarian', 'special_case', 'special_protection', 'ex_unaccompanied_minor']),
    entity_code: code('E'),
    tutor_code: code('T'),
    province,
    path_start_date: isoDate,
  }),
} as const;

export type RowOf<K extends ImportKind> = z.infer<(typeof ROW_SCHEMAS)[K]>;
export const HEADERS: Record<ImportKind, string[]> = Object.fromEntries(IMPORT_KINDS.map((k) => [k, Object.keys(ROW_SCHEMAS[k].shape)])) as Record<ImportKind, string[]>;

/** Checks against the database and the rows accepted so far; returns a reason or null. */
export async function crossCheck(prisma: PrismaClient, kind: ImportKind, row: Record<string, string>, accepted: Map<string, Record<string, string>>): Promise<string | null> {
  if (accepted.has(row.code!)) return `code ${row.code} appears twice in the file`;
  const exists = kind === 'entities' ? await prisma.entity.findUnique({ where: { code: row.code! } }) : await prisma.person.findUnique({ where: { code: row.code! } });
  if (exists) return `code ${row.code} already exists`;
  if (kind === 'entities') return null;
  const entity = await prisma.entity.findUnique({ where: { code: row.entity_code! } });
  if (!entity) return `entity ${row.entity_code} does not exist (import entities first)`;
  if (kind === 'beneficiaries') {
    const tutor = await prisma.person.findFirst({ where: { code: row.tutor_code!, roles: { some: { role: 'tutor' } } }, select: { entityId: true } });
    if (!tutor) return `tutor ${row.tutor_code} does not exist`;
    if (tutor.entityId !== entity.id) return `tutor ${row.tutor_code} does not work for ${row.entity_code}`;
  }
  return null;
}

/** Writes the accepted rows inside the caller's transaction. */
export async function writeRows(tx: Prisma.TransactionClient, kind: ImportKind, rows: Record<string, string>[], programme: { id: string; rules: ProgrammeRules }): Promise<void> {
  for (const r of rows) {
    if (kind === 'entities') {
      await tx.entity.create({ data: { code: r.code!, name: r.name!, type: r.type!, province: r.province!, region: r.region!, programmeId: programme.id } });
      continue;
    }
    const entity = await tx.entity.findUniqueOrThrow({ where: { code: r.entity_code! } });
    if (kind === 'tutors') {
      await tx.person.create({ data: { code: r.code!, fullName: r.full_name!, language: r.language!, phone: r.phone, email: r.email, entityId: entity.id, roles: { create: [{ role: 'tutor' }] } } });
      continue;
    }
    const tutor = await tx.person.findUniqueOrThrow({ where: { code: r.tutor_code! } });
    const person = await tx.person.create({ data: { code: r.code!, fullName: r.full_name!, language: r.language!, roles: { create: [{ role: 'beneficiary' }] } } });
    await tx.beneficiaryProfile.create({ data: { personId: person.id, category: r.category!, province: r.province!, entityId: entity.id, tutorId: tutor.id } });
    await tx.path.create({
      data: {
        beneficiaryId: person.id,
        programmeId: programme.id,
        startDate: r.path_start_date!,
        areas: { create: programme.rules.serviceAreas.filter((a) => a.area !== 'complementary').map((a) => ({ area: a.area, plannedHours: a.capHours })) },
        phases: { create: PATH_PHASES.map((phase) => ({ phase, status: phase === 'reception' ? 'in_progress' : 'not_started', startDate: phase === 'reception' ? r.path_start_date! : null })) },
      },
    });
  }
}
