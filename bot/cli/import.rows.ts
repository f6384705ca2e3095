/**
 * What each import accepts: the header, a zod schema per row, the checks against the database and
 * earlier rows, and the writes. Validation never writes; writing happens in one transaction, and only
 * when no row was rejected. Rows are upserts by code: a corrected file can be imported again, and a
 * row that exists is updated, never duplicated. Every reason names the column it is about.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { LANGUAGES } from '../../core/languages';
import { PATH_PHASES, type ProgrammeRules } from '../../core/programme/programme';
import { findProvince, findRegion, REGIONS } from '../../core/programme/provinces';
import { isIsoDate, isoOf } from '../../core/time/calendar-date';
import { suggestion } from './suggest';

export const IMPORT_KINDS = ['entities', 'tutors', 'beneficiaries'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
const code = (prefix: string) => z.string().trim().toUpperCase().regex(new RegExp(`^${prefix}-[A-Z0-9-]{2,20}$`), `expected a code like ${prefix}-0001`);
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const language = z.string().trim().toLowerCase().refine((l) => LANGUAGES.some((x) => x.code === l), `language must be one of ${LANGUAGES.map((l) => l.code).join(', ')}`);
/** Stored by name, as everywhere else; the sigla is accepted too (TO → Torino). */
const province = z.string().trim().transform((s, ctx) => findProvince(s)?.name ?? (ctx.addIssue({ code: 'custom', message: `unknown province "${s}" (use the name or the sigla, e.g. Torino or TO)` }), z.NEVER));
/** One of Italy's regions, stored by its name ("emilia romagna" → Emilia-Romagna). */
const region = z.string().trim().transform((s, ctx) => findRegion(s) ?? (ctx.addIssue({ code: 'custom', message: `unknown region "${s}"${suggestion(s, REGIONS)}` }), z.NEVER));
/** 'YYYY-MM-DD', or 'dd/mm/yyyy' as Italian spreadsheets write it (also with - or .), stored as 'YYYY-MM-DD'. */
const date = z.string().trim().transform((s, ctx) => {
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const iso = dmy ? isoOf(Number(dmy[3]), Number(dmy[2]), Number(dmy[1])) : s;
  return isIsoDate(iso) ? iso : (ctx.addIssue({ code: 'custom', message: 'expected a date dd/mm/yyyy or YYYY-MM-DD' }), z.NEVER);
});

export const ROW_SCHEMAS = {
  entities: z
    .object({
      code: code('E'),
      name: text(200),
      type: z.enum(['training_body', 'employment_agency', 'social_cooperative', 'union', 'employer_association', 'bilateral_body', 'other']),
      province,
      region,
    })
    // A province of another region would put the entity in no coordinator's reports.
    .superRefine((r, ctx) => {
      const p = findProvince(r.province);
      if (p && p.region !== r.region) ctx.addIssue({ code: 'custom', path: ['province'], message: `${r.province} is in ${p.region}, not in ${r.region}` });
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
    path_start_date: date,
  }),
} as const;

export type RowOf<K extends ImportKind> = z.infer<(typeof ROW_SCHEMAS)[K]>;
export const HEADERS: Record<ImportKind, string[]> = {
  entities: ['code', 'name', 'type', 'province', 'region'],
  tutors: Object.keys(ROW_SCHEMAS.tutors.shape),
  beneficiaries: Object.keys(ROW_SCHEMAS.beneficiaries.shape),
};

/** A reason a row is refused, naming its column when it is about one. */
export const reason = (column: string | undefined, message: string) => (column ? `column ${column}: ${message}` : message);

export interface CheckedRow {
  row: Record<string, string>;
  /** Whether the code is new or already in the database (then the row updates it). */
  mode: 'create' | 'update';
}

const ROLE_OF: Record<ImportKind, string> = { entities: 'entity', tutors: 'tutor', beneficiaries: 'beneficiary' };

/** Checks against the database and the rows accepted so far; returns the reasons (empty: accepted) and the mode. */
export async function crossCheck(prisma: PrismaClient, kind: ImportKind, row: Record<string, string>, accepted: Map<string, CheckedRow>): Promise<{ reasons: string[]; mode: 'create' | 'update' }> {
  const reasons: string[] = [];
  if (accepted.has(row.code!)) return { reasons: [reason('code', `${row.code} appears twice in the file`)], mode: 'create' };
  if (kind === 'entities') {
    const exists = await prisma.entity.findUnique({ where: { code: row.code! }, select: { id: true } });
    return { reasons, mode: exists ? 'update' : 'create' };
  }
  const person = await prisma.person.findUnique({ where: { code: row.code! }, select: { id: true, erasedAt: true, roles: { select: { role: true } } } });
  // An erased person is never brought back by a file: that would undo their erasure.
  if (person?.erasedAt) reasons.push(reason('code', `${row.code} belongs to a person whose data was erased: not imported again`));
  else if (person && !person.roles.some((r) => r.role === ROLE_OF[kind])) reasons.push(reason('code', `${row.code} belongs to someone who is not a ${ROLE_OF[kind]}`));
  const entity = await prisma.entity.findUnique({ where: { code: row.entity_code! }, select: { id: true } });
  if (!entity) reasons.push(reason('entity_code', `entity ${row.entity_code} does not exist (import entities first)`));
  if (kind === 'beneficiaries' && entity) {
    const tutor = await prisma.person.findFirst({ where: { code: row.tutor_code!, erasedAt: null, roles: { some: { role: 'tutor' } } }, select: { entityId: true } });
    if (!tutor) reasons.push(reason('tutor_code', `tutor ${row.tutor_code} does not exist`));
    else if (tutor.entityId !== entity.id) reasons.push(reason('tutor_code', `tutor ${row.tutor_code} does not work for ${row.entity_code}`));
  }
  if (kind === 'beneficiaries' && person && !person.erasedAt) {
    // A later start would leave hours already recorded before the path.
    const first = await prisma.hourEntry.findFirst({ where: { voidedAt: null, path: { beneficiaryId: person.id } }, orderBy: { date: 'asc' }, select: { date: true } });
    if (first && first.date < row.path_start_date!) reasons.push(reason('path_start_date', `hours are recorded from ${first.date}, before this start`));
  }
  return { reasons, mode: person ? 'update' : 'create' };
}

/** Writes the accepted rows inside the caller's transaction: creates new codes, updates existing ones. */
export async function writeRows(tx: Prisma.TransactionClient, kind: ImportKind, rows: CheckedRow[], programme: { id: string; rules: ProgrammeRules }): Promise<void> {
  for (const { row: r } of rows) {
    if (kind === 'entities') {
      const data = { name: r.name!, type: r.type!, province: r.province!, region: r.region! };
      await tx.entity.upsert({ where: { code: r.code! }, create: { code: r.code!, ...data, programmeId: programme.id }, update: data });
      continue;
    }
    const entity = await tx.entity.findUniqueOrThrow({ where: { code: r.entity_code! } });
    if (kind === 'tutors') {
      const data = { fullName: r.full_name!, language: r.language!, phone: r.phone ?? null, email: r.email ?? null, entityId: entity.id };
      const p = await tx.person.upsert({ where: { code: r.code! }, create: { code: r.code!, ...data, roles: { create: [{ role: 'tutor' }] } }, update: data });
      await tx.personRole.upsert({ where: { personId_role: { personId: p.id, role: 'tutor' } }, create: { personId: p.id, role: 'tutor' }, update: {} });
      continue;
    }
    const tutor = await tx.person.findUniqueOrThrow({ where: { code: r.tutor_code! } });
    const person = await tx.person.upsert({ where: { code: r.code! }, create: { code: r.code!, fullName: r.full_name!, language: r.language!, roles: { create: [{ role: 'beneficiary' }] } }, update: { fullName: r.full_name!, language: r.language! } });
    const profile = { category: r.category!, province: r.province!, entityId: entity.id, tutorId: tutor.id };
    await tx.beneficiaryProfile.upsert({ where: { personId: person.id }, create: { personId: person.id, ...profile }, update: profile });
    const start = r.path_start_date!;
    const path = await tx.path.findFirst({ where: { beneficiaryId: person.id, programmeId: programme.id }, orderBy: { createdAt: 'desc' } });
    if (path) {
      // A corrected start date moves the path (and the reception phase that starts with it).
      if (path.startDate !== start) {
        await tx.path.update({ where: { id: path.id }, data: { startDate: start } });
        await tx.pathPhase.updateMany({ where: { pathId: path.id, phase: 'reception', status: 'in_progress' }, data: { startDate: start } });
      }
      continue;
    }
    await tx.path.create({
      data: {
        beneficiaryId: person.id,
        programmeId: programme.id,
        startDate: start,
        areas: { create: programme.rules.serviceAreas.filter((a) => a.area !== 'complementary').map((a) => ({ area: a.area, plannedHours: a.capHours })) },
        phases: { create: PATH_PHASES.map((phase) => ({ phase, status: phase === 'reception' ? 'in_progress' : 'not_started', startDate: phase === 'reception' ? start : null })) },
      },
    });
  }
}
