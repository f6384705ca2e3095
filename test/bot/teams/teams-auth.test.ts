/**
 * Who gets into /api/messages, over HTTP through the real CloudAdapter. With an app id: Bot Framework
 * JWTs we sign ourselves, checked against a local OpenID metadata server (our own key), so forged,
 * expired and misdirected tokens are real tokens. Every refusal happens before any outbound request
 * and any database write, with a generic body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity } from '../../fakes/bf-activity';
import { startFakeOpenId, type FakeOpenId } from '../../fakes/fake-openid';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postActivity } from '../../e2e/support/teams.driver';

const APP_ID = '6f1b0c1e-3d2a-4b5c-9e8f-0a1b2c3d4e5f';

/** Rows a request may not leave behind when it is refused. */
async function footprint(f: ServerFixture) {
  const p = f.h.ponte.prisma;
  return {
    accounts: await p.channelAccount.count({ where: { channel: 'teams' } }),
    states: await p.conversationState.count({ where: { channel: 'teams' } }),
    processed: await p.processedUpdate.count({ where: { channel: { startsWith: 'teams' } } }),
  };
}

const endpoints = (openId: FakeOpenId, loginBase: string) => ({
  openIdMetadataUrl: openId.metadataUrl,
  emulatorOpenIdMetadataUrl: openId.metadataUrl,
  tokenIssuer: 'https://api.botframework.com',
  loginUrl: `${loginBase}/botframework.com`,
  oauthScope: 'https://api.botframework.com',
});

describe('with MICROSOFT_APP_ID set', () => {
  let f: ServerFixture;
  let openId: FakeOpenId;
  beforeAll(async () => {
    openId = await startFakeOpenId();
    f = await startServerFixture({
      telegramMode: 'off',
      appId: APP_ID,
      config: ({ connector }) => ({ TEAMS_SERVICE_URLS: `${connector.serviceUrl}/` }),
      teams: ({ connector }) => ({ authEndpoints: endpoints(openId, connector.serviceUrl) }),
    });
  });
  afterAll(async () => {
    await f?.close();
    await openId?.close();
  });

  let n = 0;
  const activity = (over: { serviceUrl?: string } = {}) => messageActivity({ conversationId: `a:auth-${++n}`, serviceUrl: over.serviceUrl ?? f.connector.serviceUrl, userId: `29:auth-${n}`, text: '/start' });
  const claims = (a: { serviceUrl: string }) => ({ aud: APP_ID, serviceurl: a.serviceUrl });

  it.each([
    ['no Authorization header', () => ({})],
    ['a token that is not a JWT', () => ({ authorization: 'Bearer not-a-jwt' })],
    ['an unsigned token (alg none)', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token(claims(a), { alg: 'none' })}` })],
    ['a token signed with another key', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token(claims(a), { key: openId.otherKey })}` })],
    ['a key id the metadata does not publish', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token(claims(a), { key: openId.otherKey, kid: 'attacker-key' })}` })],
    ['an expired token', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token({ ...claims(a), iat: 1_600_000_000, nbf: 1_600_000_000, exp: 1_600_003_600 })}` })],
    ['a token for another bot (audience)', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token({ ...claims(a), aud: '00000000-1111-4222-8333-444444444444' })}` })],
    ['a token from another issuer', (a: { serviceUrl: string }) => ({ authorization: `Bearer ${openId.token({ ...claims(a), iss: 'https://evil.example' })}` })],
    ['a token issued for another serviceUrl', () => ({ authorization: `Bearer ${openId.token({ aud: APP_ID, serviceurl: 'https://smba.trafficmanager.net/emea/' })}` })],
  ])('%s → 401 with a generic body, nothing sent, nothing stored', async (_what, headers) => {
    const before = await footprint(f);
    const a = activity();
    const res = await postActivity(f, a, headers(a));
    expect(res.status).toBe(401);
    // Never botbuilder's text, a stack, a host name or the key: one fixed body.
    expect(await res.text()).toBe('{"error":"unauthorized"}');
    expect(f.connector.requests).toHaveLength(0);
    expect(await footprint(f)).toEqual(before);
  });

  it('a valid token for a serviceUrl outside the allow-list → 403, nothing sent, nothing stored', async () => {
    const before = await footprint(f);
    const a = activity({ serviceUrl: 'https://attacker.example/teams/' });
    const res = await postActivity(f, a, { authorization: `Bearer ${openId.token(claims(a))}` });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"error":"forbidden"}');
    expect(await footprint(f)).toEqual(before);
  });

  it('a valid token is accepted: the turn runs', async () => {
    const a = activity();
    const res = await postActivity(f, a, { authorization: `Bearer ${openId.token(claims(a))}` });
    expect(res.status).toBe(200);
    expect(await f.h.ponte.prisma.channelAccount.count({ where: { channel: 'teams', chatId: a.conversation.id } })).toBe(1);
    expect(await f.h.ponte.prisma.conversationState.findFirst({ where: { channel: 'teams', chatId: a.conversation.id } })).toMatchObject({ flow: 'onboarding' });
    // (The reply itself needs the bot's own token from Microsoft's login, which MSAL fetches only over
    // https from a known authority: no local stand-in can serve it, so that leg is not exercised here.)
  });
});

describe('when Microsoft’s OpenID metadata cannot be fetched', () => {
  let f: ServerFixture;
  let openId: FakeOpenId;
  beforeAll(async () => {
    openId = await startFakeOpenId();
    openId.stall();
    f = await startServerFixture({
      telegramMode: 'off',
      appId: APP_ID,
      config: ({ connector }) => ({ TEAMS_SERVICE_URLS: `${connector.serviceUrl}/` }),
      teams: ({ connector }) => ({ authEndpoints: endpoints(openId, connector.serviceUrl), authTimeoutMs: 300 }),
    });
  });
  afterAll(async () => {
    await f?.close();
    await openId?.close();
  });

  it('answers 503 within the time limit (the connector retries), not a hanging request or a 500', async () => {
    const a = messageActivity({ conversationId: 'a:slow', serviceUrl: f.connector.serviceUrl, userId: '29:slow', text: '/start' });
    const before = await footprint(f);
    const started = Date.now();
    const res = await postActivity(f, a, { authorization: `Bearer ${openId.token({ aud: APP_ID, serviceurl: a.serviceUrl })}` });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.text()).toBe('{"error":"unavailable"}');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(openId.requests.length).toBeGreaterThan(0);
    expect(f.connector.requests).toHaveLength(0);
    expect(await footprint(f)).toEqual(before);
  });
});
