/**
 * How many SQL statements a turn costs, through the real Telegram webhook: inside its transaction a
 * menu turn or a button press reads everything in one statement and writes its receipt, its state and
 * its replies (4), plus BEGIN and COMMIT (and, on PostgreSQL, first the chat's advisory lock); the
 * delivered reply costs one more statement after the commit. The account is written only when something about it changed (here: an hour since last seen).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { startServerFixture, type ServerFixture } from '../../e2e/support/server.fixture';
import { postWebhook, telegramDriver } from '../../e2e/support/telegram.driver';
import { testProvider } from '../../support/test-database';

let f: ServerFixture;
const CHAT = 6100;
let user: ReturnType<typeof telegramDriver>;

beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
  user = telegramDriver(f, CHAT, 'webhook', 'en');
  await user.say('/start');
  await user.press('English');
  await user.press('I agree');
  await user.say(f.h.demo!.beneficiary[2]!);
});
afterAll(() => f?.close());

/** The statements one update costs, by kind, until its replies are delivered. */
async function statementsOf(update: Update): Promise<string[]> {
  const seen: string[] = [];
  f.h.ponte.db.stats.onStatement = (sql) => seen.push(sql.replace(/\s+/g, ' ').trim());
  try {
    expect((await postWebhook(f, update)).status).toBe(200);
    await f.handled(update.update_id);
  } finally {
    f.h.ponte.db.stats.onStatement = undefined;
  }
  return seen.map((sql) => {
    if (sql === 'BEGIN' || sql === 'COMMIT') return sql;
    // PostgreSQL: the chat's advisory lock, so that instances never run one chat's turns at once.
    if (sql.startsWith('SELECT pg_advisory_xact_lock(')) return 'LOCK chat';
    // The turn's one read (turn-start.repository.ts) selects from a one-row "start" and joins the rest.
    if (sql.startsWith('SELECT') && sql.includes('AS "start"')) return 'SELECT start';
    const m = /^(INSERT INTO|UPDATE|DELETE FROM|SELECT .*? FROM) [`"]?(?:main[`"]?\.[`"]?)?(\w+)/.exec(sql);
    return m ? `${m[1]!.split(' ')[0]} ${m[2]}` : sql.slice(0, 40);
  });
}

const inTransaction = (s: string[]) => s.slice(s.indexOf('BEGIN') + 1, s.indexOf('COMMIT'));
/** On PostgreSQL a turn first takes its chat's lock (bot/storage/database.postgres.ts). */
const lock = testProvider() === 'postgres' ? ['LOCK chat'] : [];

describe('statements per turn', () => {
  it('a menu turn: 4 statements in its transaction, 1 to record the delivery', async () => {
    const s = await statementsOf(f.tg.textUpdate(CHAT, '/menu', { languageCode: 'en' }));
    expect(inTransaction(s)).toEqual([...lock, 'INSERT ProcessedUpdate', 'SELECT start', 'INSERT ConversationState', 'INSERT OutboxMessage']);
    expect(s).toEqual(['BEGIN', ...inTransaction(s), 'COMMIT', 'DELETE OutboxMessage']);
  });

  it('a button press: the same 4, one receipt for the press', async () => {
    const words = user.lastButtons().find((b) => b.label.includes('Words'))!;
    const s = await statementsOf(f.tg.callbackUpdate(CHAT, words.data, words.messageId, { messageText: words.messageText, replyMarkup: words.markup, languageCode: 'en' }));
    expect(inTransaction(s)).toEqual([...lock, 'INSERT ProcessedUpdate', 'SELECT start', 'INSERT ConversationState', 'INSERT OutboxMessage']);
    expect(s.filter((x) => x === 'INSERT ProcessedUpdate')).toHaveLength(1);
  });

  it('an hour later the account is touched once (last seen), then not again', async () => {
    f.h.clock.advance(61 * 60_000);
    expect(inTransaction(await statementsOf(f.tg.textUpdate(CHAT, '/menu', { languageCode: 'en' })))).toContain('UPDATE ChannelAccount');
    expect(inTransaction(await statementsOf(f.tg.textUpdate(CHAT, '/menu', { languageCode: 'en' })))).not.toContain('UPDATE ChannelAccount');
  });
});
