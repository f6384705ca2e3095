/**
 * The dispatcher as a background service. It runs when woken (the scheduler's minute tick, or the
 * in-process signal for urgent rows) and, after each run, sets one timer for the next row due within the
 * minute (a retry in 2 s, a rate-limited row in 1 s), so it never polls. A wake during a run is not lost:
 * the run goes round once more. Timers only wake it; what is due is read from the database.
 */
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../core/ports/logger';
import type { DispatchReport, OutboxDispatcher } from '../../core/outbox/outbox.dispatcher';
import type { OutboxQueue } from '../../core/outbox/outbox-queue.ports';
import type { OutboxSignal } from './outbox-signal';

export class OutboxDispatcherService {
  readonly name = 'outbox-dispatcher';
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly queue: OutboxQueue,
    private readonly signal: OutboxSignal,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Timers further away than this are left to the next tick. */
    private readonly maxTimerMs = 60_000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.unsubscribe = this.signal.subscribe(() => void this.wake());
    await this.wake();
  }

  /** Runs the dispatcher now (or once more after the current run); resolves when the queue is drained. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      // A drain in progress claims the new rows as soon as it can; and goes round once more anyway.
      this.again = true;
      this.dispatcher.poke();
      return this.current;
    }
    this.current = this.loop().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  private async loop(): Promise<void> {
    let claimed = 0;
    do {
      this.again = false;
      try {
        const r: DispatchReport = await this.dispatcher.drain();
        claimed = r.claimed;
        if (r.claimed) this.logger.info('outbox_dispatched', { ...r });
      } catch (err) {
        this.logger.error('outbox_dispatch_failed', { error: err instanceof Error ? err.name : 'unknown' });
      }
    } while (this.again && !this.stopped);
    await this.arm(claimed === 0);
  }

  /**
   * One timer for the next row due. A row can be due and still not claimable (a reply waiting behind
   * an earlier one of its chat, in flight elsewhere): after a run that claimed nothing, the timer waits
   * at least a second instead of spinning; the sender of that earlier reply rings when it is done.
   */
  private async arm(idle: boolean): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const next = await this.queue.nextDueAt().catch(() => null);
    if (!next) return;
    const delay = Math.max(idle ? 1_000 : 0, next.getTime() - this.clock.now().getTime());
    if (delay > this.maxTimerMs) return;
    this.timer = setTimeout(() => void this.wake(), delay + 5);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
