/**
 * A turn is one unit of work, on the real app (Prisma on SQLite): its receipt, the conversation state,
 * what features write and its replies commit together. A flow that throws keeps none of its writes, is
 * answered with an apology and recorded, so a redelivery does not replay the bug; a receipt seen before
 * makes the turn a duplicate that does nothing.
 */
import { testProvider } from '../../support/test-database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import type { IncomingMessage } from '../../../core/messages';

let h: Harness;
const msg = (chatId: string, text: string): IncomingMessage => ({ channel: 'telegram', chatId, userId: chatId, languageHint: 'en', content: { type: 'text', text } });

beforeAll(async () => {
  h = await createHarness({ demo: true });
  // A feature that writes, then fails: the kind of bug a turn must not half-save.
  h.ponte.modules.push({
    async textAtMenu(ctx, text) {
      if (text !== 'explode') return undefined;
      await h.ponte.stores.audit.record({ at: ctx.now, actorId: ctx.person!.id, action: 'half_done', subjectType: 'test' });
      throw new Error('bug in a flow');
    },
  });
});
afterAll(() => h.close());

async function linkedChat(chatId: string): Promise<void> {
  const user = h.chat(chatId, { channel: 'telegram', languageHint: 'en' });
  await user.say('/start');
  await user.press('English');
  await user.press('I agree');
  await user.say(h.demo!.beneficiary.pop()!);
}

describe('a turn as one unit of work', () => {
  it('a flow that throws keeps none of its writes: the user gets an apology, the update is recorded', async () => {
    await linkedChat('5001');
    const before = await h.ponte.prisma.conversationState.findUniqueOrThrow({ where: { channel_chatId: { channel: 'telegram', chatId: '5001' } } });
    const result = await h.ponte.engine.process(msg('5001', 'explode'), { receipt: { scope: 'telegram', id: 'u-explode' }, durable: {} });
    expect(result.duplicate).toBe(false);
    if (result.duplicate) return;
    expect(textOf(result.replies)).toBe(h.ponte.translator.t('en', 'common:errors.generic'));
    expect(result.replies[0]!.choices?.flat().map((c) => c.data)).toEqual(['g.menu']);
    expect(await h.ponte.prisma.auditEvent.count({ where: { action: 'half_done' } })).toBe(0);
    const after = await h.ponte.prisma.conversationState.findUniqueOrThrow({ where: { channel_chatId: { channel: 'telegram', chatId: '5001' } } });
    expect(after).toEqual(before);
    // The apology is a stored reply like any other, and the update counts as handled.
    expect(result.queued?.row?.reply?.messages).toEqual(result.replies);
    expect(await h.ponte.engine.process(msg('5001', 'explode'), { receipt: { scope: 'telegram', id: 'u-explode' }, durable: {} })).toEqual({ duplicate: true });
  });

  it('a duplicate does nothing at all: no state, no reply, no account touched', async () => {
    await linkedChat('5002');
    const first = await h.ponte.engine.process(msg('5002', '/help'), { receipt: { scope: 'telegram', id: 'u-help' }, durable: {} });
    expect(first.duplicate).toBe(false);
    const rows = await h.ponte.prisma.outboxMessage.count({ where: { chatId: '5002' } });
    const stats = { ...h.ponte.db.stats };
    expect(await h.ponte.engine.process(msg('5002', '/help'), { receipt: { scope: 'telegram', id: 'u-help' }, durable: {} })).toEqual({ duplicate: true });
    // BEGIN, the receipt insert that found the id, COMMIT; on PostgreSQL also the chat's advisory lock.
    expect(h.ponte.db.stats.statements - stats.statements).toBe(testProvider() === 'postgres' ? 4 : 3);
    expect(await h.ponte.prisma.outboxMessage.count({ where: { chatId: '5002' } })).toBe(rows);
  });

  it('a turn without receipt or durable replies (the terminal) stores no reply row', async () => {
    const replies = await h.chat('5003', { channel: 'console' }).say('/start');
    expect(textOf(replies)).toContain('Scegli la tua lingua');
    expect(await h.ponte.prisma.outboxMessage.count({ where: { chatId: '5003' } })).toBe(0);
    expect(await h.ponte.prisma.processedUpdate.count({ where: { updateId: { contains: '5003' } } })).toBe(0);
  });
});
