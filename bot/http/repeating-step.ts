/**
 * A step that runs at start and then again `everyMs` after each run ended (never two at once), until
 * stopped: the renewals of the polling lease and of the instance heartbeat. Timers only; the step
 * itself handles its errors.
 */
export interface RepeatingStep {
  /** Runs the first step and waits for it, then keeps repeating. */
  start(): Promise<void>;
  /** No more steps; waits for one under way. */
  stop(): Promise<void>;
}

export function repeatingStep(step: () => Promise<void>, everyMs: number): RepeatingStep {
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();
  const schedule = () => {
    timer = setTimeout(() => {
      tick = step().finally(() => {
        if (!stopped) schedule();
      });
    }, everyMs);
    // A pending renewal never keeps the process alive on its own.
    timer.unref();
  };
  return {
    async start() {
      stopped = false;
      tick = step();
      await tick;
      if (!stopped) schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await tick.catch(() => undefined);
    },
  };
}
