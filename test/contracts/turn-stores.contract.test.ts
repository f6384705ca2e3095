/**
 * One contract, two implementations, for the stores a turn uses since it became one unit of work: the
 * receipts (update ids), the turn's starting read, and the reply outbox. The in-memory versions must
 * behave like the Prisma ones on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStore } from '../../core/ports/accounts';
import type { ConversationStore } from '../../core/ports/conversations';
import type { ReceiptStore } from '../../core/ports/receipts';
import type { ReplyOutbox, ReplyInput } from '../../core/ports/replies';
import type { TurnStore } from '../../core/ports/turns';
import { MemoryAccountStore, MemoryConversationStore, MemoryPeople, MemoryReceiptStore, MemoryReplyOutbox, MemoryTurnStore } from '../support/memory-stores';
import { createHarness, type Harness } from '../support/ponte-harness';
import { PrismaTurnStore } from '../../bot/storage/turn-start.repository';
import { PrismaReplyOutbox } from '../../bot/outbox/reply-rows';

interface Impl {
  receipts: ReceiptStore;
  turns: TurnStore;
  accounts: AccountStore;
  conversations: ConversationStore;
  replies: ReplyOutbox;
  /** The reply outbox of another process on the same database. */
  otherProcess: ReplyOutbox;
  /** Links the account to a new person with these roles. */
  link(accountId: string, roles: Array<'beneficiary' | 'tutor'>): Promise<string>;
  /** What the outbox does once a reply went out. */
  delivered(rowId: string): Promise<void>;
}

const now = new Date('2026-11-23T10:00:00Z');
let harness: Harness;

const impls: Record<string, () => Promise<Impl>> = {
  memory: async () => {
    const accounts = new MemoryAccountStore();
    const people = new MemoryPeople();
    const conversations = new MemoryConversationStore();
    const replies = new MemoryReplyOutbox();
    let n = 0;
    return {
      receipts: new MemoryReceiptStore(),
      turns: new MemoryTurnStore(accounts, people, conversations),
      accounts,
      conversations,
      replies,
      otherProcess: new MemoryReplyOutbox('memory-other-process', replies),
      async link(accountId, roles) {
        const p = people.add({ id: `p${++n}`, code: `M-${n}`, fullName: 'Memory Person', language: 'fr', timezone: 'Europe/Rome', roles: [...roles], remindersEnabled: true });
        accounts.accounts.get(accountId)!.personId = p.id;
        return p.id;
      },
      async delivered(id) {
        replies.delivered(id);
      },
    };
  },
  prisma: async () => {
    const { stores, prisma, outboxQueue } = harness.ponte;
    let n = 0;
    return {
      receipts: stores.receipts,
      turns: new PrismaTurnStore(prisma),
      accounts: stores.accounts,
      conversations: stores.conversations,
      replies: stores.replies,
      otherProcess: new PrismaReplyOutbox(prisma, 'reply:other-process', 60_000),
      async link(accountId, roles) {
        const p = await prisma.person.create({ data: { code: `P-T${++n}`, fullName: 'Prisma Person', language: 'fr', roles: { create: roles.map((role) => ({ role })) } } });
        await prisma.channelAccount.update({ where: { id: accountId }, data: { personId: p.id } });
        return p.id;
      },
      async delivered(id) {
        const row = await prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
        await outboxQueue.complete({ id, key: row.key, personId: row.personId, kind: row.kind, payload: {}, dueAt: row.dueAt, priority: row.priority, attempts: 0, leaseUntil: now, reply: { channel: 'telegram', chatId: row.chatId!, messages: [], ref: null, tenantId: null, partsSent: 0 } }, 'x', {}, now);
      },
    };
  },
};

beforeAll(async () => {
  harness = await createHarness();
});
afterAll(async () => harness.close());

describe.each(Object.keys(impls))('turn stores contract: %s', (name) => {
  let impl: Impl;
  beforeAll(async () => {
    impl = await impls[name]!();
  });

  it('a receipt is recorded once per scope and id', async () => {
    expect(await impl.receipts.record({ scope: 'telegram', id: `${name}-1` }, now)).toBe(true);
    expect(await impl.receipts.record({ scope: 'telegram', id: `${name}-1` }, now)).toBe(false);
    expect(await impl.receipts.record({ scope: 'telegram:press', id: `${name}-1` }, now)).toBe(true);
  });

  it('a first turn creates the account; later turns find the same one, with no person and no state yet', async () => {
    const first = await impl.turns.start('telegram', `${name}-u1`, 'c1', now);
    expect(first).toMatchObject({ person: null, conversation: null, account: { channel: 'telegram', externalId: `${name}-u1`, chatId: 'c1', personId: null } });
    const again = await impl.turns.start('telegram', `${name}-u1`, 'c1', new Date(now.getTime() + 60_000));
    expect(again.account.id).toBe(first.account.id);
  });

  it('reads the linked person with every role, and the chat state; a new message clears "unreachable" and follows a new chat id', async () => {
    const { account } = await impl.turns.start('teams', `${name}-u2`, 'conv-1', now);
    const personId = await impl.link(account.id, ['beneficiary', 'tutor']);
    const state = { flow: 'f', step: 's', version: 3, data: { a: 1 }, choices: [['Yes', 'y']] as Array<[string, string]> };
    await impl.conversations.save('teams', 'conv-2', state);
    await impl.accounts.markUnreachable(account.id, now, 'blocked');
    const start = await impl.turns.start('teams', `${name}-u2`, 'conv-2', now);
    expect(start.person).toMatchObject({ id: personId, language: 'fr', remindersEnabled: true });
    expect([...start.person!.roles].sort()).toEqual(['beneficiary', 'tutor']);
    expect(start.conversation).toEqual(state);
    expect(start.account).toMatchObject({ id: account.id, chatId: 'conv-2', unreachableAt: null });
    expect((await impl.accounts.get(account.id))?.unreachableAt).toBeNull();
  });

  it('a reply goes now unless its chat has earlier replies another sender holds or the queue keeps; a repeated key is refused', async () => {
    const reply = (key: string, chatId = `${name}-chat`): ReplyInput => ({ key: `${name}:${key}`, channel: 'telegram', chatId, personId: null, messages: [{ text: key }], now });
    const first = await impl.replies.enqueue(reply('r1'));
    expect(first?.row?.reply).toMatchObject({ chatId: `${name}-chat`, messages: [{ text: 'r1' }], partsSent: 0 });
    // The earlier reply is this process's own: its sender sends the two in order, so this one goes too.
    const second = await impl.replies.enqueue(reply('r2'));
    expect(second?.row?.reply).toMatchObject({ messages: [{ text: 'r2' }] });
    // Another process must not overtake them: its reply waits in the queue...
    expect(await impl.otherProcess.enqueue(reply('r3'))).toMatchObject({ row: null, channel: 'telegram', chatId: `${name}-chat` });
    // ...and so does this process's next one, behind the queued one.
    expect(await impl.replies.enqueue(reply('r4'))).toMatchObject({ row: null });
    expect(await impl.replies.enqueue(reply('r1'))).toBeNull();
    // Another chat is not held up.
    expect((await impl.replies.enqueue(reply('r5', `${name}-other`)))?.row).not.toBeNull();
    await impl.delivered(first!.row!.id);
  });
});
