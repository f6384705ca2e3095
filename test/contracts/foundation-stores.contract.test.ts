/**
 * One contract, two implementations: the in-memory stores used by core tests must behave like the
 * Prisma repositories on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStore, PersonStore } from '../../core/ports/accounts';
import type { ConversationStore } from '../../core/ports/conversations';
import type { InviteStore } from '../../core/ports/invites';
import { MemoryAccountStore, MemoryConversationStore, MemoryInviteStore, MemoryPeople } from '../support/memory-stores';
import { createHarness, type Harness } from '../support/ponte-harness';

interface Impl {
  accounts: AccountStore;
  people: PersonStore;
  conversations: ConversationStore;
  invites: InviteStore;
  /** Creates a person to invite. */
  addPerson(code: string): Promise<string>;
}

const now = new Date('2026-11-23T10:00:00Z');
let harness: Harness;

const impls: Record<string, () => Promise<Impl>> = {
  memory: async () => {
    const accounts = new MemoryAccountStore();
    const people = new MemoryPeople();
    return {
      accounts,
      people,
      conversations: new MemoryConversationStore(),
      invites: new MemoryInviteStore(accounts, people),
      async addPerson(code) {
        people.add({ id: code, code, fullName: `Person ${code}`, language: 'it', timezone: 'Europe/Rome', roles: [], remindersEnabled: true });
        return code;
      },
    };
  },
  prisma: async () => {
    const { stores, prisma } = harness.ponte;
    return {
      ...stores,
      async addPerson(code) {
        const p = await prisma.person.create({ data: { code, fullName: `Person ${code}` } });
        return p.id;
      },
    };
  },
};

beforeAll(async () => {
  harness = await createHarness();
});
afterAll(async () => harness.close());

describe.each(Object.keys(impls))('foundation stores contract: %s', (name) => {
  let impl: Impl;
  beforeAll(async () => {
    impl = await impls[name]!();
  });

  it('touch creates an account once per channel identity and clears "unreachable"', async () => {
    const a = await impl.accounts.touch('telegram', `${name}-u1`, 'c1', now);
    await impl.accounts.markUnreachable(a.id, now, 'blocked');
    const b = await impl.accounts.touch('telegram', `${name}-u1`, 'c2', now);
    expect(b.id).toBe(a.id);
    expect(b.chatId).toBe('c2');
    expect(b.unreachableAt).toBeNull();
    const other = await impl.accounts.touch('teams', `${name}-u1`, 'c1', now);
    expect(other.id).not.toBe(a.id);
    expect((await impl.accounts.find('telegram', `${name}-u1`))?.id).toBe(a.id);
    expect(await impl.accounts.find('telegram', `${name}-nobody`)).toBeNull();
  });

  it('refusal clears language and consent', async () => {
    const a = await impl.accounts.touch('console', `${name}-u2`, 'c', now);
    await impl.accounts.setLanguage(a.id, 'ar');
    await impl.accounts.recordConsent(a.id, now, 'v1');
    await impl.accounts.recordRefusal(a.id, now);
    const after = await impl.accounts.get(a.id);
    expect(after).toMatchObject({ language: null, consentAt: null });
    expect(after?.consentRefusedAt?.getTime()).toBe(now.getTime());
  });

  it('conversation state round-trips, including data and choices', async () => {
    const state = { flow: 'f', step: 's', version: 7, data: { a: 1, nested: { b: ['x'] } }, choices: [['Label', 'value']] as Array<[string, string]> };
    await impl.conversations.save('console', `${name}-chat`, state);
    expect(await impl.conversations.get('console', `${name}-chat`)).toEqual(state);
    await impl.conversations.clear('console', `${name}-chat`);
    expect(await impl.conversations.get('console', `${name}-chat`)).toBeNull();
  });

  it('an invite code redeems once, links the account and grants the role', async () => {
    const personId = await impl.addPerson(`${name.toUpperCase()}-P1`);
    const code = `${name === 'memory' ? 'MEM' : 'PRI'}22222`;
    await impl.invites.create({ code, role: 'beneficiary', personId, expiresAt: new Date(now.getTime() + 86_400_000) });
    const acc = await impl.accounts.touch('console', `${name}-u3`, 'c', now);
    await impl.accounts.setLanguage(acc.id, 'fr');
    expect(await impl.invites.redeem(code, acc.id, now)).toEqual({ ok: true, personId, role: 'beneficiary' });
    expect((await impl.accounts.get(acc.id))?.personId).toBe(personId);
    const person = await impl.people.get(personId);
    expect(person?.roles).toContain('beneficiary');
    expect(person?.language).toBe('fr');
    const acc2 = await impl.accounts.touch('console', `${name}-u4`, 'c', now);
    expect(await impl.invites.redeem(code, acc2.id, now)).toEqual({ ok: false, reason: 'used' });
  });

  it('expired and unknown codes are told apart', async () => {
    const personId = await impl.addPerson(`${name.toUpperCase()}-P2`);
    const code = `${name === 'memory' ? 'MEM' : 'PRI'}33333`;
    await impl.invites.create({ code, role: 'tutor', personId, expiresAt: new Date(now.getTime() - 1) });
    const acc = await impl.accounts.touch('console', `${name}-u5`, 'c', now);
    expect(await impl.invites.redeem(code, acc.id, now)).toEqual({ ok: false, reason: 'expired' });
    expect(await impl.invites.redeem('NOPE0000', acc.id, now)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('failed attempts are listed since a given time', async () => {
    const acc = await impl.accounts.touch('console', `${name}-u6`, 'c', now);
    await impl.invites.recordAttempt(acc.id, false, new Date(now.getTime() - 60 * 60_000));
    await impl.invites.recordAttempt(acc.id, false, new Date(now.getTime() - 60_000));
    await impl.invites.recordAttempt(acc.id, true, now);
    const since = await impl.invites.failedAttemptsSince(acc.id, new Date(now.getTime() - 30 * 60_000));
    expect(since.map((d) => d.getTime())).toEqual([now.getTime() - 60_000]);
  });
});
