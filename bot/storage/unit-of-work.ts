/**
 * Units of work on Prisma: one interactive transaction per unit, and one client for every repository
 * that follows the unit without being told about it. Inside `run`, the scoped client resolves to the
 * unit's transaction (found through AsyncLocalStorage); anywhere else to the root client. So the
 * repositories keep their signatures and a turn's writes, wherever they happen, commit together.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Prisma, PrismaClient } from '@prisma/client';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { DirectStatement, sqlOf, type DirectSqlite, type OpenTransaction } from './sqlite-direct';

interface Scope {
  tx: Prisma.TransactionClient;
  /** False once the transaction's callback has returned: late work then goes to the root client. */
  open: boolean;
  afterCommit: Array<() => void>;
  /** SQLite: the connection's transaction this unit holds, for raw statements run directly (sqlite-direct.ts). */
  directTx?: OpenTransaction | null;
}

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
): Promise<T> {
  const scope: Scope = { tx: undefined as unknown as Prisma.TransactionClient, open: false, afterCommit: [] };
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
  for (const fn of scope.afterCommit) {
    try {
      fn();
    } catch {
      // Committed is committed: a failing follow-up (a doorbell) must not turn it into an error.
    }
  }
  return result;
}

/** `$queryRaw` / `$executeRaw` of a unit on SQLite, run on the connection now (Prisma's when that is not possible). */
function directRaw(direct: DirectSqlite, scope: Scope, prop: '$queryRaw' | '$executeRaw') {
  return (first: unknown, ...values: unknown[]): Promise<unknown> => {
    if (!scope.open || !direct.usable(scope.directTx)) return (scope.tx[prop] as (...a: unknown[]) => Promise<unknown>)(first, ...values);
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
      const owner: object = scope?.open && prop !== '$disconnect' && prop !== '$connect' && prop !== '$on' ? scope.tx : target;
      if (owner !== target && prop === '$transaction') return joined(scope!.tx);
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
  /** SQLite: run the units' raw statements on the connection directly (sqlite-direct.ts). */
  direct?: DirectSqlite;
}

/** The UnitOfWork port on Prisma interactive transactions. */
export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly root: PrismaClient,
    private readonly opts: PrismaUnitOfWorkOptions = {},
  ) {}

  async run<T>(lockKey: string, work: () => Promise<T>): Promise<T> {
    if (insideUnitOfWork()) return work();
    const onBegin = this.opts.onBegin;
    return inScope(
      this.root,
      () => work(),
      { maxWait: this.opts.maxWaitMs ?? 10_000, timeout: this.opts.timeoutMs ?? 15_000 },
      onBegin ? (tx) => onBegin(tx, lockKey) : undefined,
      this.opts.direct,
    );
  }

  afterCommit(fn: () => void): void {
    const scope = scopes.getStore();
    if (scope?.open) scope.afterCommit.push(fn);
    else fn();
  }
}
