/**
 * A background task that runs one at a time: a request while it runs starts no second run but makes the
 * running one go round once more (the new request came after it had started, so its work may be
 * missing). Shared by the clean-ups after an erasure: the SQLite WAL checkpoint and the PostgreSQL vacuum.
 */
export abstract class CoalescingTask {
  private running: Promise<boolean> | null = null;
  /** Set by a request during a run: the loop resets it at each round and goes once more while it is set. */
  protected again = false;

  /** Runs the task (or once more after the current run); resolves with whether it completed. */
  request(): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  protected abstract loop(): Promise<boolean>;
}
