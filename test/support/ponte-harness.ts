/**
 * Test harness: the real app (real Prisma client on a real database: a SQLite file in a temp dir, or a
 * fresh PostgreSQL database in the `postgres` test project; real i18next, real engine) with a manual
 * clock, and a `chat` helper that talks to it like a user on a channel.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPonte, type Ponte, type PonteOptions } from '../../bot/app';
import { createLogger } from '../../bot/logger';
import { seedDemo, type DemoCodes } from '../../bot/seed/demo.seed';
import { stripIsolation } from '../../core/conversation/bidi';
import type { Channel, Choice, IncomingMessage, OutgoingMessage } from '../../core/messages';
import { ManualClock } from './manual-clock';
import { createTestDatabase } from './test-database';

export interface Harness {
  ponte: Ponte;
  clock: ManualClock;
  dir: string;
  /** The database the app runs on (file: or postgresql:). */
  databaseUrl: string;
  demo?: DemoCodes;
  chat(userId: string, opts?: { channel?: Channel; languageHint?: string }): ChatUser;
  close(): Promise<void>;
}

export interface ChatUser {
  /** Sends text; returns the replies. */
  say(text: string): Promise<OutgoingMessage[]>;
  /** Presses the button whose label contains `label` (or is exactly it) on the last reply that had buttons. */
  press(label: string | RegExp): Promise<OutgoingMessage[]>;
  /** Sends raw button data (e.g. a stale one kept from earlier). */
  action(data: string): Promise<OutgoingMessage[]>;
  send(content: IncomingMessage['content']): Promise<OutgoingMessage[]>;
  /** Buttons of the last reply that had any, labels without isolation marks and RTL line anchors. */
  buttons(): Choice[];
  /** All text of the last reply, isolation marks removed. */
  lastText(): string;
}

export async function createHarness(opts: { start?: string; demo?: boolean; options?: Partial<Omit<PonteOptions, 'databaseUrl' | 'clock' | 'logger'>> } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-test-'));
  const database = await createTestDatabase(dir);
  const clock = new ManualClock(opts.start ?? '2026-11-23T09:00:00Z');
  const ponte = await createPonte({ ...opts.options, databaseUrl: database.url, clock, logger: createLogger('silent') });
  const demo = opts.demo ? await seedDemo(ponte.prisma, { now: clock.now() }) : undefined;
  const harness: Harness = {
    ponte,
    clock,
    dir,
    databaseUrl: database.url,
    demo,
    chat: (userId, o = {}) => chatUser(harness.ponte, userId, o.channel ?? 'console', o.languageHint),
    async close() {
      // The current app: a test may have replaced it by a new instance on the same database.
      await harness.ponte.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

export function chatUser(ponte: Ponte, userId: string, channel: Channel = 'console', languageHint?: string): ChatUser {
  let lastButtons: Choice[] = [];
  let last: OutgoingMessage[] = [];
  const send = async (content: IncomingMessage['content']) => {
    last = await ponte.engine.handle({ channel, chatId: userId, userId, languageHint, content });
    const withButtons = last.filter((m) => m.choices?.length);
    if (withButtons.length) lastButtons = withButtons.flatMap((m) => m.choices!.flat());
    return last;
  };
  return {
    say: (text) => send({ type: 'text', text }),
    action: (data) => send({ type: 'action', data }),
    send,
    press(label) {
      const match = (c: Choice) => {
        const l = stripIsolation(c.label);
        return typeof label === 'string' ? l === label || l.includes(label) : label.test(l);
      };
      const choice = lastButtons.find(match);
      if (!choice) throw new Error(`no button ${String(label)} among: ${lastButtons.map((c) => c.label).join(' | ')}`);
      return send({ type: 'action', data: choice.data });
    },
    buttons: () => lastButtons.map((c) => ({ ...c, label: stripIsolation(c.label) })),
    lastText: () => last.map((m) => stripIsolation(m.text)).join('\n'),
  };
}

/** Joined text of replies, isolation marks removed, for assertions. */
export function textOf(replies: OutgoingMessage[]): string {
  return replies.map((m) => stripIsolation(m.text)).join('\n');
}
