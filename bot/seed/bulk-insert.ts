/**
 * Multi-row INSERTs through Prisma's tagged templates, for seeding tens of thousands of rows: about
 * 30 times faster than `createMany` here (whose query compiler works per row), and portable (bound
 * parameters, no SQLite-only syntax). Every column must be given: SQL defaults are not Prisma's
 * (`@default(cuid())`, `@updatedAt` and DateTime formats live in the client, not in the table).
 */
import { Prisma, type PrismaClient } from '@prisma/client';

type Db = Prisma.TransactionClient | PrismaClient;
export type Cell = string | number | boolean | Date | null | undefined;
export type Row = Record<string, Cell>;

/** The bound-parameter limit Prisma enforces on SQLite (P2029); PostgreSQL's is higher. */
export const MAX_BOUND_PARAMETERS = 999;

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Inserts `rows` (all with the same keys, the first row's) into `table`, as few statements as the
 * parameter limit allows. Table and column names come from code, never from input; they are checked.
 */
export async function insertRows(db: Db, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  const target = Prisma.raw(`"${table}" (${columns.map((c) => `"${c}"`).join(', ')})`);
  const perStatement = Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows.slice(i, i + perStatement).map((r) => Prisma.sql`(${Prisma.join(columns.map((c) => r[c] ?? null))})`);
    await db.$executeRaw`INSERT INTO ${target} VALUES ${Prisma.join(values)}`;
  }
}

/** Splits items into chunks of `size` (the last may be shorter). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
