/**
 * A coordinator's scope as SQL fragments for Prisma's tagged templates (bound parameters, portable
 * to PostgreSQL), so reports and digests aggregate in the database instead of collecting ids: a
 * national scope is 4,500 beneficiaries, past SQLite's 999 bound parameters (Prisma P2029).
 * Beneficiaries are in scope through their profile: the entity's region, the profile's province.
 */
import { Prisma } from '@prisma/client';
import type { CoordinatorScope } from '../../core/coordinator/coordinator-scope';

/** Joins a path (alias `p`) to its beneficiary's profile `bp`, person `pe` and entity `e`. */
export const PATH_PROFILE = Prisma.sql`JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" JOIN "Person" pe ON pe."id" = bp."personId" JOIN "Entity" e ON e."id" = bp."entityId"`;

/** Joins a person (alias `pe`) to their profile `bp` and entity `e`. */
export const PERSON_PROFILE = Prisma.sql`JOIN "BeneficiaryProfile" bp ON bp."personId" = pe."id" JOIN "Entity" e ON e."id" = bp."entityId"`;

/**
 * The WHERE condition of a scope over `bp`, `pe` and `e`. `anonymous`: erased people count too
 * (their hours and statuses stay in the programme's figures, without a name); lists of people never
 * pass it.
 */
export function inScopeSql(scope: CoordinatorScope, opts: { anonymous?: boolean } = {}): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (!opts.anonymous) parts.push(Prisma.sql`pe."erasedAt" IS NULL`);
  if (scope.region !== null) parts.push(Prisma.sql`e."region" = ${scope.region}`);
  if (scope.provinces) parts.push(Prisma.sql`bp."province" IN (${Prisma.join(scope.provinces)})`);
  return parts.length ? Prisma.join(parts, ' AND ') : Prisma.sql`1 = 1`;
}

/**
 * Accented Latin letters (Latin-1 and Latin Extended-A: Italian, French, Turkish, Somali, Albanian… names)
 * and what they fold to. SQLite's LOWER() knows only ASCII and PostgreSQL's follows its collation, so the
 * folding is spelled out in SQL, the same on both: "elodie", "Élodie" and "ELODIE" all find Élodie.
 */
const FOLDS: ReadonlyArray<readonly [string, string]> = Array.from({ length: 0x180 - 0xc0 }, (_, i) => String.fromCharCode(0xc0 + i))
  .map((c) => [c, c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()] as const)
  .filter(([c, base]) => /^[a-z]$/.test(base) && c !== base);

/** A column folded for search: lower-cased (ASCII by LOWER, accented letters by the table), accents dropped. */
function foldedSql(column: Prisma.Sql): Prisma.Sql {
  // Literals, not parameters: a fixed table from code, and ~190 of them would eat SQLite's 999 parameters.
  const sql = FOLDS.reduce((inner, [c, base]) => `REPLACE(${inner}, '${c}', '${base}')`, '\u0000');
  const [head, tail] = sql.split('\u0000') as [string, string];
  return Prisma.sql`${Prisma.raw(head)}LOWER(${column})${Prisma.raw(tail)}`;
}

/** The search text folded as foldedSql folds a column. */
export function foldSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** A case- and accent-insensitive "contains" on name or code, the same on SQLite and PostgreSQL. */
export function nameOrCodeLike(alias: string, search: string | undefined): Prisma.Sql {
  const q = search?.trim() ? foldSearch(search.trim()) : '';
  if (!q) return Prisma.sql`1 = 1`;
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const a = Prisma.raw(alias);
  return Prisma.sql`(${foldedSql(Prisma.sql`${a}."fullName"`)} LIKE ${pattern} ESCAPE '\\' OR LOWER(${a}."code") LIKE ${pattern} ESCAPE '\\')`;
}

/** COUNT(*) and SUM() come back as bigint (SQLite) or strings (PostgreSQL numeric). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** A DateTime column read by raw SQL: text on SQLite, Date on PostgreSQL. */
export const instant = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
/** A Boolean column read by raw SQL: 0/1 on SQLite, boolean on PostgreSQL. */
export const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || Number(v) === 1);

/**
 * The condition "hours are expected for this path and none were reported from `fromDate` on": an
 * active path with a phase under way whose internship (alias `i`, LEFT JOINed) was not cancelled or
 * refused. Shared by the coordinator digest and the tutors' weekly reminder.
 */
export function unreportedSinceSql(fromDate: string): Prisma.Sql {
  return Prisma.sql`p."status" = 'active'
    AND EXISTS (SELECT 1 FROM "PathPhase" ph WHERE ph."pathId" = p."id" AND ph."status" = 'in_progress')
    AND COALESCE(i."status", '') NOT IN ('cancelled', 'clearance_refused')
    AND NOT EXISTS (SELECT 1 FROM "HourEntry" he WHERE he."pathId" = p."id" AND he."voidedAt" IS NULL AND he."date" >= ${fromDate})`;
}
