/**
 * /readyz tells the truth about writes, and /readyz and /metrics can require a bearer token
 * (OPS_TOKEN) while /healthz stays open. (OPS_PORT, their own listener: npm-start-logs.e2e.test.ts.)
 */
import { testProvider } from '../../support/test-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';

const TOKEN = 'a-long-enough-ops-token-123';
let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'off', config: { OPS_TOKEN: TOKEN } });
});
afterAll(async () => f?.close());

const get = (path: string, token?: string) => fetch(`${f.baseUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

describe('with OPS_TOKEN', () => {
  it('/metrics and /readyz answer 401 without the token or with a wrong one, and nothing of theirs', async () => {
    for (const path of ['/metrics', '/readyz']) {
      for (const token of [undefined, 'wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
        const res = await get(path, token);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(await res.text()).toBe('{"error":"unauthorized"}');
      }
    }
  });

  it('answer with the token; /healthz needs none', async () => {
    expect((await get('/metrics', TOKEN)).status).toBe(200);
    expect((await get('/readyz', TOKEN)).status).toBe(200);
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('/readyz', () => {
  it('is not ready while the database refuses writes, and ready again once it takes them', async () => {
    const ok = await get('/readyz', TOKEN);
    expect(await ok.json()).toMatchObject({ status: 'ready', database: 'ok' });
    // The database refuses writes from now on, as a full disk or read-only mount would: SQLite's
    // connection goes query-only; on PostgreSQL (a pool of connections) a trigger refuses the probe's write.
    const p = f.h.ponte.prisma;
    const sqlite = testProvider() === 'sqlite';
    if (sqlite) await p.$queryRawUnsafe('PRAGMA query_only = ON');
    else {
      await p.$executeRawUnsafe(`CREATE FUNCTION refuse_writes() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'read-only'; END $$ LANGUAGE plpgsql`);
      await p.$executeRawUnsafe(`CREATE TRIGGER refuse_writes BEFORE INSERT OR UPDATE ON "OpsProbe" FOR EACH ROW EXECUTE FUNCTION refuse_writes()`);
    }
    try {
      const res = await get('/readyz', TOKEN);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'read_only' });
    } finally {
      if (sqlite) await p.$queryRawUnsafe('PRAGMA query_only = OFF');
      else {
        await p.$executeRawUnsafe(`DROP TRIGGER refuse_writes ON "OpsProbe"`);
        await p.$executeRawUnsafe(`DROP FUNCTION refuse_writes()`);
      }
    }
    expect((await get('/readyz', TOKEN)).status).toBe(200);
  });
});
