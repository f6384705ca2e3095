/**
 * The few places where raw SQL depends on the database: how instants and booleans travel as parameters
 * and come back in rows. Everything else in Ponte's raw SQL is portable (Prisma tagged templates for the
 * placeholders, `INSERT … ON CONFLICT`, `RETURNING`, no engine-specific functions), so the PostgreSQL
 * work adds a second dialect here and the statements stay as they are.
 *
 * SQLite (through Prisma's better-sqlite3 adapter) stores DateTime as ISO-8601 text with a `+00:00`
 * offset and compares it as text, so raw SQL must write exactly that form; integers come back as bigint
 * (the adapter turns on safe integers) and booleans as 0/1. PostgreSQL (adapter-pg) holds `timestamp(3)`
 * in UTC and gives Date, number and boolean back. An instant passed as a `Date` parameter is written by
 * each adapter in its own form (better-sqlite3's: exactly that ISO text), so `date` hands the Date on and
 * the same statements serve both providers; the readers accept either provider's values.
 */

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** An instant as a query parameter, in the form the column holds. */
  date(d: Date): string | Date;
  /** A DateTime column read by raw SQL (text, a Date, or null). */
  readDate(v: unknown): Date | null;
  /** An integer column read by raw SQL (number or bigint). */
  readInt(v: unknown): number;
  /** A Boolean column read by raw SQL (0/1, bigint or boolean). */
  readBool(v: unknown): boolean;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  date: (d) => d,
  readDate: (v) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v))),
  readInt: (v) => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0)),
  readBool: (v) => v === true || v === 1 || v === 1n || v === '1' || v === 'true',
};

/** Both providers read and write through the same forms (see above), so one dialect serves both. */
export const dialect: SqlDialect = sqliteDialect;

/** Shorthand for `dialect.date`, for parameters of raw statements. */
export const sqlDate = (d: Date): string | Date => dialect.date(d);
