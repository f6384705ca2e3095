/** Proactive sends through the stored ConversationReference (authentication: teams-auth.test.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { teamsDriver } from '../../e2e/support/teams.driver';

describe('proactive sends', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startServerFixture({ telegramMode: 'off' });
  });
  afterAll(async () => f?.close());

  const account = (chatId: string) => f.h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { channel: 'teams', chatId } });

  it('stores the ConversationReference once the person consented, and sends through it later', async () => {
    const user = teamsDriver(f, { userId: '29:proactive-1' });
    await user.say('/start');
    await user.press('English');
    expect((await account('a:conv-29:proactive-1')).conversationRef).toBeNull();
    await user.press('I agree');
    await user.say(f.h.demo!.beneficiary[0]!);
    const stored = await account('a:conv-29:proactive-1');
    expect(JSON.parse(stored.conversationRef!)).toMatchObject({ conversation: { id: 'a:conv-29:proactive-1' }, serviceUrl: f.connector.serviceUrl, user: { id: '29:proactive-1' } });

    const result = await f.server.teams.sender.send({ chatId: stored.chatId, conversationRef: stored.conversationRef }, [{ text: 'Reminder: appointment tomorrow at 10:00' }]);
    expect(result.ok).toBe(true);
    const sent = f.connector.activities.at(-1)!;
    expect(sent.op).toBe('send');
    expect(sent.conversationId).toBe('a:conv-29:proactive-1');
    expect(sent.body.text).toBe('Reminder: appointment tomorrow at 10:00');
  });

  it('without a reference the send is permanent', async () => {
    expect(await f.server.teams.sender.send({ chatId: 'a:unknown' }, [{ text: 'x' }])).toEqual({ ok: false, kind: 'permanent', error: 'no_conversation_reference', parts: 0 });
  });

  it('403 from Teams (bot removed) marks the account unreachable and later sends are skipped', async () => {
    const stored = await account('a:conv-29:proactive-1');
    f.connector.failNext(403, { op: 'send' });
    expect(await f.server.teams.sender.send({ chatId: stored.chatId, conversationRef: stored.conversationRef }, [{ text: 'x' }])).toMatchObject({ ok: false, kind: 'permanent', error: 'teams_403' });
    expect((await account(stored.chatId)).unreachableAt).not.toBeNull();
    const before = f.connector.requests.length;
    expect(await f.server.teams.sender.send({ chatId: stored.chatId, conversationRef: stored.conversationRef }, [{ text: 'x' }])).toMatchObject({ ok: false, error: 'unreachable' });
    expect(f.connector.requests.length).toBe(before);
  });

  it('429 from Teams is reported as rate_limited', async () => {
    const user = teamsDriver(f, { userId: '29:proactive-2' });
    await user.say('/start');
    await user.press('English');
    await user.press('I agree');
    await user.say(f.h.demo!.beneficiary[1]!);
    const stored = await account('a:conv-29:proactive-2');
    // No hidden retries inside the connector client: the first 429 comes back, with its Retry-After, for the outbox to honour.
    f.connector.failNext(429, { op: 'send', retryAfterSeconds: 30 });
    const result = await f.server.teams.sender.send({ chatId: stored.chatId, conversationRef: stored.conversationRef }, [{ text: 'x' }]);
    expect(result).toMatchObject({ ok: false, kind: 'rate_limited', retryAfterSeconds: 30, parts: 0 });
    expect(f.connector.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });
});
