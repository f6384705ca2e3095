/**
 * Makes one piece of work atomic: what it writes through the stores commits together, or nothing does.
 * The engine runs each conversation turn as one unit, so the turn's receipt (the update id), its
 * conversation state, every feature write and its replies are saved together or not at all.
 */
export interface UnitOfWork {
  /**
   * Runs `work` as one unit and resolves with its result once committed; if `work` throws, nothing it
   * wrote is kept and the error is rethrown. `lockKey` names what the unit works on (a chat): storage
   * may lock it so that units with the same key never overlap across instances. A call made inside a
   * unit joins that unit.
   */
  run<T>(lockKey: string, work: () => Promise<T>): Promise<T>;
  /** Calls `fn` once the current unit has committed (at once outside a unit); never if it rolls back. */
  afterCommit(fn: () => void): void;
}
