/**
 * In-memory versions of the foundation's ports, for fast core tests. The contract tests in
 * test/contracts run the same assertions against these and the Prisma repositories.
 */
import type { Account, AccountStore, PersonStore, PersonSummary } from '../../core/ports/accounts';
import type { ConversationState, ConversationStore } from '../../core/ports/conversations';
import type { InviteRecord, InviteStore, RedeemResult } from '../../core/ports/invites';
import type { AuditEntry, AuditLog } from '../../core/ports/audit';
import type { Translator, TranslationParams } from '../../core/ports/translator';
import type { Channel } from '../../core/messages';
import type { Role } from '../../core/roles';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import type { Receipt, ReceiptStore } from '../../core/ports/receipts';
import type { TurnStart, TurnStore } from '../../core/ports/turns';
import { REPLY_KIND, type QueuedReply, type ReplyInput, type ReplyOutbox } from '../../core/ports/replies';
import type { InstanceRegistry } from '../../core/ports/instances';

export class MemoryConversationStore implements ConversationStore {
  readonly states = new Map<string, ConversationState>();
  async get(channel: Channel, chatId: string) {
    const s = this.states.get(`${channel}:${chatId}`);
    return s ? structuredClone(s) : null;
  }
  async save(channel: Channel, chatId: string, state: ConversationState) {
    this.states.set(`${channel}:${chatId}`, structuredClone(state));
  }
  async clear(channel: Channel, chatId: string) {
    this.states.delete(`${channel}:${chatId}`);
  }
}

export class MemoryPeople implements PersonStore {
  readonly people = new Map<string, PersonSummary>();
  add(p: PersonSummary) {
    this.people.set(p.id, p);
    return p;
  }
  async get(id: string) {
    const p = this.people.get(id);
    return p ? { ...p, roles: [...p.roles] } : null;
  }
  async setLanguage(id: string, language: string) {
    const p = this.people.get(id);
    if (p) p.language = language;
  }
}

export class MemoryAccountStore implements AccountStore {
  readonly accounts = new Map<string, Account>();
  private seq = 0;
  async touch(channel: Channel, externalId: string, chatId: string, _now: Date) {
    const found = [...this.accounts.values()].find((a) => a.channel === channel && a.externalId === externalId);
    if (found) {
      found.chatId = chatId;
      found.unreachableAt = null;
      return { ...found };
    }
    const a: Account = { id: `acc${++this.seq}`, channel, externalId, chatId, personId: null, language: null, consentAt: null, consentRefusedAt: null, unreachableAt: null };
    this.accounts.set(a.id, a);
    return { ...a };
  }
  async get(id: string) {
    const a = this.accounts.get(id);
    return a ? { ...a } : null;
  }
  async find(channel: Channel, externalId: string) {
    const a = [...this.accounts.values()].find((x) => x.channel === channel && x.externalId === externalId);
    return a ? { ...a } : null;
  }
  async setLanguage(id: string, language: string | null) {
    this.accounts.get(id)!.language = language;
  }
  async recordConsent(id: string, now: Date) {
    Object.assign(this.accounts.get(id)!, { consentAt: now, consentRefusedAt: null });
  }
  async recordRefusal(id: string, now: Date) {
    Object.assign(this.accounts.get(id)!, { consentRefusedAt: now, consentAt: null, language: null });
  }
  async markUnreachable(id: string, now: Date) {
    this.accounts.get(id)!.unreachableAt = now;
  }
  async accountsOf(personId: string) {
    return [...this.accounts.values()].filter((a) => a.personId === personId).map((a) => ({ ...a }));
  }
}

export class MemoryInviteStore implements InviteStore {
  readonly invites = new Map<string, InviteRecord>();
  readonly attempts: Array<{ accountId: string; ok: boolean; at: Date }> = [];
  constructor(
    private readonly accounts: MemoryAccountStore,
    private readonly people: MemoryPeople,
  ) {}
  async find(code: string) {
    return this.invites.get(code) ?? null;
  }
  async redeem(code: string, accountId: string, now: Date): Promise<RedeemResult> {
    const inv = this.invites.get(code);
    if (!inv) return { ok: false, reason: 'unknown' };
    if (inv.usedAt) return { ok: false, reason: 'used' };
    if (inv.expiresAt <= now) return { ok: false, reason: 'expired' };
    inv.usedAt = now;
    const account = this.accounts.accounts.get(accountId)!;
    account.personId = inv.personId;
    const person = this.people.people.get(inv.personId)!;
    if (!person.roles.includes(inv.role)) person.roles.push(inv.role);
    if (account.language) person.language = account.language;
    return { ok: true, personId: inv.personId, role: inv.role };
  }
  async recordAttempt(accountId: string, ok: boolean, at: Date) {
    this.attempts.push({ accountId, ok, at });
  }
  async failedAttemptsSince(accountId: string, since: Date) {
    return this.attempts.filter((a) => a.accountId === accountId && !a.ok && a.at >= since).map((a) => a.at);
  }
  async create(input: { code: string; role: Role; personId: string; expiresAt: Date }) {
    this.invites.set(input.code, { code: input.code, role: input.role, personId: input.personId, expiresAt: input.expiresAt, usedAt: null });
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(e: AuditEntry) {
    this.entries.push(e);
  }
}

/** Returns `lng:key {json params}` so core tests can assert which text was chosen without locale files. */
export class KeyEchoTranslator implements Translator {
  constructor(private readonly langs: string[] = ['it', 'en', 'fr', 'ar']) {}
  t(lng: string, key: string, params?: TranslationParams) {
    return params && Object.keys(params).length ? `${lng}:${key} ${JSON.stringify(params)}` : `${lng}:${key}`;
  }
  languages() {
    return this.langs;
  }
  exists() {
    return true;
  }
}

/** Runs work inline; afterCommit callbacks run once the outermost unit resolves (nothing rolls back in memory). */
export class InlineUnitOfWork implements UnitOfWork {
  private depth = 0;
  private pending: Array<() => void> = [];
  async run<T>(_lockKey: string, work: () => Promise<T>): Promise<T> {
    this.depth += 1;
    try {
      const result = await work();
      if (this.depth === 1) for (const fn of this.pending.splice(0)) fn();
      return result;
    } finally {
      this.depth -= 1;
      if (this.depth === 0) this.pending = [];
    }
  }
  afterCommit(fn: () => void) {
    if (this.depth > 0) this.pending.push(fn);
    else fn();
  }
}

export class MemoryReceiptStore implements ReceiptStore {
  readonly seen = new Set<string>();
  async record(r: Receipt) {
    const key = `${r.scope}\u0000${r.id}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

export class MemoryTurnStore implements TurnStore {
  constructor(
    private readonly accounts: MemoryAccountStore,
    private readonly people: MemoryPeople,
    private readonly conversations: MemoryConversationStore,
  ) {}
  async start(channel: Channel, externalId: string, chatId: string, now: Date): Promise<TurnStart> {
    const account = await this.accounts.touch(channel, externalId, chatId, now);
    return { account, person: account.personId ? await this.people.get(account.personId) : null, conversation: await this.conversations.get(channel, chatId) };
  }
}

/**
 * Reply rows in memory: sent now when nothing earlier of the chat is unsent but rows this outbox's own
 * sender holds, else queued. Outboxes made with `sharing` see the same rows, as processes share a database.
 */
export class MemoryReplyOutbox implements ReplyOutbox {
  readonly rows: Map<string, { id: string; key: string; chat: string; unsent: boolean; heldBy: string | null }>;
  private seq = 0;
  constructor(
    readonly owner = 'memory-replies',
    sharing?: MemoryReplyOutbox,
  ) {
    this.rows = sharing?.rows ?? new Map();
  }
  async enqueue(input: ReplyInput): Promise<QueuedReply | null> {
    if ([...this.rows.values()].some((r) => r.key === input.key)) return null;
    const chat = `${input.channel}:${input.chatId}`;
    const behind = [...this.rows.values()].some((r) => r.chat === chat && r.unsent && r.heldBy !== this.owner);
    const id = `reply-${this.owner}-${++this.seq}`;
    this.rows.set(id, { id, key: input.key, chat, unsent: true, heldBy: behind ? null : this.owner });
    const base = { owner: this.owner, channel: input.channel, chatId: input.chatId };
    if (behind) return { ...base, row: null };
    const reply = { channel: input.channel, chatId: input.chatId, messages: input.messages, ref: input.ref ?? null, tenantId: null, partsSent: 0 };
    return { ...base, row: { id, key: input.key, personId: input.personId, kind: REPLY_KIND, payload: {}, dueAt: input.now, priority: 0, attempts: 0, leaseUntil: input.now, reply } };
  }
  /** What the outbox queue does once a reply is delivered. */
  delivered(id: string) {
    this.rows.delete(id);
  }
}

/** Live instances in memory: each with the instant its entry expires. */
export class MemoryInstanceRegistry implements InstanceRegistry {
  readonly until = new Map<string, number>();
  async heartbeat(instance: string, now: Date, ttlMs: number): Promise<number> {
    this.until.set(instance, now.getTime() + ttlMs);
    return [...this.until.values()].filter((t) => t >= now.getTime()).length;
  }
  async leave(instance: string): Promise<void> {
    this.until.delete(instance);
  }
}
