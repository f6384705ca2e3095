/**
 * Durable "seen it already" records. Telegram resends an update it thinks was not delivered, Teams
 * retries an activity, a user taps a button twice: the first receipt of a (scope, id) wins. A receipt is
 * written in the turn's unit of work, so an update counts as handled only once its effects are committed.
 */

/** An update's id in its channel; `scope` separates id spaces (`telegram` update_id, `telegram:press` chat/message). */
export interface Receipt {
  scope: string;
  id: string;
}

export interface ReceiptStore {
  /** Records the receipt; false if it was recorded before (a duplicate: the caller does nothing). */
  record(receipt: Receipt, now: Date): Promise<boolean>;
}
