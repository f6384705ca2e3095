/**
 * Raw statements of a unit of work run straight on the SQLite connection, not through Prisma's client.
 *
 * Why: a conversation turn is four raw statements inside its transaction, and Prisma's client spends
 * ~50 µs building, planning and converting each one around the ~5 µs better-sqlite3 needs (the channel
 * benchmark's profile put a quarter of a turn's CPU in Prisma's runtime). Inside an open unit the
 * connection is the unit's alone: its transaction holds the connection lock (sqlite-connection.ts), so
 * a statement run now, synchronously, is part of that transaction exactly as Prisma would have sent it.
 *
 * What stays the same: the SQL text (the repositories' `$queryRaw` / `$executeRaw` tagged templates),
 * the parameters (written as the adapter writes them: a Date as ISO text with `+00:00`, a boolean as
 * 1/0), the rows (converted as Prisma converts a raw result on SQLite: a DATETIME column to a Date, a
 * BOOLEAN to a boolean, INTEGER to a number, an untyped integer expression to a bigint), the statement
 * counts of `SqlStats`. Outside a unit, or once the unit's transaction has ended (a timeout rolled it
 * back), statements go to Prisma as before, which reports the closed transaction.
 */
import { Prisma } from '@prisma/client';
import type { Statement } from 'better-sqlite3';
import type { SqlStats } from './sqlite-connection';

type Column = ReturnType<Statement['columns']>[number];
type Convert = (v: unknown) => unknown;

const asDate: Convert = (v) => (v === null ? null : typeof v === 'string' ? new Date(v) : new Date(Number(v)));
const asBool: Convert = (v) => (v === null ? null : Number(v) !== 0);
const asNumber: Convert = (v) => (typeof v === 'bigint' ? Number(v) : v);
/** A column without a declared type (an expression): Prisma infers it from the value; integers stay bigint. */
const asIs: Convert = (v) => v;

function converterOf(column: Column): Convert {
  switch (column.type?.toUpperCase()) {
    case 'DATETIME':
    case 'TIMESTAMP':
      return asDate;
    case 'BOOLEAN':
      return asBool;
    case 'INT':
    case 'INTEGER':
    case 'TINYINT':
    case 'SMALLINT':
    case 'MEDIUMINT':
    case 'INT2':
    case 'REAL':
    case 'DOUBLE':
    case 'FLOAT':
      return asNumber;
    default:
      return asIs;
  }
}

interface Shape {
  names: string[];
  converters: Convert[];
}

/** A statement's result shape, computed once: it changes only with the schema (migrated before opening). */
const shapes = new WeakMap<Statement, Shape>();
function shapeOf(stmt: Statement): Shape {
  let shape = shapes.get(stmt);
  if (!shape) {
    const columns = stmt.columns();
    shape = { names: columns.map((c) => c.name), converters: columns.map(converterOf) };
    shapes.set(stmt, shape);
  }
  return shape;
}

const BEGIN = Prisma.sql`BEGIN`;
const COMMIT = Prisma.sql`COMMIT`;
const ROLLBACK = Prisma.sql`ROLLBACK`;

/** A parameter as the adapter writes it (adapter-better-sqlite3's `mapArg`, ISO timestamps). */
function param(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace('Z', '+00:00');
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

/** A unit of work waited or ran too long (Prisma's interactive transactions fail the same way). */
export class UnitTimeoutError extends Error {
  override readonly name = 'UnitTimeoutError';
}

export interface DirectTransactionOptions {
  /** Longest wait for the connection (the unit before this one). */
  maxWaitMs: number;
  /** Longest run before the transaction is rolled back and the connection freed. */
  timeoutMs: number;
}

/** An open transaction on the connection, as handed out by the guarded adapter. */
export interface OpenTransaction {
  open: boolean;
}

/** Runs work while holding the connection lock of the guarded adapter (sqlite-connection.ts). */
export type Exclusive = <T>(run: () => Promise<T>) => Promise<T>;

export class DirectSqlite {
  private prepare: ((sql: string) => Statement) | null = null;
  private exclusive: Exclusive | null = null;
  private current: OpenTransaction | null = null;

  constructor(private readonly stats: SqlStats) {}

  /** Called by the guarded adapter once connected, with its statement cache's `prepare` and its connection lock. */
  attach(prepare: (sql: string) => Statement, exclusive: Exclusive): void {
    this.prepare = prepare;
    this.exclusive = exclusive;
  }

  /** Whether the connection is known yet (Prisma connects on its first query). */
  get attached(): boolean {
    return this.prepare !== null;
  }

  /**
   * Statements outside any unit, each on its own or several in one transaction: run once the
   * connection is free (the lock every other statement and transaction takes), then at once.
   */
  autocommit<T>(work: () => T): Promise<T> {
    return this.exclusive!(async () => work());
  }

  /**
   * A transaction run directly (a unit of work whose statements are all raw: unit-of-work.ts): BEGIN
   * once the connection is free, the work, COMMIT, or ROLLBACK when it fails. Waiting longer than
   * `maxWaitMs` or running longer than `timeoutMs` fails it, as Prisma fails its interactive
   * transactions; a timed-out transaction is rolled back at once and the connection freed, and the
   * work's later statements are refused (`usable` is false for its token).
   */
  transaction<T>(work: (tx: OpenTransaction) => Promise<T>, opts: DirectTransactionOptions): Promise<T> {
    let started = false;
    let abandoned = false;
    let waitTimer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      waitTimer = setTimeout(() => {
        if (started) return;
        abandoned = true;
        reject(new UnitTimeoutError(`waited more than ${opts.maxWaitMs} ms for the database`));
      }, opts.maxWaitMs);
    });
    const ran = this.exclusive!(async () => {
      // The caller stopped waiting: hand the connection on at once.
      if (abandoned) return undefined as T;
      started = true;
      clearTimeout(waitTimer);
      this.begin();
      const tx = this.began();
      let runTimer: NodeJS.Timeout | undefined;
      try {
        const tooLong = new Promise<never>((_, reject) => {
          runTimer = setTimeout(() => reject(new UnitTimeoutError(`ran longer than ${opts.timeoutMs} ms`)), opts.timeoutMs);
        });
        const out = await Promise.race([work(tx), tooLong]);
        this.commit();
        return out;
      } catch (err) {
        this.rollback();
        throw err;
      } finally {
        clearTimeout(runTimer);
        this.ended(tx);
      }
    });
    return Promise.race([ran, gaveUp]);
  }

  /** Several statements in one short transaction of their own, under the connection lock. */
  inTransaction<T>(work: () => T): Promise<T> {
    return this.autocommit(() => {
      this.begin();
      try {
        const out = work();
        this.commit();
        return out;
      } catch (err) {
        this.rollback();
        throw err;
      }
    });
  }

  private begin(): void {
    this.statement(BEGIN).run();
    this.stats.transactions += 1;
  }

  private commit(): void {
    this.statement(COMMIT).run();
  }

  private rollback(): void {
    try {
      this.statement(ROLLBACK).run();
    } catch {
      // No transaction left to roll back: SQLite ended it itself (a failed COMMIT).
    }
  }

  /** The guarded adapter's transaction bookkeeping: the one transaction open on the connection, if any. */
  began(): OpenTransaction {
    this.current = { open: true };
    return this.current;
  }

  ended(tx: OpenTransaction): void {
    tx.open = false;
    if (this.current === tx) this.current = null;
  }

  /** The transaction open now (the caller's, when called at the start of a unit's callback). */
  openTransaction(): OpenTransaction | null {
    return this.current;
  }

  /** Whether statements of the unit that began `tx` may run here now. */
  usable(tx: OpenTransaction | null | undefined): boolean {
    return this.prepare !== null && !!tx && tx.open && this.current === tx;
  }

  /** `$queryRaw` inside the unit: the rows, converted as Prisma converts them. */
  query(sql: Prisma.Sql): unknown[] {
    const stmt = this.statement(sql);
    const args = sql.values.map(param);
    if (!stmt.reader) {
      stmt.run(...args);
      return [];
    }
    const { names, converters } = shapeOf(stmt);
    const rows = stmt.raw(true).all(...args) as unknown[][];
    return rows.map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = converters[i]!(values[i] ?? null);
      return row;
    });
  }

  /** `$executeRaw` inside the unit: the number of rows changed. */
  execute(sql: Prisma.Sql): number {
    const stmt = this.statement(sql);
    return stmt.run(...sql.values.map(param)).changes;
  }

  private statement(sql: Prisma.Sql): Statement {
    this.stats.statements += 1;
    this.stats.direct += 1;
    this.stats.onStatement?.(sql.sql);
    return this.prepare!(sql.sql);
  }
}

/** The `Prisma.Sql` of a `$queryRaw` call, whether tagged (`$queryRaw\`…\``) or given a `Prisma.sql` value. */
export function sqlOf(first: unknown, values: unknown[]): Prisma.Sql {
  // Prisma exports no Sql class at run time; a template's strings come as an array, a Prisma.sql value as an object.
  if (!Array.isArray(first)) return first as Prisma.Sql;
  return Prisma.sql(first as unknown as TemplateStringsArray, ...values);
}

/**
 * `$queryRaw` / `$executeRaw` outside any unit, on SQLite: lazy like Prisma's own promise (it runs when
 * awaited, under the connection lock), and usable in the scoped client's `$transaction([...])`, which
 * runs a list of these in one short transaction of their own (sqlite-direct: `inTransaction`).
 */
export class DirectStatement<T = unknown> implements PromiseLike<T> {
  private running?: Promise<T>;

  constructor(
    private readonly direct: DirectSqlite,
    private readonly kind: 'query' | 'execute',
    private readonly sql: Prisma.Sql,
    /** The same statement as Prisma's promise, for a `$transaction` list that mixes in Prisma's. */
    readonly viaPrisma: () => Promise<T>,
  ) {}

  /** Runs it now, on a connection the caller holds. */
  runNow(): T {
    return (this.kind === 'query' ? this.direct.query(this.sql) : this.direct.execute(this.sql)) as T;
  }

  private run(): Promise<T> {
    return (this.running ??= this.direct.autocommit(() => this.runNow()));
  }

  then<A = T, B = never>(onFulfilled?: ((v: T) => A | PromiseLike<A>) | null, onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.run().then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.run().catch(onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.run().finally(onFinally);
  }
}
