/** /healthz, /readyz and /metrics of the running server, and the router's answers to the unknown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postWebhook, telegramDriver } from '../../e2e/support/telegram.driver';
import { teamsDriver } from '../../e2e/support/teams.driver';
import { openRawSql } from '../../support/raw-sql';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
});
afterAll(async () => f?.close());

const get = (path: string) => fetch(`${f.baseUrl}${path}`);

it('/healthz says the process is alive', async () => {
  const res = await get('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

describe('/readyz', () => {
  it('is ready when the database answers and every migration is applied', async () => {
    const res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', database: 'ok', pendingMigrations: [] });
  });

  it('is not ready while a migration is pending', async () => {
    const db = await openRawSql(f.h.databaseUrl);
    const row = (await db.get<{ id: string; migration_name: string; finished_at: string }>('SELECT * FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1'))!;
    await db.run('UPDATE _prisma_migrations SET finished_at = NULL WHERE id = ?', row.id);
    try {
      const res = await get('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not_ready', database: 'ok', pendingMigrations: [row.migration_name] });
    } finally {
      await db.run('UPDATE _prisma_migrations SET finished_at = ? WHERE id = ?', row.finished_at, row.id);
      await db.close();
    }
    expect((await get('/readyz')).status).toBe(200);
  });
});

it('/metrics exposes updates per channel, replies, errors, the latency histogram and the outbox depth', async () => {
  await telegramDriver(f, 4001, 'webhook').say('/start');
  await teamsDriver(f, { userId: '29:metrics' }).say('/start');
  await postWebhook(f, '{');
  const res = await get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  const text = await res.text();
  expect(text).toMatch(/^ponte_updates_received_total\{channel="telegram"\} [1-9]\d*$/m);
  expect(text).toMatch(/^ponte_updates_received_total\{channel="teams"\} [1-9]\d*$/m);
  expect(text).toMatch(/^ponte_replies_sent_total\{channel="telegram"\} [1-9]\d*$/m);
  expect(text).toMatch(/^ponte_replies_sent_total\{channel="teams"\} [1-9]\d*$/m);
  expect(text).toMatch(/^# TYPE ponte_handling_seconds histogram$/m);
  expect(text).toMatch(/^ponte_handling_seconds_bucket\{channel="telegram",le="\+Inf"\} [1-9]\d*$/m);
  expect(text).toMatch(/^ponte_handling_seconds_count\{channel="teams"\} [1-9]\d*$/m);
  expect(text).toMatch(/^ponte_http_requests_total\{route="\/telegram\/webhook",status="400"\} 1$/m);
  expect(text).toMatch(/^# TYPE ponte_errors_total counter$/m);
  // The demo's appointments have their reminders waiting in the outbox: the gauge reports exactly those.
  const pending = await f.h.ponte.prisma.outboxMessage.count({ where: { status: 'pending' } });
  expect(pending).toBeGreaterThan(0);
  expect(text).toMatch(new RegExp(`^ponte_outbox_depth ${pending}$`, 'm'));
  expect(text).toMatch(/^process_max_resident_memory_bytes \d+$/m);
});

it('unknown paths get 404 and wrong methods 405', async () => {
  expect((await get('/nope')).status).toBe(404);
  const res = await get('/api/messages');
  expect(res.status).toBe(405);
  expect(res.headers.get('allow')).toBe('POST');
});
