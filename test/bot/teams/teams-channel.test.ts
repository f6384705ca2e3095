/**
 * The Teams channel over HTTP: real activities POSTed to /api/messages of the running server, replies
 * recorded by the fake connector (the activity's serviceUrl).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationUpdateActivity, DEFAULT_BOT, messageActivity } from '../../fakes/bf-activity';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { buttonsOfActivity, postActivity, teamsDriver, textsOf } from '../../e2e/support/teams.driver';

let f: ServerFixture;
let n = 0;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off' });
});
afterAll(async () => f?.close());
beforeEach(() => f.connector.reset());

const teamsAccounts = () => f.h.ponte.prisma.channelAccount.count({ where: { channel: 'teams' } });

describe('bad requests', () => {
  it('a malformed body gets 400 and nothing is processed', async () => {
    const before = await teamsAccounts();
    const res = await postActivity(f, '{"type":"message",');
    expect(res.status).toBe(400);
    expect(f.connector.requests).toHaveLength(0);
    expect(await teamsAccounts()).toBe(before);
  });

  it('JSON that is not an activity gets 400 and nothing is processed', async () => {
    for (const body of [[], { type: 'message' }, { ...messageActivity({ conversationId: 'a:x', serviceUrl: f.connector.serviceUrl, userId: '29:x', text: 'hi' }), serviceUrl: 'not a url' }]) {
      expect((await postActivity(f, body)).status).toBe(400);
    }
    expect(f.connector.requests).toHaveLength(0);
  });

  it('a body over 1 MB gets 413', async () => {
    const big = messageActivity({ conversationId: 'a:big', serviceUrl: f.connector.serviceUrl, userId: '29:big', text: 'x'.repeat(1_100_000) });
    expect((await postActivity(f, big)).status).toBe(413);
    expect(f.connector.requests).toHaveLength(0);
  });
});

describe('when the bot is added', () => {
  it('greets the person in their locale and opens onboarding', async () => {
    const activity = conversationUpdateActivity({ conversationId: 'a:new-install', serviceUrl: f.connector.serviceUrl, membersAdded: [DEFAULT_BOT], locale: 'fr-FR', from: { id: '29:installer', aadObjectId: '11111111-2222-4333-8444-555555555555' } });
    expect((await postActivity(f, activity)).status).toBe(200);
    const sent = f.connector.activities.filter((a) => a.conversationId === 'a:new-install');
    expect(textsOf(sent[0]!)[0]).toContain('Je suis Ponte');
    expect(sent.flatMap(buttonsOfActivity).map((b) => b.label)).toContain('English');
  });

  // More on groups (one line a day, no engine turn) in test/e2e/private-chats.e2e.test.ts.
  it('in a group chat says to write privately, and shows no personal menu', async () => {
    const activity = conversationUpdateActivity({ conversationId: '19:group@thread.v2', conversationType: 'groupChat', serviceUrl: f.connector.serviceUrl, membersAdded: [DEFAULT_BOT], locale: 'it-IT' });
    await postActivity(f, activity);
    const sent = f.connector.activities.filter((a) => a.conversationId === '19:group@thread.v2');
    expect(sent).toHaveLength(1);
    expect(textsOf(sent[0]!)[0]).toContain('chat privata');
  });

  it('ignores members other than the bot joining', async () => {
    await postActivity(f, conversationUpdateActivity({ conversationId: '19:g2@thread.v2', conversationType: 'groupChat', serviceUrl: f.connector.serviceUrl, membersAdded: ['29:someone'] }));
    expect(f.connector.activities).toHaveLength(0);
  });
});

describe('buttons', () => {
  it('personal chats: suggested actions for up to 3 buttons, an Adaptive Card for more', async () => {
    const user = teamsDriver(f, { userId: `29:p${++n}` });
    await user.say('/start');
    const languageCard = f.connector.activities.at(-1)!;
    expect((languageCard.body.attachments as Array<{ contentType: string }>)[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    await user.press('English');
    const consent = f.connector.activities.at(-1)!;
    expect(consent.body.suggestedActions).toMatchObject({ actions: [{ type: 'imBack', title: '✅ I agree' }, { type: 'imBack', title: '❌ I do not agree' }] });
    expect(consent.body.textFormat).toBe('plain');
  });

  it('a second press on the same card does nothing', async () => {
    const user = teamsDriver(f, { userId: `29:d${++n}` });
    await user.say('/start');
    const card = user.keep();
    expect((await user.press('English')).texts.join()).toContain('Privacy notice');
    expect(await user.pressKept(card, 'English')).toEqual({ texts: [], buttons: [] });
  });

  it('the same activity delivered twice is handled once', async () => {
    const activity = messageActivity({ conversationId: 'a:dup', serviceUrl: f.connector.serviceUrl, userId: '29:dup', text: '/start' });
    await postActivity(f, activity);
    await postActivity(f, activity);
    expect(f.connector.textsTo('a:dup').length + f.connector.activities.filter((a) => a.conversationId === 'a:dup').length).toBeGreaterThan(0);
    expect(f.connector.activities.filter((a) => a.conversationId === 'a:dup')).toHaveLength(1);
  });
});

it('a picture or a file gets "I can read text and buttons"', async () => {
  const user = teamsDriver(f, { userId: `29:u${++n}` });
  const reply = await user.post(
    messageActivity({ conversationId: `a:conv-29:u${n}`, serviceUrl: f.connector.serviceUrl, userId: `29:u${n}`, locale: 'en-GB', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/p.png' }] }),
  );
  expect(reply.texts[0]).toBe('I can read text and buttons only. Please write a message or use the buttons.');
});
