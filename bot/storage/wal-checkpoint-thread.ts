/**
 * Checkpoints the SQLite write-ahead log on a thread of its own, so the server's event loop never waits
 * for one. SQLite's automatic checkpoint runs inside the COMMIT that crosses the threshold, on the app's
 * connection, and better-sqlite3 is synchronous: in the channel benchmark each one (thousands of pages
 * written back, then fsync) stalled every turn behind it, and took the p99 at 100 updates/s from ~18 ms
 * to ~30 ms. A PASSIVE checkpoint from another connection runs beside readers and writers (WAL mode
 * allows that) and never waits for them; the next writer then starts the log again from the top, so it
 * stays small. The app's connection keeps SQLite's threshold as a safety net (bot/storage/database.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../core/ports/logger';

/** The thread: one connection, a PASSIVE checkpoint every `intervalMs`, and a last one when told to stop. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ failed: String((err && err.code) || 'error') });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage({ ready: true });
`;

export interface CheckpointThreadOptions {
  /** Between checkpoints (default 1 s). */
  intervalMs?: number;
  logger?: Logger;
}

export class WalCheckpointThread {
  private worker: Worker | null = null;
  private stopping = false;

  constructor(
    private readonly file: string,
    private readonly opts: CheckpointThreadOptions = {},
  ) {}

  /** Starts the thread; resolves true once its connection is open, false if it could not start. */
  start(): Promise<boolean> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        const driver = createRequire(import.meta.url).resolve('better-sqlite3');
        worker = new Worker(THREAD, { eval: true, workerData: { driver, file: this.file, intervalMs: this.opts.intervalMs ?? 1000 } });
      } catch {
        resolve(false);
        return;
      }
      let ready = false;
      worker.on('message', (m: { ready?: boolean; failed?: string }) => {
        if (m.ready) {
          ready = true;
          this.worker = worker;
          // From now on it must not keep the process alive on its own (before, the start is awaited).
          worker.unref();
          resolve(true);
        } else if (m.failed) this.opts.logger?.warn('wal_checkpoint_failed', { error: m.failed });
      });
      worker.on('error', (err) => this.opts.logger?.warn('wal_checkpoint_thread_failed', { error: err.name }));
      worker.on('exit', () => {
        this.worker = null;
        if (!ready) resolve(false);
        // Ended unasked (it should not): SQLite's own threshold checkpoints on the app's connection again.
        else if (!this.stopping) this.opts.logger?.warn('wal_checkpoint_thread_ended', {});
      });
    });
  }

  /** A last checkpoint, then the thread ends (ended anyway after 5 s). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.postMessage('stop');
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
