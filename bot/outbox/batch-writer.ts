/**
 * Group commit: items added in the same turn of the event loop, or while a write is running, are
 * written together by the next write. A lone item waits one `setImmediate` at most; under load, many
 * deliveries share one short transaction instead of paying for one each.
 */
export class BatchWriter<T> {
  private queued: Array<{ item: T; done: () => void; failed: (err: unknown) => void }> = [];
  private running = false;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  /** Resolves once the item is written (rejects if its batch failed). */
  add(item: T): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queued.push({ item, done, failed });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.length) {
        const batch = this.queued.splice(0);
        try {
          await this.write(batch.map((b) => b.item));
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.failed(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
