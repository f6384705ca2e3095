/**
 * The few spots where raw SQL must differ between SQLite and PostgreSQL, decided from the client that
 * runs it (a root client or a transaction's), so one repository serves both providers.
 */
import { Prisma } from '@prisma/client';
import type { Provider } from './datasource';

type Client = object;

/**
 * The provider of a Prisma client. Prisma keeps it as `_activeProvider` on clients and transaction
 * clients alike (not a public API: test/bot/storage/sql-provider.test.ts pins it on both providers).
 */
export function providerOf(client: Client): Provider {
  const active = (client as { _activeProvider?: unknown })._activeProvider;
  if (active === 'postgresql') return 'postgres';
  if (active === 'sqlite') return 'sqlite';
  throw new Error(`unknown database provider: ${String(active)}`);
}

/**
 * A text expression compared byte by byte, for ORDER BY keys whose order must be the same everywhere
 * (pages that never overlap, codes in code order): PostgreSQL's default collation follows a language
 * (ICU or libc), SQLite compares bytes already and knows no collation named "C".
 */
export function byteOrder(client: Client, expr: Prisma.Sql): Prisma.Sql {
  return providerOf(client) === 'postgres' ? Prisma.sql`${expr} COLLATE "C"` : expr;
}

/**
 * A parameter with its column's type, for spots where PostgreSQL cannot infer it (the select list of an
 * `INSERT … SELECT`, a CASE branch): it would take the parameter as text and refuse it for a timestamp
 * or integer column. SQLite needs no cast (and CAST(… AS TIMESTAMP) would turn its ISO text into a number).
 */
export function typed(client: Client, value: unknown, type: 'TIMESTAMP(3)' | 'INTEGER'): Prisma.Sql {
  return providerOf(client) === 'postgres' ? Prisma.sql`CAST(${value} AS ${Prisma.raw(type)})` : Prisma.sql`${value}`;
}
