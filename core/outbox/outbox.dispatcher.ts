/**
 * The outbox dispatcher: claims due rows with a lease, renders each one at send time in the recipient's
 * current language, respects quiet hours and rate limits, sends, and records the outcome. It holds no
 * timers: something outside (bot/outbox/dispatcher.service) wakes it; the database says what is due.
 *
 * Delivery guarantee: a delivery record (unique per outbox key and account) is written in the same
 * transaction that marks the row sent, and checked before every send. A crash after that commit never
 * resends; a crash between the channel's acceptance and the commit (a few milliseconds) can resend once,
 * because Telegram and Teams take no idempotency key. Rows are never lost: an expired lease makes a row
 * claimable again.
 */
import type { Channel, OutgoingMessage } from '../messages';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { OutboxRenderer, RenderContext } from '../ports/outbox';
import { PRIORITY } from '../ports/outbox';
import type { ChannelSender } from '../ports/sender';
import type { Translator, TranslationParams } from '../ports/translator';
import { DEFAULT_LANGUAGE, isRtl } from '../languages';
import { isolate, needsIsolation, orientMessage } from '../conversation/bidi';
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowedInstant, type QuietHours } from '../time/quiet-hours';
import type { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_BACKOFF, MAX_SEND_ATTEMPTS, decideRetry } from './retry-policy';
import type { ClaimedRow, Destination, OutboxQueue, Recipient, RecipientDirectory, UnreachableReporter } from './outbox-queue.ports';

export interface DispatcherOptions {
  /** Names this worker in leases; unique per process. */
  owner: string;
  /** How long a claimed row stays reserved; must exceed the time to send one batch. Default 60 s. */
  leaseMs?: number;
  batchSize?: number;
  /** Recipients served in parallel (one person's messages always go in order). Default 8. */
  concurrency?: number;
  quietHours?: QuietHours;
  backoff?: { baseMs: number; maxMs: number };
  maxAttempts?: number;
  /** A rate-limit wait up to this long is slept through; longer ones give the row back to the queue. */
  maxInlineWaitMs?: number;
}

export interface DispatcherDeps {
  queue: OutboxQueue;
  directory: RecipientDirectory;
  senders: Partial<Record<Channel, ChannelSender>>;
  renderers: readonly OutboxRenderer[];
  translator: Translator;
  clock: Clock;
  limiter: RateLimiter;
  unreachable: UnreachableReporter;
  logger: Logger;
  /** Uniform in [0, 1): the retry jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  options: DispatcherOptions;
}

export type RowOutcome = 'sent' | 'deferred' | 'retried' | 'failed' | 'cancelled';
export type DispatchReport = Record<RowOutcome, number> & { claimed: number };

/** A dispatcher over the given ports; see the file comment. */
export interface OutboxDispatcher {
  /** Claims one batch and handles it. */
  runOnce(): Promise<DispatchReport>;
  /** Runs batches until nothing is due or `maxBatches` ran; returns the totals. */
  drain(maxBatches?: number): Promise<DispatchReport>;
}

const emptyReport = (): DispatchReport => ({ claimed: 0, sent: 0, deferred: 0, retried: 0, failed: 0, cancelled: 0 });

export function createOutboxDispatcher(deps: DispatcherDeps): OutboxDispatcher {
  const o = deps.options;
  const leaseMs = o.leaseMs ?? 60_000;
  const batchSize = o.batchSize ?? 100;
  const concurrency = o.concurrency ?? 8;
  const quiet = o.quietHours ?? DEFAULT_QUIET_HOURS;
  const backoff = o.backoff ?? DEFAULT_RETRY_BACKOFF;
  const maxAttempts = o.maxAttempts ?? MAX_SEND_ATTEMPTS;
  const maxInlineWaitMs = o.maxInlineWaitMs ?? 1_500;
  const renderers = new Map(deps.renderers.map((r) => [r.kind, r]));
  const { queue, clock, logger } = deps;

  function renderContext(recipient: Recipient): RenderContext {
    const available = deps.translator.languages();
    const lang = available.includes(recipient.person.language) ? recipient.person.language : DEFAULT_LANGUAGE;
    const rtl = isRtl(lang);
    return {
      recipient: recipient.person,
      lang,
      now: clock.now(),
      t: (key, params) => deps.translator.t(lang, key, isolateParams(params, rtl)),
    };
  }

  /** Waits for a rate-limit token; false = the wait is too long, the row was given back. */
  async function takeToken(row: ClaimedRow, dest: Destination): Promise<boolean> {
    const priority = row.priority <= PRIORITY.urgent ? 'reply' : 'bulk';
    for (;;) {
      const now = clock.now();
      const take = deps.limiter.tryTake(dest.channel, dest.chatId, now.getTime(), { priority, scope: dest.tenantId ?? undefined });
      if (take.ok) return true;
      if (take.waitMs > maxInlineWaitMs) {
        await queue.defer(row, o.owner, new Date(now.getTime() + take.waitMs));
        return false;
      }
      await deps.sleep(take.waitMs);
    }
  }

  async function handle(row: ClaimedRow, recipient: Recipient | undefined, delivered: boolean): Promise<RowOutcome> {
    if (delivered) {
      // Another worker delivered it (this row's lease had expired while that send was slow): never twice.
      await queue.markSent(row, o.owner, clock.now());
      return 'sent';
    }
    if (!recipient) {
      await queue.cancel(row, o.owner, 'recipient_gone');
      return 'cancelled';
    }
    const now = clock.now();
    const tz = recipient.person.timezone;
    if (row.priority > PRIORITY.urgent && isQuiet(now, tz, quiet)) {
      await queue.defer(row, o.owner, nextAllowedInstant(now, tz, quiet));
      return 'deferred';
    }
    const renderer = renderers.get(row.kind);
    if (!renderer) {
      logger.error('outbox_no_renderer', { kind: row.kind, key: row.key });
      await queue.fail(row, o.owner, row.attempts, `no renderer for kind ${row.kind}`);
      return 'failed';
    }
    const ctx = renderContext(recipient);
    let messages: OutgoingMessage[] | null;
    try {
      messages = await renderer.render(ctx, row.payload);
    } catch (err) {
      // A render error is most likely a bug or a database hiccup: retry a bounded number of times.
      logger.error('outbox_render_failed', { kind: row.kind, key: row.key, error: err instanceof Error ? err.name : 'unknown' });
      return afterFailure(row, 'retry', undefined, 'render_failed');
    }
    if (!messages || messages.length === 0) {
      await queue.cancel(row, o.owner, 'not_relevant');
      return 'cancelled';
    }
    const dir = isRtl(ctx.lang) ? 'rtl' : 'ltr';
    const out = messages.map((m) => orientMessage({ ...m, dir: m.dir ?? dir }));

    const reachable = recipient.destinations.filter((d) => !d.unreachableAt && deps.senders[d.channel]);
    if (reachable.length === 0) {
      // Not linked yet ('no_channel') or blocked everywhere ('unreachable', already reported when it happened).
      await queue.fail(row, o.owner, row.attempts, recipient.destinations.some((d) => d.unreachableAt) ? 'unreachable' : 'no_channel');
      return 'failed';
    }
    let lastError = 'permanent';
    for (const dest of reachable) {
      if (!(await takeToken(row, dest))) return 'deferred';
      const result = await deps.senders[dest.channel]!.send({ chatId: dest.chatId, conversationRef: dest.conversationRef }, out);
      if (result.ok) {
        await queue.complete(row, o.owner, { accountId: dest.id, providerId: result.providerId }, clock.now());
        return 'sent';
      }
      if (result.kind !== 'permanent') return afterFailure(row, result.kind, result.retryAfterSeconds, result.error);
      // Blocked or deleted on this channel: stop using it, tell the coordinator, try the person's next channel.
      lastError = result.error;
      // The batch's later rows for this person must not try this account again.
      (dest as { unreachableAt: Date | null }).unreachableAt = clock.now();
      logger.warn('outbox_recipient_unreachable', { key: row.key, accountId: dest.id, channel: dest.channel });
      await deps.unreachable.report({ personId: row.personId, accountId: dest.id, channel: dest.channel, reason: result.error.slice(0, 200), at: clock.now() });
    }
    await queue.fail(row, o.owner, row.attempts + 1, `permanent: ${lastError}`.slice(0, 500));
    return 'failed';
  }

  async function afterFailure(row: ClaimedRow, kind: 'retry' | 'rate_limited', retryAfterSeconds: number | undefined, error: string): Promise<RowOutcome> {
    const attempts = row.attempts + 1;
    const decision = decideRetry(attempts, kind, { ...backoff, retryAfterSeconds, random: deps.random }, maxAttempts);
    if (decision.action === 'retry') {
      await queue.retry(row, o.owner, new Date(clock.now().getTime() + decision.delayMs), attempts, error.slice(0, 500));
      return 'retried';
    }
    logger.warn('outbox_gave_up', { key: row.key, attempts, reason: decision.reason });
    await queue.fail(row, o.owner, attempts, `${decision.reason}: ${error}`.slice(0, 500));
    return 'failed';
  }

  async function runOnce(): Promise<DispatchReport> {
    const report = emptyReport();
    const rows = await queue.claim(o.owner, clock.now(), leaseMs, batchSize);
    report.claimed = rows.length;
    if (rows.length === 0) return report;
    const [recipients, delivered] = await Promise.all([
      deps.directory.recipients([...new Set(rows.map((r) => r.personId))]),
      deps.directory.delivered(rows.map((r) => r.key)),
    ]);
    // One lane per person keeps each person's messages in order; lanes run in parallel.
    const lanes = new Map<string, ClaimedRow[]>();
    for (const row of rows) lanes.set(row.personId, [...(lanes.get(row.personId) ?? []), row]);
    const pending = [...lanes.values()];
    const worker = async () => {
      for (let lane = pending.shift(); lane; lane = pending.shift()) {
        for (const row of lane) {
          try {
            report[await handle(row, recipients.get(row.personId), delivered.has(row.key))]++;
          } catch (err) {
            // A storage error mid-row: the lease expires and the row is tried again; nothing is lost.
            logger.error('outbox_row_failed', { key: row.key, error: err instanceof Error ? err.name : 'unknown' });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
    return report;
  }

  return {
    runOnce,
    async drain(maxBatches = 1_000) {
      const total = emptyReport();
      for (let i = 0; i < maxBatches; i++) {
        const r = await runOnce();
        for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += r[k];
        if (r.claimed < batchSize) break;
      }
      return total;
    },
  };
}

/** Wraps names, numbers and codes in isolation marks for right-to-left languages (as the engine does). */
export function isolateParams(params: TranslationParams | undefined, rtl: boolean): TranslationParams | undefined {
  if (!params || !rtl) return params;
  const out: TranslationParams = {};
  for (const [k, v] of Object.entries(params)) out[k] = (typeof v === 'string' || typeof v === 'number') && needsIsolation(rtl, String(v)) ? isolate(String(v)) : v;
  return out;
}
