/**
 * The outbox dispatcher on the real app (Prisma on SQLite, i18next) with a manual clock and a recording
 * sender: quiet hours, Europe/Rome's DST nights, rescheduling, cancelling, retries, 429, 403, a language
 * change between planning and sending, a crash mid-send.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { RecordingSender } from '../../support/recording-sender';
import { createOutboxRuntime, type OutboxRuntime } from '../../../bot/outbox/outbox.runtime';
import { scheduleIn, cancelIn } from '../../../bot/storage/outbox.repository';
import { PRIORITY, type OutboxItem } from '../../../core/ports/outbox';
import { stripIsolation } from '../../../core/conversation/bidi';

const KIND = 'test_note';
let h: Harness;
let sender: RecordingSender;
let rt: OutboxRuntime;
let personId: string;
let n = 0;

async function person(code: string): Promise<string> {
  return (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
}

async function link(id: string, chatId: string): Promise<void> {
  await h.ponte.prisma.channelAccount.create({ data: { channel: 'console', externalId: chatId, chatId, personId: id, consentAt: h.clock.now(), lastSeenAt: h.clock.now() } });
}

function item(over: Partial<OutboxItem> = {}): OutboxItem {
  return { key: `test:${++n}`, personId, kind: KIND, payload: { note: 'x' }, dueAt: h.clock.now(), priority: PRIORITY.reminder, ...over };
}

const row = (key: string) => h.ponte.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });
const schedule = (...items: OutboxItem[]) => h.ponte.prisma.$transaction((tx) => scheduleIn(tx, items));

beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T10:00:00Z' });
  // A renderer that shows the payload in the recipient's language, or drops rows marked stale.
  h.ponte.modules.push({
    renderers: [{ kind: KIND, render: async (ctx, p) => (p.stale ? null : [{ text: `${ctx.t('outbox:followUp.answer')} ${String(p.note)}` }]) }],
  });
  personId = await person('B-0001');
  await link(personId, 'chat-b1');
  await link(await person('C-0001'), 'chat-c1');
});
afterAll(() => h.close());

beforeEach(async () => {
  await h.ponte.prisma.outboxMessage.deleteMany();
  await h.ponte.prisma.deliveryRecord.deleteMany();
  await h.ponte.prisma.channelAccount.updateMany({ data: { unreachableAt: null, unreachableReason: null } });
  await h.ponte.prisma.person.update({ where: { id: personId }, data: { language: 'it' } });
  h.clock.set('2026-11-23T10:00:00Z');
  sender = new RecordingSender('console');
  rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, random: () => 0.5, sleep: async (ms) => h.clock.advance(ms), owner: 'worker-a' });
});

describe('sending', () => {
  it('sends a due row once, in the recipient language, and marks it sent with a delivery record', async () => {
    const it1 = item();
    await schedule(it1);
    expect((await rt.dispatcher.drain()).sent).toBe(1);
    expect(sender.textsTo('chat-b1')).toEqual(['✍️ Rispondi ora x']);
    expect((await row(it1.key)).status).toBe('sent');
    expect(await h.ponte.prisma.deliveryRecord.count({ where: { outboxKey: it1.key } })).toBe(1);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
  });

  it('leaves rows that are not due yet', async () => {
    const later = item({ dueAt: new Date(h.clock.now().getTime() + 60_000) });
    await schedule(later);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(0);
    h.clock.advanceMinutes(1);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
  });

  it('renders in the language the person has when it is sent, not when it was planned', async () => {
    const planned = item();
    await schedule(planned);
    await h.ponte.stores.people.setLanguage(personId, 'ar');
    await rt.dispatcher.drain();
    const msg = sender.sent[0]!.messages[0]!;
    expect(stripIsolation(msg.text)).toBe('✍️ أجب الآن x');
    expect(msg.dir).toBe('rtl');
  });

  it('cancels a row whose renderer says it no longer applies', async () => {
    const stale = item({ payload: { stale: true } });
    await schedule(stale);
    expect((await rt.dispatcher.drain()).cancelled).toBe(1);
    expect((await row(stale.key)).status).toBe('cancelled');
    expect(sender.attempts).toHaveLength(0);
  });
});

describe('rescheduling and cancelling', () => {
  it('a rescheduled row goes at its new time with its new data, once', async () => {
    const first = item({ dueAt: new Date('2026-11-23T12:00:00Z'), payload: { note: 'old' } });
    await schedule(first);
    await schedule({ ...first, dueAt: new Date('2026-11-23T15:00:00Z'), payload: { note: 'new' } });
    h.clock.set('2026-11-23T12:30:00Z');
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(0);
    h.clock.set('2026-11-23T15:00:00Z');
    await rt.dispatcher.drain();
    expect(sender.textsTo('chat-b1')).toEqual(['✍️ Rispondi ora new']);
    // Scheduling a sent row again changes nothing: it is never sent twice.
    await schedule({ ...first, dueAt: new Date('2026-11-23T15:00:00Z'), payload: { note: 'again' } });
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
  });

  it('a cancelled row is never sent', async () => {
    await schedule(item({ key: 'appointment:a1:-1440m' }), item({ key: 'appointment:a1:-120m' }), item({ key: 'appointment:a2:-120m' }));
    expect(await h.ponte.prisma.$transaction((tx) => cancelIn(tx, 'appointment:a1:'))).toBe(2);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
    expect((await row('appointment:a1:-120m')).status).toBe('cancelled');
  });
});

describe('quiet hours (21:00-08:00 on the recipient wall clock)', () => {
  it('holds a reminder due at 22:00 Rome time until 08:00, but not an urgent row', async () => {
    h.clock.set('2026-11-23T21:00:00Z'); // 22:00 in Rome (CET)
    const bulk = item();
    const urgent = item({ priority: PRIORITY.urgent });
    await schedule(bulk, urgent);
    const r = await rt.dispatcher.drain();
    expect(r).toMatchObject({ sent: 1, deferred: 1 });
    expect((await row(bulk.key)).dueAt.toISOString()).toBe('2026-11-24T07:00:00.000Z');
    h.clock.set('2026-11-24T06:59:00Z');
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
    h.clock.set('2026-11-24T07:00:00Z');
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(2);
  });

  it('uses the recipient timezone, not the server one', async () => {
    await h.ponte.prisma.person.update({ where: { id: personId }, data: { timezone: 'Asia/Karachi' } });
    h.clock.set('2026-11-23T17:00:00Z'); // 18:00 in Rome, 22:00 in Karachi
    const x = item();
    await schedule(x);
    await rt.dispatcher.drain();
    expect((await row(x.key)).dueAt.toISOString()).toBe('2026-11-24T03:00:00.000Z'); // 08:00 in Karachi
    await h.ponte.prisma.person.update({ where: { id: personId }, data: { timezone: 'Europe/Rome' } });
  });

  it('spring forward night (29 March 2026): 08:00 CEST is 06:00 UTC', async () => {
    h.clock.set('2026-03-28T21:30:00Z'); // 22:30 CET
    const x = item();
    await schedule(x);
    await rt.dispatcher.drain();
    expect((await row(x.key)).dueAt.toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('fall back night (25 October 2026): 08:00 CET is 07:00 UTC', async () => {
    h.clock.set('2026-10-24T20:00:00Z'); // 22:00 CEST
    const x = item();
    await schedule(x);
    await rt.dispatcher.drain();
    expect((await row(x.key)).dueAt.toISOString()).toBe('2026-10-25T07:00:00.000Z');
    h.clock.set('2026-10-25T06:30:00Z'); // 07:30 CET: still quiet
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(0);
    h.clock.set('2026-10-25T07:00:00Z');
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
  });
});

describe('failures', () => {
  it('retries a transient failure with backoff, then sends', async () => {
    sender.failNext({ ok: false, kind: 'retry', error: '502 bad gateway' }, { ok: false, kind: 'retry', error: 'ETIMEDOUT' });
    const x = item();
    await schedule(x);
    expect((await rt.dispatcher.drain()).retried).toBe(1);
    let r = await row(x.key);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, lastError: '502 bad gateway' });
    expect(r.dueAt.getTime() - h.clock.now().getTime()).toBe(1_000); // full jitter: 0.5 × 2 s
    h.clock.advance(1_000);
    await rt.dispatcher.drain();
    r = await row(x.key);
    expect(r.attempts).toBe(2);
    expect(r.dueAt.getTime() - h.clock.now().getTime()).toBe(2_000); // 0.5 × 4 s
    h.clock.advance(2_000);
    await rt.dispatcher.drain();
    expect(await row(x.key)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sender.sent).toHaveLength(1);
  });

  it('gives up after the maximum number of attempts', async () => {
    rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, random: () => 0, sleep: async () => undefined, owner: 'w', maxAttempts: 3 });
    sender.failNext(...Array.from({ length: 3 }, () => ({ ok: false as const, kind: 'retry' as const, error: '500' })));
    const x = item();
    await schedule(x);
    for (let i = 0; i < 3; i++) await rt.dispatcher.drain();
    expect(await row(x.key)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(sender.sent).toHaveLength(0);
  });

  it('429: waits at least retry_after before sending again', async () => {
    sender.failNext({ ok: false, kind: 'rate_limited', retryAfterSeconds: 30, error: '429 Too Many Requests: retry after 30' });
    const x = item();
    await schedule(x);
    await rt.dispatcher.drain();
    const r = await row(x.key);
    expect(r.dueAt.getTime() - h.clock.now().getTime()).toBe(31_000); // 30 s + jitter 0.5 × 2 s
    h.clock.advance(30_000);
    await rt.dispatcher.drain();
    expect(sender.attempts).toHaveLength(1);
    h.clock.advance(1_000);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
  });

  it('403: stops sending to that account, records it, and tells the region coordinator', async () => {
    sender.failNext({ ok: false, kind: 'permanent', error: 'Forbidden: bot was blocked by the user' });
    const x = item();
    const y = item();
    await schedule(x, y);
    await rt.dispatcher.drain();
    expect(await row(x.key)).toMatchObject({ status: 'failed' });
    expect(await row(y.key)).toMatchObject({ status: 'failed', lastError: 'unreachable' });
    expect(sender.attempts.filter((a) => a.chatId === 'chat-b1')).toHaveLength(1);
    const account = await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { chatId: 'chat-b1' } });
    expect(account.unreachableAt).not.toBeNull();
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'recipient_unreachable', subjectId: account.id } })).toBe(1);
    const notice = await h.ponte.prisma.outboxMessage.findFirstOrThrow({ where: { kind: 'unreachable_notice' } });
    expect(notice.personId).toBe(await person('C-0001'));
    await rt.dispatcher.drain();
    const text = sender.textsTo('chat-c1').join('\n');
    expect(text).toContain('Ahmed Hassan (B-0001)');
    expect(text).toContain('Giulia Ferrero');
  });
});

describe('crash safety', () => {
  it('a row leased by a worker that died is sent by the next one after the lease expires, once', async () => {
    const x = item();
    await schedule(x);
    const claimed = await rt.queue.claim('dead-worker', h.clock.now(), 60_000, 10);
    expect(claimed.map((c) => c.key)).toEqual([x.key]);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(0); // still leased
    h.clock.advance(61_000);
    await rt.dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
    expect((await row(x.key)).status).toBe('sent');
  });

  it('a row already delivered (delivery record present) is marked sent, not sent again', async () => {
    const x = item();
    await schedule(x);
    const [claimed] = await rt.queue.claim('dead-worker', h.clock.now(), 60_000, 10);
    const account = await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { chatId: 'chat-b1' } });
    await h.ponte.prisma.deliveryRecord.create({ data: { outboxKey: claimed!.key, accountId: account.id, sentAt: h.clock.now() } });
    h.clock.advance(61_000);
    await rt.dispatcher.drain();
    expect(sender.attempts).toHaveLength(0);
    expect((await row(x.key)).status).toBe('sent');
  });

  it('sends urgent rows first', async () => {
    const bulk = item({ priority: PRIORITY.bulk, dueAt: new Date(h.clock.now().getTime() - 60_000) });
    const urgent = item({ priority: PRIORITY.urgent, payload: { note: 'urgent' } });
    await schedule(bulk, urgent);
    rt = createOutboxRuntime(h.ponte, { senders: { console: sender }, random: () => 0.5, sleep: async () => undefined, owner: 'w', batchSize: 1 });
    await rt.dispatcher.runOnce();
    expect(sender.textsTo('chat-b1')).toEqual(['✍️ Rispondi ora urgent']);
  });
});

describe('rate limits', () => {
  it('paces bulk messages to one Telegram chat at about 1 per second, leaving room for replies', async () => {
    const tg = await person('B-0002');
    await h.ponte.prisma.channelAccount.create({ data: { channel: 'telegram', externalId: '777', chatId: '777', personId: tg, consentAt: h.clock.now() } });
    const times: number[] = [];
    const telegram = new RecordingSender('telegram');
    const timed = { channel: 'telegram' as const, send: async (t: { chatId: string }, m: Parameters<RecordingSender['send']>[1]) => (times.push(h.clock.now().getTime()), telegram.send(t, m)) };
    rt = createOutboxRuntime(h.ponte, { senders: { console: sender, telegram: timed }, random: () => 0.5, sleep: async (ms) => h.clock.advance(ms), owner: 'w' });
    await schedule(...Array.from({ length: 5 }, () => item({ personId: tg, priority: PRIORITY.bulk })));
    const start = h.clock.now().getTime();
    expect((await rt.dispatcher.drain()).sent).toBe(5);
    // Burst 3 with 1 token kept for replies: two at once, then one per second.
    expect(times.map((t) => t - start)).toEqual([0, 0, 1000, 2000, 3000]);
  });
});

