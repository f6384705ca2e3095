/**
 * An in-process doorbell for the dispatcher: whoever commits an urgent outbox row (a declined
 * appointment, a relayed message) rings it, and the dispatcher runs at once instead of at the next
 * minute. Losing a ring is harmless: the minute tick finds the row in the database anyway.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  /** Rings the bell (call it after the transaction that wrote the rows has committed). */
  notify(): void {
    for (const l of this.listeners) l();
  }

  /** @returns a function that unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
