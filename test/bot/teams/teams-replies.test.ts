/**
 * Teams replies at least once, over HTTP with the real CloudAdapter and the fake connector: a reply the
 * connector refuses (502) or does not answer (timeout) is kept with the conversation reference and
 * sent later by the outbox dispatcher, once; a turn that cannot be saved is answered 500, and Teams'
 * redelivery of the activity is handled once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageActivity } from '../../fakes/bf-activity';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postActivity, textsOf } from '../../e2e/support/teams.driver';

let f: ServerFixture;
let n = 0;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off', dispatcher: true, config: { TEAMS_API_TIMEOUT_SECONDS: 1 } });
});
afterAll(() => f?.close());
beforeEach(() => f.connector.reset());

function start(): { conversationId: string; activity: ReturnType<typeof messageActivity> } {
  const userId = `29:replies-${++n}`;
  const conversationId = `a:conv-${userId}`;
  return { conversationId, activity: messageActivity({ conversationId, serviceUrl: f.connector.serviceUrl, userId, locale: 'en-US', text: '/start' }) };
}
/** What reached the conversation (the language screen is an Adaptive Card: its texts are in the card). */
const sentTo = (conversationId: string) => f.connector.activities.filter((a) => a.conversationId === conversationId).map((a) => textsOf(a).join('\n'));
const rows = (conversationId: string) => f.h.ponte.prisma.outboxMessage.findMany({ where: { channel: 'teams', chatId: conversationId } });
async function later(ms: number): Promise<void> {
  f.h.clock.advance(ms);
  await f.outbox.service.wake();
}

describe('a reply the connector cannot take now', () => {
  it.each([
    ['refuses it (502)', () => f.connector.failNext(502, { op: 'reply' }), 'teams_502'],
    ['does not answer (timeout)', () => f.connector.hangNext(), 'teams_timeout'],
  ])('%s: kept with the reference, sent later by the dispatcher, once', async (_what, fault, error) => {
    const { conversationId, activity } = start();
    fault();
    expect((await postActivity(f, activity)).status).toBe(200);
    expect(sentTo(conversationId)).toEqual([]);
    const [row] = await rows(conversationId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, kind: 'reply' });
    expect(row!.lastError).toContain(error);
    expect(JSON.parse(row!.payloadJson).ref).toContain(f.connector.serviceUrl);
    // The dispatcher's retry is due within seconds; on a loaded machine that retry may itself miss the
    // 1 s timeout and be retried again, so the clock moves in steps until the reply has gone (once).
    for (let step = 0; step < 6 && sentTo(conversationId).length === 0; step++) await later(5_000);
    expect(sentTo(conversationId)).toHaveLength(1);
    expect(sentTo(conversationId)[0]).toContain('Choose your language');
    await later(60_000);
    expect(sentTo(conversationId)).toHaveLength(1);
    expect(await rows(conversationId)).toEqual([]);
  });
});

describe('a turn that cannot be saved', () => {
  it('answers 500 and keeps nothing; the redelivered activity is handled once', async () => {
    const { conversationId, activity } = start();
    const prisma = f.h.ponte.prisma;
    await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState" RENAME TO "ConversationState_away"');
    try {
      expect((await postActivity(f, activity)).status).toBe(500);
    } finally {
      await prisma.$executeRawUnsafe('ALTER TABLE "ConversationState_away" RENAME TO "ConversationState"');
    }
    expect(f.connector.activities).toEqual([]);
    expect(await prisma.channelAccount.count({ where: { channel: 'teams', chatId: conversationId } })).toBe(0);
    expect((await postActivity(f, activity)).status).toBe(200);
    expect((await postActivity(f, activity)).status).toBe(200);
    expect(sentTo(conversationId)).toHaveLength(1);
    expect(f.server.metrics.duplicates.get({ channel: 'teams' })).toBeGreaterThanOrEqual(1);
  });
});
