import type { PrismaClient, ChannelAccount, Person } from '@prisma/client';
import type { Account, AccountStore, PersonStore, PersonSummary } from '../../core/ports/accounts';
import type { Channel } from '../../core/messages';
import { ROLES, type Role } from '../../core/roles';
import { sqlDate } from './sql-dialect';

export function toAccount(row: ChannelAccount): Account {
  return {
    id: row.id,
    channel: row.channel as Channel,
    externalId: row.externalId,
    chatId: row.chatId,
    personId: row.personId,
    language: row.language,
    consentAt: row.consentAt,
    consentRefusedAt: row.consentRefusedAt,
    unreachableAt: row.unreachableAt,
  };
}

export class PrismaAccountStore implements AccountStore {
  constructor(private readonly prisma: PrismaClient) {}

  async touch(channel: Channel, externalId: string, chatId: string, now: Date): Promise<Account> {
    const row = await this.prisma.channelAccount.upsert({
      where: { channel_externalId: { channel, externalId } },
      create: { channel, externalId, chatId, createdAt: now, lastSeenAt: now },
      update: { chatId, lastSeenAt: now, unreachableAt: null, unreachableReason: null },
    });
    return toAccount(row);
  }

  async get(accountId: string): Promise<Account | null> {
    const row = await this.prisma.channelAccount.findUnique({ where: { id: accountId } });
    return row ? toAccount(row) : null;
  }

  async find(channel: Channel, externalId: string): Promise<Account | null> {
    const row = await this.prisma.channelAccount.findUnique({ where: { channel_externalId: { channel, externalId } } });
    return row ? toAccount(row) : null;
  }

  async setLanguage(accountId: string, language: string | null): Promise<void> {
    await this.prisma.channelAccount.update({ where: { id: accountId }, data: { language } });
  }

  async recordConsent(accountId: string, now: Date, _version: string): Promise<void> {
    await this.prisma.channelAccount.update({ where: { id: accountId }, data: { consentAt: now, consentRefusedAt: null } });
  }

  async recordRefusal(accountId: string, now: Date): Promise<void> {
    await this.prisma.channelAccount.update({
      where: { id: accountId },
      data: { consentRefusedAt: now, consentAt: null, language: null, languageHint: null, conversationRef: null },
    });
  }

  async markUnreachable(accountId: string, now: Date, reason: string): Promise<void> {
    await this.prisma.channelAccount.update({ where: { id: accountId }, data: { unreachableAt: now, unreachableReason: reason } });
  }

  async accountsOf(personId: string): Promise<Account[]> {
    const rows = await this.prisma.channelAccount.findMany({ where: { personId }, orderBy: { lastSeenAt: 'desc' } });
    return rows.map(toAccount);
  }
}

/** The core's view of a person row (with its roles). */
export function toPersonSummary(p: Person & { roles: Array<{ role: string }> }): PersonSummary {
  return {
    id: p.id,
    code: p.code,
    fullName: p.fullName,
    language: p.language,
    timezone: p.timezone,
    remindersEnabled: p.remindersEnabled,
    roles: p.roles.map((r) => r.role).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
  };
}

export class PrismaPersonStore implements PersonStore {
  constructor(private readonly prisma: PrismaClient) {}

  async get(personId: string): Promise<PersonSummary | null> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, include: { roles: true } });
    return !p || p.erasedAt ? null : toPersonSummary(p);
  }

  /** One raw statement (choosing a language is a turn of its own, and raw-only turns run direct on SQLite). */
  async setLanguage(personId: string, language: string): Promise<void> {
    const changed = await this.prisma.$executeRaw`UPDATE "Person" SET "language" = ${language}, "updatedAt" = ${sqlDate(new Date())} WHERE "id" = ${personId}`;
    if (changed !== 1) throw new Error('no such person');
  }
}
