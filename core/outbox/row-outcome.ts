/** What happens to a leased outbox row after a send failed: back to the queue with backoff, or failed for good. */
import type { Logger } from '../ports/logger';
import type { ClaimedRow, OutboxQueue } from './outbox-queue.ports';
import { decideRetry } from './retry-policy';

export type RowOutcome = 'sent' | 'deferred' | 'retried' | 'failed' | 'cancelled';

export interface FailureContext {
  queue: OutboxQueue;
  logger: Logger;
  now: () => Date;
  random: () => number;
  backoff: { baseMs: number; maxMs: number };
  maxAttempts: number;
}

/**
 * Counts the attempt and either reschedules the row (`retry_after` honoured, full jitter) or marks it
 * failed after too many attempts. `partsSent` (replies) is kept so the retry resumes after what went out.
 */
export async function settleFailure(
  ctx: FailureContext,
  row: ClaimedRow,
  owner: string,
  failure: { kind: 'retry' | 'rate_limited'; retryAfterSeconds?: number; error: string; partsSent?: number },
): Promise<RowOutcome> {
  const attempts = row.attempts + 1;
  const decision = decideRetry(attempts, failure.kind, { ...ctx.backoff, retryAfterSeconds: failure.retryAfterSeconds, random: ctx.random }, ctx.maxAttempts);
  if (decision.action === 'retry') {
    await ctx.queue.retry(row, owner, new Date(ctx.now().getTime() + decision.delayMs), attempts, failure.error.slice(0, 500), failure.partsSent);
    return 'retried';
  }
  ctx.logger.warn('outbox_gave_up', { key: row.key, attempts, reason: decision.reason });
  await ctx.queue.fail(row, owner, attempts, `${decision.reason}: ${failure.error}`.slice(0, 500));
  return 'failed';
}
