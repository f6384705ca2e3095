/**
 * After an erasure commits, the write-ahead log still holds earlier copies of the changed pages (the
 * name, the messages) until a checkpoint writes the new pages back and the log is cut to zero bytes.
 * `PRAGMA wal_checkpoint(TRUNCATE)` does both; it needs a moment with no reader or writer in the way,
 * so a busy attempt is retried in the background. It runs on a short-lived connection of its own,
 * never inside a transaction of the app's connection.
 */
import Sqlite from 'better-sqlite3';
import type { Logger } from '../../core/ports/logger';
import { CoalescingTask } from './coalescing-task';

export interface CheckpointOptions {
  /** Tries in all, the first one included (default 20). */
  attempts?: number;
  /** Pause between tries (default 500 ms). */
  delayMs?: number;
}

/** `request()` checkpoints now, retrying while the database is busy; true when the WAL was emptied. */
export class WalCheckpointer extends CoalescingTask {
  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly opts: CheckpointOptions = {},
  ) {
    super();
  }

  /** One TRUNCATE checkpoint; true when every frame was written back and the WAL is empty. */
  truncateNow(): boolean {
    const db = new Sqlite(this.file, { fileMustExist: true });
    try {
      // No waiting: better-sqlite3 blocks the thread, and the app's own connection (same thread) may be
      // the one in the way. Busy now means: try again in a moment.
      db.pragma('busy_timeout = 0');
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      return !!r && r.busy === 0 && (r.log === 0 || r.log === -1 || r.checkpointed === r.log);
    } finally {
      db.close();
    }
  }

  protected async loop(): Promise<boolean> {
    const attempts = this.opts.attempts ?? 20;
    for (let i = 0; i < attempts; i++) {
      this.again = false;
      let done = false;
      try {
        done = this.truncateNow();
      } catch (err) {
        this.logger.warn('wal_checkpoint_failed', { error: err instanceof Error ? err.name : 'unknown' });
      }
      if (done && !this.again) return true;
      await new Promise((r) => setTimeout(r, this.opts.delayMs ?? 500));
    }
    this.logger.error('wal_checkpoint_incomplete', { attempts });
    return false;
  }
}
