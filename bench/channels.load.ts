/**
 * The load side of `npm run bench:channels`: posts Telegram updates to a bot's webhook and times each one
 * from its POST to the arrival, at the fake Bot API, of the last reply it causes (not to the webhook's
 * HTTP answer: a bot may answer the webhook first and send its replies after). An update is complete when
 * both its HTTP answer and that reply have arrived.
 *
 * Which call is "the last reply" is said per update by its script (`Step.last`): for Ponte the screen that
 * ends a turn (the message carrying the keyboard), for the echo bot its one message. A chat's updates are
 * handled in order, so its calls are matched to its posted updates first in, first out; calls that arrive
 * when none of the chat's updates awaits its last reply are counted as `late` (a script that names the
 * wrong last reply would understate latency, and this count shows it).
 */
import fs from 'node:fs';
import type { Update } from 'grammy/types';
import type { FakeTelegramApi, RecordedCall } from '../test/fakes/fake-telegram-api';

/** One update of a script and the call that is its last reply. */
export interface Step {
  update: Update;
  last: (call: RecordedCall) => boolean;
}

export interface Sample {
  /** POST to completion; NaN when the update failed (non-200, or no last reply within the timeout). */
  latencyMs: number;
  postedAt: number;
  doneAt: number;
}

interface Pending {
  step: Step;
  postedAt: number;
  httpAt?: number;
  replyAt?: number;
  failed?: boolean;
  resolve: (s: Sample) => void;
}

/** Matches the fake Bot API's calls to the updates posted, per chat. */
export class ReplyTracker {
  private readonly pending = new Map<string, Pending[]>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  /** Calls to a chat that came when none of its updates was waiting for its last reply. */
  late = 0;

  constructor(
    private readonly tg: FakeTelegramApi,
    private readonly webhookUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.unsubscribe = tg.onCall((call) => this.onCall(call));
    this.sweeper = setInterval(() => this.sweep(), 250);
  }

  /** Posts the update now; resolves when it is complete (or failed). */
  post(chatId: number, step: Step): Promise<Sample> {
    return new Promise<Sample>((resolve) => {
      const entry: Pending = { step, postedAt: performance.now(), resolve };
      const key = String(chatId);
      (this.pending.get(key) ?? this.pending.set(key, []).get(key)!).push(entry);
      this.tg
        .deliverWebhook(this.webhookUrl, step.update, { 'x-telegram-bot-api-secret-token': this.secret })
        .then((res) => {
          if (res.status !== 200) entry.failed = true;
        })
        .catch(() => (entry.failed = true))
        .finally(() => {
          entry.httpAt = performance.now();
          this.settle(key);
        });
    });
  }

  close(): void {
    clearInterval(this.sweeper);
    this.unsubscribe();
  }

  private onCall(call: RecordedCall): void {
    if (call.params.chat_id === undefined) return; // answerCallbackQuery names no chat; it is never the last reply
    const key = String(call.params.chat_id);
    const queue = this.pending.get(key);
    if (!queue) return; // not a chat of this tracker's bot
    const waiting = queue.find((p) => p.replyAt === undefined);
    if (!waiting) {
      this.late += 1;
      return;
    }
    if (!waiting.step.last(call)) return;
    waiting.replyAt = performance.now();
    this.settle(key);
  }

  /** Completes the chat's oldest updates that have both their HTTP answer and their last reply. */
  private settle(key: string): void {
    const queue = this.pending.get(key);
    while (queue?.length) {
      const head = queue[0]!;
      if (head.httpAt === undefined) return;
      if (head.failed) {
        this.finish(queue, head, head.httpAt, false);
        continue;
      }
      if (head.replyAt === undefined) return;
      this.finish(queue, head, Math.max(head.httpAt, head.replyAt), true);
    }
  }

  private finish(queue: Pending[], entry: Pending, doneAt: number, ok: boolean): void {
    queue.splice(queue.indexOf(entry), 1);
    entry.resolve({ latencyMs: ok ? doneAt - entry.postedAt : Number.NaN, postedAt: entry.postedAt, doneAt });
  }

  private sweep(): void {
    const now = performance.now();
    for (const [key, queue] of this.pending) {
      for (const entry of [...queue]) if (now - entry.postedAt > this.timeoutMs) this.finish(queue, entry, now, false);
      this.settle(key);
    }
  }
}

/** Each chat posts its next update when the previous one is complete: the bot's saturated throughput. */
export async function closedLoop(tracker: ReplyTracker, chats: number[], updates: number, next: (chatId: number) => Step): Promise<Sample[]> {
  const samples: Sample[] = [];
  await Promise.all(
    chats.map(async (chatId, i) => {
      const quota = Math.floor(updates / chats.length) + (i < updates % chats.length ? 1 : 0);
      for (let k = 0; k < quota; k++) samples.push(await tracker.post(chatId, next(chatId)));
    }),
  );
  return samples;
}

/**
 * Open loop: update i is posted at start + i/rate seconds, to chat i mod chats, whether or not earlier
 * updates are answered (a slow bot gets a queue, as it would from Telegram). Returns the samples and the
 * rate the generator really offered (lower than asked only if this process itself could not keep up).
 */
export async function openLoop(tracker: ReplyTracker, chats: number[], rate: number, seconds: number, next: (chatId: number) => Step): Promise<{ samples: Sample[]; offeredRate: number }> {
  const total = Math.max(1, Math.round(rate * seconds));
  const started = performance.now();
  const inFlight: Array<Promise<Sample>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const chatId = chats[i % chats.length]!;
    inFlight.push(tracker.post(chatId, next(chatId)));
  }
  const lastPost = performance.now();
  const samples = await Promise.all(inFlight);
  return { samples, offeredRate: total > 1 ? ((total - 1) * 1000) / (lastPost - started) : rate };
}

/** Completed updates per second, from the first POST to the last completion. */
export function throughput(samples: Sample[]): number {
  const ok = samples.filter((s) => !Number.isNaN(s.latencyMs));
  if (!ok.length) return 0;
  const first = Math.min(...samples.map((s) => s.postedAt));
  const last = Math.max(...ok.map((s) => s.doneAt));
  return (ok.length * 1000) / (last - first);
}

/** The p-th percentile (nearest rank) of the completed updates' latencies. */
export function percentile(samples: Sample[], p: number): number {
  const sorted = samples.map((s) => s.latencyMs).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** CPU time the process has used so far (Linux /proc/<pid>/stat utime + stime), in ms. */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}
