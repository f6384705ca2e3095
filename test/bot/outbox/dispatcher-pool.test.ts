/**
 * The dispatcher as a pool, on the real app (Prisma on SQLite) with a manual clock: one hung send holds
 * only its own lane while the rest go out; replies left by a process that died are sent once their lease
 * ends, in the chat's order, each once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { RecordingSender } from '../../support/recording-sender';
import { createOutboxRuntime } from '../../../bot/outbox/outbox.runtime';
import { PrismaReplyOutbox } from '../../../bot/outbox/reply-rows';
import { scheduleIn } from '../../../bot/storage/outbox.repository';
import { PRIORITY } from '../../../core/ports/outbox';
import type { OutgoingMessage } from '../../../core/messages';
import type { SendResult } from '../../../core/ports/sender';

const KIND = 'pool_note';
/** Without the direction marks a right-to-left recipient's texts start with. */
const plain = (t: string) => t.replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '');
let h: Harness;
let people: string[];

beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T10:00:00Z' });
  h.ponte.modules.push({ renderers: [{ kind: KIND, render: async (_ctx, p) => [{ text: String(p.note) }] }] });
  const rows = await h.ponte.prisma.person.findMany({ where: { code: { in: ['B-0001', 'B-0002', 'B-0003'] } }, orderBy: { code: 'asc' } });
  people = rows.map((p) => p.id);
  for (const [i, id] of people.entries()) {
    await h.ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: `pool-${i}`, chatId: `pool-${i}`, personId: id, consentAt: h.clock.now(), lastSeenAt: h.clock.now() } });
  }
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.ponte.prisma.outboxMessage.deleteMany();
});

/** A sender whose sends to one chat hang until released. */
class HangingSender extends RecordingSender {
  private release!: () => void;
  readonly released = new Promise<void>((r) => (this.release = r));
  constructor(private readonly hangOn: string) {
    super('console');
  }
  override async send(target: { chatId: string }, messages: OutgoingMessage[]): Promise<SendResult> {
    if (target.chatId === this.hangOn) await this.released;
    return super.send(target, messages);
  }
  unblock() {
    this.release();
  }
}

describe('no head-of-line blocking', () => {
  it('a hung send holds its own lane only: the other recipients are served meanwhile', async () => {
    const sender = new HangingSender('pool-0');
    const rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, random: () => 0.5, sleep: async (ms) => h.clock.advance(ms), owner: 'pool', concurrency: 2, batchSize: 10 });
    const rows = people.flatMap((personId, i) => [0, 1].map((n) => ({ key: `pool:${i}:${n}`, personId, kind: KIND, payload: { note: `p${i}-${n}` }, dueAt: h.clock.now(), priority: PRIORITY.reminder })));
    await h.ponte.prisma.$transaction((tx) => scheduleIn(tx, rows));
    const drained = rt.dispatcher.drain();
    // Two lanes at once, one of them stuck: the other two people still get all their messages.
    for (let i = 0; i < 200 && sender.sent.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sender.sent.map((s) => plain(s.messages[0]!.text)).sort()).toEqual(['p1-0', 'p1-1', 'p2-0', 'p2-1']);
    sender.unblock();
    expect((await drained).sent).toBe(6);
    expect(sender.textsTo('pool-0').map(plain)).toEqual(['p0-0', 'p0-1']);
  });
});

describe('replies of a process that died', () => {
  it('are sent when their lease ends, in the chat order, once each', async () => {
    // Replies leased to a reply sender that never sent them (SIGKILL right after the commit).
    const dead = new PrismaReplyOutbox(h.ponte.prisma, 'reply:dead-process', 60_000);
    const reply = (key: string, text: string) => ({ key, channel: 'console' as const, chatId: 'pool-9', personId: null, messages: [{ text }], now: h.clock.now() });
    expect((await dead.enqueue(reply('reply:x:1', 'first')))?.row).not.toBeNull();
    expect((await dead.enqueue(reply('reply:x:2', 'second')))?.row).not.toBeNull();
    const sender = new RecordingSender('console');
    const rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, random: () => 0.5, sleep: async (ms) => h.clock.advance(ms), owner: 'survivor' });
    await rt.dispatcher.drain();
    expect(sender.sent).toEqual([]);
    h.clock.advance(61_000);
    await rt.dispatcher.drain();
    expect(sender.textsTo('pool-9')).toEqual(['first', 'second']);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(2);
    expect(await h.ponte.prisma.outboxMessage.count({ where: { chatId: 'pool-9' } })).toBe(0);
  });
});
