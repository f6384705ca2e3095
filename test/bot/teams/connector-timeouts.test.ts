/**
 * Every Bot Framework connector call runs under one deadline that also covers signing, where the bot's
 * token is fetched from Microsoft's login service: a login service that never answers (played here by a
 * signer that never resolves: MSAL only talks https to login.microsoftonline.com) must not hold a reply
 * longer than a hung connector does. The connector client is botbuilder's own, talking HTTP to the fake.
 */
import { ConnectorClient } from 'botframework-connector';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tune } from '../../../bot/teams/connector-timeouts';
import { startFakeConnector, type FakeConnector } from '../../fakes/fake-bf-connector';

let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(() => connector?.close());

type Signer = ConstructorParameters<typeof ConnectorClient>[0];
const hungLogin: Signer = { signRequest: () => new Promise(() => undefined) } as unknown as Signer;
const noLogin: Signer = { signRequest: (request: unknown) => Promise.resolve(request) } as unknown as Signer;

async function failureOf(client: ConnectorClient): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await client.conversations.sendToConversation('a:conversation', { type: 'message', text: 'ciao' } as never);
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
  throw new Error('the call went through');
}

it('a token fetch that never answers fails the call at its deadline, before any request to the connector', async () => {
  const client = new ConnectorClient(hungLogin, { baseUri: connector.serviceUrl });
  tune(client, 300);
  const before = connector.requests.length;
  const { error, ms } = await failureOf(client);
  expect(error.name).toBe('AbortError');
  expect(ms).toBeGreaterThanOrEqual(280);
  expect(ms).toBeLessThan(5_000);
  expect(connector.requests.length).toBe(before);
});

it('a connector that hangs fails the call at the same deadline, once (botbuilder retries nothing)', async () => {
  const client = new ConnectorClient(noLogin, { baseUri: connector.serviceUrl });
  tune(client, 300);
  connector.hangNext();
  const before = connector.requests.length;
  const { error, ms } = await failureOf(client);
  expect(error.name).toBe('AbortError');
  expect(ms).toBeLessThan(5_000);
  expect(connector.requests.length - before).toBe(1);
});

it('an answering connector is not affected', async () => {
  const client = new ConnectorClient(noLogin, { baseUri: connector.serviceUrl });
  tune(client, 300);
  const answer = await client.conversations.sendToConversation('a:conversation', { type: 'message', text: 'ciao' } as never);
  expect(answer.id).toBeTruthy();
  expect(connector.textsTo('a:conversation')).toContain('ciao');
});
