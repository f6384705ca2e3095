/**
 * Replies and the outbox draw from the same rate-limit buckets: after a burst of replies to a chat,
 * a bulk outbox send to that chat has to wait, while the replies themselves were never held back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { deliverUpdate } from '../../e2e/support/telegram.driver';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
});
afterAll(async () => f.close());

describe('shared rate limits', () => {
  it('replies spend the chat bucket, so bulk sends to that chat wait', async () => {
    const chat = 777001;
    const now = () => f.h.clock.now().getTime();
    expect(f.h.ponte.limiter.tryTake('telegram', String(9999), now(), { priority: 'bulk' }).ok).toBe(true);
    for (let i = 0; i < 3; i++) await deliverUpdate(f, f.tg.textUpdate(chat, '/help'), 'webhook');
    expect(f.tg.sent(chat).length).toBeGreaterThanOrEqual(3);
    const bulk = f.h.ponte.limiter.tryTake('telegram', String(chat), now(), { priority: 'bulk' });
    expect(bulk.ok).toBe(false);
  });
});
