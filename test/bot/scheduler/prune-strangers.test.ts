/**
 * Housekeeping of strangers, through the real scheduler on a real database: chat identities that never
 * linked (or declined, or were unlinked by an erasure) are deleted after the retention time, with their
 * conversation and code attempts; linked people and recent strangers are untouched; a second run
 * deletes nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { RecordingSender } from '../../support/recording-sender';
import { createOutboxRuntime, createScheduler } from '../../../bot/outbox/outbox.runtime';
import { pruneStrangers } from '../../../bot/scheduler/prune-strangers.job';

const DAY = 86_400_000;
const CRONS = { DISPATCH_CRON: '* * * * *', DIGEST_WEEKLY_CRON: '30 8 * * 1', DIGEST_DAILY_CRON: '30 8 * * *', TUTOR_WEEKLY_CRON: '0 9 * * 5', DEFAULT_TIMEZONE: 'Europe/Rome', PRUNE_STRANGERS_CRON: '30 3 * * *', STRANGER_RETENTION_DAYS: 30 };
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ demo: true, start: '2026-11-24T01:00:00Z' });
});
afterAll(() => h.close());

async function account(externalId: string, daysAgo: number, extra: { personCode?: string; refused?: boolean } = {}) {
  const p = h.ponte.prisma;
  const at = new Date(h.clock.now().getTime() - daysAgo * DAY);
  const personId = extra.personCode ? (await p.person.findUniqueOrThrow({ where: { code: extra.personCode } })).id : null;
  const a = await p.channelAccount.create({ data: { channel: 'telegram', externalId, chatId: externalId, personId, language: 'ar', createdAt: at, lastSeenAt: at, ...(extra.refused ? { consentRefusedAt: at } : {}) } });
  await p.conversationState.create({ data: { channel: 'telegram', chatId: externalId, flow: 'onboarding', step: 'code', dataJson: '{}' } });
  await p.codeAttempt.create({ data: { accountId: a.id, ok: false, at } });
  return a;
}

it('deletes strangers after the retention time, keeps linked people and recent strangers, and is idempotent', async () => {
  const p = h.ponte.prisma;
  await account('5001', 45); // stranger who typed a wrong code, weeks ago
  await account('5002', 40, { refused: true }); // declined the privacy notice
  await account('5003', 3); // stranger, this week
  await account('5004', 90, { personCode: 'B-0001' }); // linked, quiet for months: kept
  // A conversation no account owns (from a group chat, before private-chat-only).
  await p.conversationState.create({ data: { channel: 'telegram', chatId: '-100900', flow: 'menu', step: 'main', dataJson: '{}' } });
  await p.$executeRawUnsafe(`UPDATE "ConversationState" SET "updatedAt" = '2026-09-01T00:00:00.000+00:00' WHERE "chatId" IN ('5001', '5002', '5004', '-100900')`);

  const rt = createOutboxRuntime(h.ponte, { senders: { console: new RecordingSender('console') }, sleep: async () => undefined });
  (rt.service as unknown as { stopped: boolean }).stopped = false;
  h.clock.set('2026-11-24T02:30:00Z'); // 03:30 in Rome
  await createScheduler(h.ponte, rt, CRONS).tick();

  const left = await p.channelAccount.findMany({ where: { externalId: { in: ['5001', '5002', '5003', '5004'] } }, select: { externalId: true } });
  expect(left.map((a) => a.externalId).sort()).toEqual(['5003', '5004']);
  const states = await p.conversationState.findMany({ where: { chatId: { in: ['5001', '5002', '5003', '5004', '-100900'] } }, select: { chatId: true } });
  expect(states.map((s) => s.chatId).sort()).toEqual(['5003', '5004']);
  expect(await p.codeAttempt.count()).toBe(2);
  expect(await p.jobRun.count({ where: { name: 'prune_strangers' } })).toBe(1);

  // Again (another instance, or a rerun by hand): nothing more to delete.
  expect(await pruneStrangers(p, new Date(h.clock.now().getTime() - 30 * DAY))).toEqual({ accounts: 0, conversations: 0 });
});
