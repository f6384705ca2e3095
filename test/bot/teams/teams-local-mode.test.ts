/**
 * Local mode (no MICROSOFT_APP_ID): unauthenticated activities are accepted only from this machine and
 * only with a loopback serviceUrl. Anything else is refused before any outbound request or database
 * write. The server listens on every interface here, so a request can really arrive from a
 * non-loopback address (this machine's own network address), and a would-be "connector" listens there.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageActivity } from '../../fakes/bf-activity';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';

/** This machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let f: ServerFixture;
let attacker: Server;
let attackerUrl = '';
const attackerRequests: string[] = [];

beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off', host: '0.0.0.0' });
  // What a stranger would name as serviceUrl: a server that records whatever the bot sends it.
  attacker = createServer((req, res) => {
    attackerRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}');
  });
  await new Promise<void>((resolve) => attacker.listen(0, lanAddress ?? '127.0.0.1', resolve));
  attackerUrl = `http://${lanAddress ?? 'attacker.example'}:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await f?.close();
  await new Promise((resolve) => attacker?.close(resolve));
});

async function footprint() {
  const p = f.h.ponte.prisma;
  return { accounts: await p.channelAccount.count({ where: { channel: 'teams' } }), states: await p.conversationState.count({ where: { channel: 'teams' } }), processed: await p.processedUpdate.count() };
}

let n = 0;
const post = (base: string, serviceUrl: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(messageActivity({ conversationId: `a:local-${++n}`, serviceUrl, userId: `29:claimed-${n}`, text: '/start' })),
  });

describe('local mode', () => {
  it('is what the server runs without an app id', () => {
    expect(f.server.teams.mode).toBe('local');
  });

  it('an activity naming a non-loopback serviceUrl → 403, the bot sends nothing there, nothing is stored', async () => {
    const before = await footprint();
    const res = await post(f.baseUrl, attackerUrl);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"error":"forbidden"}');
    expect(attackerRequests).toEqual([]);
    expect(f.connector.requests).toHaveLength(0);
    expect(await footprint()).toEqual(before);
  });

  it.skipIf(!lanAddress)('a request from another address (not loopback) → 403 even with a loopback serviceUrl and a forged X-Forwarded-For', async () => {
    const before = await footprint();
    const base = `http://${lanAddress}:${f.server.port}`;
    for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }] as Array<Record<string, string>>) {
      const res = await post(base, f.connector.serviceUrl, headers);
      expect(res.status).toBe(403);
    }
    expect(f.connector.requests).toHaveLength(0);
    expect(await footprint()).toEqual(before);
  });

  it('a loopback request relayed by a proxy (X-Forwarded-For, Forwarded, Via) → 403: a local reverse proxy does not make local mode public', async () => {
    const before = await footprint();
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { via: '1.1 nginx' }] as Array<Record<string, string>>) {
      expect((await post(f.baseUrl, f.connector.serviceUrl, headers)).status).toBe(403);
    }
    expect(f.connector.requests).toHaveLength(0);
    expect(await footprint()).toEqual(before);
  });

  it('the Emulator on this machine (loopback client, loopback serviceUrl) is served', async () => {
    const res = await post(f.baseUrl, f.connector.serviceUrl);
    expect(res.status).toBe(200);
    expect(f.connector.textsTo(`a:local-${n}`).length + f.connector.activities.filter((a) => a.conversationId === `a:local-${n}`).length).toBeGreaterThan(0);
  });

  it('oversized ids are refused (400) before anything else', async () => {
    const before = await footprint();
    const activity = messageActivity({ conversationId: `a:${'x'.repeat(600)}`, serviceUrl: f.connector.serviceUrl, userId: '29:long', text: 'hi' });
    const res = await fetch(`${f.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    expect(res.status).toBe(400);
    const longUser = messageActivity({ conversationId: 'a:ok', serviceUrl: f.connector.serviceUrl, userId: `29:${'u'.repeat(300)}`, text: 'hi' });
    expect((await fetch(`${f.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(longUser) })).status).toBe(400);
    expect(await footprint()).toEqual(before);
  });
});
