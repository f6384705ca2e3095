/**
 * A local stand-in for Microsoft's OpenID metadata (login.botframework.com) with a key of our own, and
 * a signer of Bot Framework JWTs, so that authenticated Teams requests are tested with real signatures:
 * botbuilder downloads `/.well-known/openidconfiguration`, then the JWKS at its `jwks_uri`, and checks
 * each token's RS256 signature, issuer, audience, expiry, endorsements and serviceUrl claim.
 *
 * `stall()` makes the metadata hang (to test the time limit), `fail(status)` answer an error.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface FakeOpenId {
  /** Pass as the Teams channel's openIdMetadataUrl. */
  metadataUrl: string;
  /** Requests received (paths), in order. */
  requests: string[];
  /** A JWT signed with the published key (or `key`), with the usual Bot Framework claims overridden by `claims`. */
  token(claims: Record<string, unknown>, opts?: { key?: KeyObject; kid?: string; alg?: string }): string;
  /** A key pair that is not published: tokens signed with it are forgeries. */
  otherKey: KeyObject;
  stall(): void;
  fail(status: number): void;
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startFakeOpenId(): Promise<FakeOpenId> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'ponte-test-key';
  const requests: string[] = [];
  let mode: 'ok' | 'stall' | number = 'ok';
  const stalled: ServerResponse[] = [];
  let base = '';

  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    if (mode === 'stall') {
      stalled.push(res);
      return;
    }
    if (typeof mode === 'number') {
      res.writeHead(mode).end();
      return;
    }
    const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/v1/.well-known/openidconfiguration') return json({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    if (req.url === '/v1/keys') {
      const jwk = publicKey.export({ format: 'jwk' });
      return json({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    requests,
    otherKey,
    token(claims, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: opts.alg ?? 'RS256', typ: 'JWT', kid: opts.kid ?? kid };
      const payload = { iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
      const signing = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      if (header.alg === 'none') return `${signing}.`;
      return `${signing}.${b64url(sign('sha256', Buffer.from(signing), opts.key ?? privateKey))}`;
    },
    stall() {
      mode = 'stall';
    },
    fail(status) {
      mode = status;
    },
    async close() {
      for (const res of stalled) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
