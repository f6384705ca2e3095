/**
 * Units of work on Prisma: one interactive transaction per unit, and one client for every repository
 * that follows the unit without being told about it. Inside `run`, the scoped client resolves to the
 * unit's transaction (found through AsyncLocalStorage); anywhere else to the root client. So the
 * repositories keep their signatures and a turn's writes, wherever they happen, commit together.
 *
 * On SQLite a unit first runs as a direct transaction (sqlite-direct.ts), without Prisma's interactive
 * transaction machinery (a tenth of a menu turn's CPU): most turns are raw statements only. When code
 * in such a unit reaches for anything else of Prisma's client, the unit is rolled back and run again as
 * an interactive transaction, and that chat's next units start there, until one of them turns out raw
 * only again. Turns are made to be run again after a rollback (the engine does so after a failed flow):
 * their effects are their statements, and what they hand to `afterCommit`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { DirectStatement, sqlOf, type DirectSqlite, type OpenTransaction } from './sqlite-direct';

interface Scope {
  /** The unit's Prisma transaction; null in a direct unit (SQLite, raw statements only). */
  tx: Prisma.TransactionClient | null;
  /** False once the transaction's callback has returned: late work then goes to the root client. */
  open: boolean;
  afterCommit: Array<() => void>;
  /** SQLite: the connection's transaction this unit holds, for raw statements run directly (sqlite-direct.ts). */
  directTx?: OpenTransaction | null;
  /** Code used more of Prisma's client than raw statements (a direct unit must then run again in Prisma's transaction). */
  reachedPrisma?: boolean;
}

/** Thrown in a direct unit at the first use of Prisma's client beyond raw statements: the unit runs again in Prisma's transaction. */
class PrismaTransactionNeeded extends Error {
  override readonly name = 'PrismaTransactionNeeded';
}

/** Chats whose latest unit needed Prisma's transaction (bounded: the oldest are forgotten). */
const PRISMA_FIRST_MAX = 10_000;

const scopes = new AsyncLocalStorage<Scope>();

/** True while the calling code runs inside an open unit of work. */
export function insideUnitOfWork(): boolean {
  return scopes.getStore()?.open === true;
}

type Transactional = (arg: unknown, opts?: unknown) => Promise<unknown>;

/** `$transaction` inside a unit: a function runs in a savepoint of the unit; an array runs in order, in the unit. */
function joined(tx: Prisma.TransactionClient): Transactional {
  return async (arg) => {
    if (typeof arg === 'function') return (tx as unknown as { $transaction: Transactional }).$transaction(arg);
    const out: unknown[] = [];
    for (const p of arg as Array<Promise<unknown>>) out.push(await p);
    return out;
  };
}

export interface TransactionOptions {
  maxWait?: number;
  timeout?: number;
}

/**
 * An interactive transaction whose callback runs as a scope: code inside it that uses the scoped client
 * (not the callback's `tx`) still writes in the transaction, instead of waiting for it on the one SQLite
 * connection. `afterCommit` callbacks registered inside run once it has committed.
 */
async function inScope<T>(
  root: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  opts: TransactionOptions,
  onBegin?: (tx: Prisma.TransactionClient) => Promise<void>,
  direct?: DirectSqlite,
  scope: Scope = { tx: null, open: false, afterCommit: [] },
): Promise<T> {
  const result = await root.$transaction(async (tx) => {
    scope.tx = tx;
    scope.open = true;
    // The callback runs once Prisma has begun the transaction, which holds the connection: the one open now is this unit's.
    scope.directTx = direct?.openTransaction();
    try {
      await onBegin?.(tx);
      return await scopes.run(scope, () => work(tx));
    } finally {
      scope.open = false;
    }
  }, opts);
  runAfterCommit(scope);
  return result;
}

function runAfterCommit(scope: Scope): void {
  for (const fn of scope.afterCommit) {
    try {
      fn();
    } catch {
      // Committed is committed: a failing follow-up (a doorbell) must not turn it into an error.
    }
  }
}

/** `$queryRaw` / `$executeRaw` of a unit on SQLite, run on the connection now (Prisma's when that is not possible). */
function directRaw(direct: DirectSqlite, scope: Scope, prop: '$queryRaw' | '$executeRaw') {
  return (first: unknown, ...values: unknown[]): Promise<unknown> => {
    if (!scope.open || !direct.usable(scope.directTx)) {
      // A Prisma unit's transaction reports itself closed; a direct unit's has no Prisma side to ask.
      if (scope.tx) return (scope.tx[prop] as (...a: unknown[]) => Promise<unknown>)(first, ...values);
      return Promise.reject(new Error('the unit of work has ended (rolled back or timed out)'));
    }
    try {
      const sql = sqlOf(first, values);
      return Promise.resolve(prop === '$queryRaw' ? direct.query(sql) : direct.execute(sql));
    } catch (err) {
      return Promise.reject(err);
    }
  };
}

/**
 * The client to hand to repositories: the current unit's transaction inside a unit, the root client
 * elsewhere. Methods are bound to whichever client they came from. With `direct` (SQLite), a unit's raw
 * statements run on the connection directly (sqlite-direct.ts).
 */
export function scopedClient(root: PrismaClient, direct?: DirectSqlite): PrismaClient {
  return new Proxy(root, {
    get(target, prop) {
      const scope = scopes.getStore();
      if (direct && (prop === '$queryRaw' || prop === '$executeRaw')) {
        if (scope?.open) return directRaw(direct, scope, prop);
        if (direct.attached) {
          const kind = prop === '$queryRaw' ? 'query' : 'execute';
          return (first: unknown, ...values: unknown[]) => new DirectStatement(direct, kind, sqlOf(first, values), () => (target[prop] as (...a: unknown[]) => Promise<unknown>)(first, ...values));
        }
      }
      if (scope?.open && !scope.tx) return inDirectUnit(target, scope, prop);
      if (scope?.open && typeof prop === 'string' && !prop.startsWith('_') && prop !== 'then') scope.reachedPrisma = true;
      const owner: object = scope?.open && scope.tx && prop !== '$disconnect' && prop !== '$connect' && prop !== '$on' ? scope.tx : target;
      if (owner !== target && prop === '$transaction') return joined(scope!.tx!);
      if (prop === '$transaction') {
        return (arg: unknown, opts?: TransactionOptions) => {
          if (typeof arg === 'function') return inScope(target, arg as (tx: Prisma.TransactionClient) => Promise<unknown>, opts ?? {}, undefined, direct);
          const list = arg as unknown[];
          if (direct && list.length > 0 && list.every((p) => p instanceof DirectStatement)) {
            return direct.inTransaction(() => (list as DirectStatement[]).map((p) => p.runNow()));
          }
          const prismaList = list.map((p) => (p instanceof DirectStatement ? p.viaPrisma() : p)) as Prisma.PrismaPromise<unknown>[];
          return target.$transaction(prismaList, opts);
        };
      }
      let value: unknown = Reflect.get(owner, prop);
      if (value === undefined && owner !== target) value = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(owner) : value;
    },
  });
}

/**
 * What code in a direct unit gets for anything but raw statements: plain fields of the root client
 * (`_activeProvider`, read by sql-provider.ts; `then`, probed by `await`) as they are; for the rest
 * (a model, `$transaction`, `$queryRawUnsafe`…) the unit is marked and stopped, to run again in Prisma's
 * transaction.
 */
function inDirectUnit(root: PrismaClient, scope: Scope, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(root, prop);
  const plain = value === undefined || value === null || (typeof value !== 'object' && typeof value !== 'function');
  if (plain || typeof prop === 'symbol' || prop.startsWith('_')) return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(root) : value;
  scope.reachedPrisma = true;
  throw new PrismaTransactionNeeded(`a direct unit used Prisma's ${prop}`);
}

export interface PrismaUnitOfWorkOptions {
  /** How long a unit may wait for the database (SQLite: for the unit before it). Default 10 s. */
  maxWaitMs?: number;
  /** Longest a unit may run before it is rolled back. Default 15 s. */
  timeoutMs?: number;
  /**
   * Called first in every unit's transaction. Where several instances share a PostgreSQL database, this
   * takes `pg_advisory_xact_lock` on the key, so two instances never run units of one chat at once.
   */
  onBegin?: (tx: Prisma.TransactionClient, lockKey: string) => Promise<void>;
  /** SQLite: run units as direct transactions first, and raw statements on the connection directly (sqlite-direct.ts). */
  direct?: DirectSqlite;
}

/** The UnitOfWork port on Prisma interactive transactions (on SQLite, direct transactions first: see the file comment). */
export class PrismaUnitOfWork implements UnitOfWork {
  /** Lock keys (chats) whose latest unit needed Prisma's transaction: their next unit starts there. */
  private readonly prismaFirst = new Set<string>();

  constructor(
    private readonly root: PrismaClient,
    private readonly opts: PrismaUnitOfWorkOptions = {},
  ) {}

  async run<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    if (insideUnitOfWork()) return work();
    const { direct, onBegin } = this.opts;
    const maxWaitMs = this.opts.maxWaitMs ?? 10_000;
    const timeoutMs = this.opts.timeoutMs ?? 15_000;
    if (direct?.attached && !onBegin && !this.prismaFirst.has(lockKey)) {
      const scope: Scope = { tx: null, open: false, afterCommit: [] };
      try {
        const result = await direct.transaction(async (tx) => {
          scope.open = true;
          scope.directTx = tx;
          try {
            const out = await scopes.run(scope, work);
            // Code may have caught the stop and carried on: what it did without Prisma is rolled back all the same.
            if (scope.reachedPrisma) throw new PrismaTransactionNeeded('a direct unit used Prisma');
            return out;
          } finally {
            scope.open = false;
          }
        }, { maxWaitMs, timeoutMs });
        runAfterCommit(scope);
        return result;
      } catch (err) {
        if (!scope.reachedPrisma) throw err;
        if (this.prismaFirst.size >= PRISMA_FIRST_MAX) this.prismaFirst.delete(this.prismaFirst.values().next().value!);
        this.prismaFirst.add(lockKey);
      }
    }
    const scope: Scope = { tx: null, open: false, afterCommit: [] };
    const result = await inScope(this.root, () => work(), { maxWait: maxWaitMs, timeout: timeoutMs }, onBegin ? (tx) => onBegin(tx, lockKey) : undefined, direct, scope);
    if (!scope.reachedPrisma) this.prismaFirst.delete(lockKey);
    return result;
  }

  afterCommit(fn: () => void): void {
    const scope = scopes.getStore();
    if (scope?.open) scope.afterCommit.push(fn);
    else fn();
  }
}
