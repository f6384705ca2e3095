/**
 * The outbox dispatcher: claims due rows with a lease, renders each one at send time in the recipient's
 * current language, respects quiet hours and rate limits, sends, and records the outcome. It holds no
 * timers: something outside (bot/outbox/dispatcher.service) wakes it; the database says what is due.
 *
 * Rows are handled in lanes, one per person (replies: one per chat), each strictly in order; up to
 * `concurrency` lanes run at once and more rows are claimed as lanes free up, so one slow or hung send
 * (every channel call has a timeout) holds up its own lane only.
 *
 * Delivery guarantee: a delivery record (unique per outbox key and account) is written in the same
 * transaction that marks the row sent, and checked before every send; a delivered reply is deleted. A
 * crash after that commit never resends; a crash between the channel's acceptance and the commit (a few
 * milliseconds) can resend once, because Telegram and Teams take no idempotency key. Rows are never
 * lost: an expired lease makes a row claimable again.
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
import { DEFAULT_RETRY_BACKOFF, MAX_SEND_ATTEMPTS } from './retry-policy';
import { settleFailure, type FailureContext, type RowOutcome } from './row-outcome';
import { sendReplyRow } from './reply-delivery';
import type { ClaimedRow, OutboxQueue, Recipient, RecipientDirectory, UnreachableReporter } from './outbox-queue.ports';

export interface DispatcherOptions {
  /** Names this worker in leases; unique per process. */
  owner: string;
  /** How long a claimed row stays reserved; a row still waiting in its lane after half of it is re-leased. Default 60 s. */
  leaseMs?: number;
  /** Most rows held (claimed, not yet handled) at once. */
  batchSize?: number;
  /** Lanes (recipients) served in parallel; one lane's messages always go in order. Default 8. */
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

export type { RowOutcome } from './row-outcome';
export type DispatchReport = Record<RowOutcome, number> & { claimed: number };

/** A dispatcher over the given ports; see the file comment. */
export interface OutboxDispatcher {
  /** Claims once and handles what it got. */
  runOnce(): Promise<DispatchReport>;
  /** Sends until nothing is due (or `maxClaims` claims ran), claiming more as lanes free up; returns the totals. */
  drain(maxClaims?: number): Promise<DispatchReport>;
  /** New rows are due: a drain in progress claims again now instead of when a lane frees up. */
  poke(): void;
}

const emptyReport = (): DispatchReport => ({ claimed: 0, sent: 0, deferred: 0, retried: 0, failed: 0, cancelled: 0 });

export function createOutboxDispatcher(deps: DispatcherDeps): OutboxDispatcher {
  const o = deps.options;
  const leaseMs = o.leaseMs ?? 60_000;
  const batchSize = o.batchSize ?? 100;
  const concurrency = o.concurrency ?? 8;
  const quiet = o.quietHours ?? DEFAULT_QUIET_HOURS;
  const maxInlineWaitMs = o.maxInlineWaitMs ?? 1_500;
  const renderers = new Map(deps.renderers.map((r) => [r.kind, r]));
  const { queue, clock, logger } = deps;
  const failures: FailureContext = {
    queue,
    logger,
    now: () => clock.now(),
    random: deps.random,
    backoff: o.backoff ?? DEFAULT_RETRY_BACKOFF,
    maxAttempts: o.maxAttempts ?? MAX_SEND_ATTEMPTS,
  };
  let poked = false;
  let pokeWaiters: Array<() => void> = [];

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
  async function takeToken(row: ClaimedRow, channel: Channel, chatId: string, tenantId: string | null): Promise<boolean> {
    const priority = row.priority <= PRIORITY.urgent ? 'reply' : 'bulk';
    for (;;) {
      const now = clock.now();
      const take = deps.limiter.tryTake(channel, chatId, now.getTime(), { priority, scope: tenantId ?? undefined });
      if (take.ok) return true;
      if (take.waitMs > maxInlineWaitMs) {
        await queue.defer(row, o.owner, new Date(now.getTime() + take.waitMs));
        return false;
      }
      await deps.sleep(take.waitMs);
    }
  }

  async function handleReply(row: ClaimedRow): Promise<RowOutcome> {
    const reply = row.reply!;
    const sender = deps.senders[reply.channel];
    if (!sender) {
      await queue.fail(row, o.owner, row.attempts, 'no_channel');
      return 'failed';
    }
    if (!(await takeToken(row, reply.channel, reply.chatId, reply.tenantId))) return 'deferred';
    return sendReplyRow(failures, row, o.owner, (messages, opts) => sender.send({ chatId: reply.chatId, conversationRef: reply.ref }, messages, opts));
  }

  async function handle(row: ClaimedRow, recipient: Recipient | undefined, delivered: boolean): Promise<RowOutcome> {
    if (row.reply) return handleReply(row);
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
      return settleFailure(failures, row, o.owner, { kind: 'retry', error: 'render_failed' });
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
      if (!(await takeToken(row, dest.channel, dest.chatId, dest.tenantId))) return 'deferred';
      const result = await deps.senders[dest.channel]!.send({ chatId: dest.chatId, conversationRef: dest.conversationRef }, out);
      if (result.ok) {
        await queue.complete(row, o.owner, { accountId: dest.id, providerId: result.providerId }, clock.now());
        return 'sent';
      }
      if (result.kind !== 'permanent') return settleFailure(failures, row, o.owner, { kind: result.kind, retryAfterSeconds: result.retryAfterSeconds, error: result.error });
      // Blocked or deleted on this channel: stop using it, tell the coordinator, try the person's next channel.
      lastError = result.error;
      // Later rows for this person must not try this account again.
      (dest as { unreachableAt: Date | null }).unreachableAt = clock.now();
      logger.warn('outbox_recipient_unreachable', { key: row.key, accountId: dest.id, channel: dest.channel });
      await deps.unreachable.report({ personId: row.personId!, accountId: dest.id, channel: dest.channel, reason: result.error.slice(0, 200), at: clock.now() });
    }
    await queue.fail(row, o.owner, row.attempts + 1, `permanent: ${lastError}`.slice(0, 500));
    return 'failed';
  }

  /** One pass of the pool: see the file comment. */
  async function drain(maxClaims = 10_000): Promise<DispatchReport> {
    const report = emptyReport();
    const waiting = new Map<string, ClaimedRow[]>();
    const active = new Map<string, Promise<void>>();
    const recipients = new Map<string, Recipient>();
    const delivered = new Set<string>();
    // Rows in the lanes: a claim can return one of them again (its lease ran out while it waited).
    const heldIds = new Set<string>();
    let held = 0;
    let claims = 0;
    let more = true;

    const laneOf = (row: ClaimedRow) => (row.reply ? `chat:${row.reply.channel}:${row.reply.chatId}` : `person:${row.personId ?? ''}`);

    async function one(row: ClaimedRow): Promise<void> {
      // A row that waited long behind a slow send is re-leased first, or another worker could take it.
      if (clock.now().getTime() > row.leaseUntil.getTime() - leaseMs / 2 && !(await queue.extend(row, o.owner, new Date(clock.now().getTime() + leaseMs)))) return;
      const outcome = await handle(row, row.personId ? recipients.get(row.personId) : undefined, delivered.has(row.key));
      report[outcome]++;
      // The chat's next reply can be claimed now that this one is out.
      if (row.reply && outcome === 'sent') more = true;
    }

    async function lane(key: string): Promise<void> {
      for (let row = waiting.get(key)?.shift(); row; row = waiting.get(key)?.shift()) {
        try {
          await one(row);
        } catch (err) {
          // A storage error mid-row: the lease expires and the row is tried again; nothing is lost.
          logger.error('outbox_row_failed', { key: row.key, error: err instanceof Error ? err.name : 'unknown' });
        } finally {
          held -= 1;
          heldIds.delete(row.id);
        }
      }
      waiting.delete(key);
    }

    for (;;) {
      // Claim again once the lanes have used up half of what they hold (or at once when poked): a claim
      // per freed lane would spend more time claiming than sending.
      if ((more || poked) && (held <= batchSize / 2 || (poked && held < batchSize)) && claims < maxClaims) {
        poked = false;
        const limit = batchSize - held;
        const claimed = await queue.claim(o.owner, clock.now(), leaseMs, limit);
        claims += 1;
        more = claimed.length === limit;
        const rows = claimed.filter((r) => !heldIds.has(r.id));
        for (const r of rows) heldIds.add(r.id);
        report.claimed += rows.length;
        held += rows.length;
        // Read again at every claim: a drain can last, and a row is rendered for the person as they are now.
        const people = [...new Set(rows.flatMap((r) => (r.reply || !r.personId ? [] : [r.personId])))];
        const keys = rows.filter((r) => !r.reply).map((r) => r.key);
        const [found, done] = await Promise.all([people.length ? deps.directory.recipients(people) : new Map<string, Recipient>(), keys.length ? deps.directory.delivered(keys) : new Set<string>()]);
        for (const [id, r] of found) recipients.set(id, r);
        for (const k of done) delivered.add(k);
        for (const row of rows) waiting.set(laneOf(row), [...(waiting.get(laneOf(row)) ?? []), row]);
      }
      for (const key of waiting.keys()) {
        if (active.size >= concurrency) break;
        if (!active.has(key)) active.set(key, lane(key).finally(() => active.delete(key)));
      }
      if (active.size === 0) {
        if ((more || poked) && claims < maxClaims) continue;
        return report;
      }
      await Promise.race([...active.values(), new Promise<void>((resolve) => pokeWaiters.push(resolve))]);
      pokeWaiters = [];
    }
  }

  return {
    runOnce: () => drain(1),
    drain,
    poke() {
      poked = true;
      for (const wake of pokeWaiters.splice(0)) wake();
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
