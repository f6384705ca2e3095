/**
 * The read a conversation turn starts with, in one statement: the channel account, its person and roles,
 * and the chat's conversation state (one row per role; at least one row, even for a stranger). The
 * account is written only when that changes something: created when absent; chat id, "unreachable" or a
 * last-seen time older than LAST_SEEN_PRECISION_MS refreshed in one UPDATE.
 */
import type { PrismaClient } from '@prisma/client';
import type { Account, PersonSummary } from '../../core/ports/accounts';
import { LAST_SEEN_PRECISION_MS, type TurnStart, type TurnStore } from '../../core/ports/turns';
import type { Channel } from '../../core/messages';
import { ROLES, type Role } from '../../core/roles';
import { toAccount } from './account.repository';
import { parseConversationRow } from './conversation.repository';
import { dialect, sqlDate } from './sql-dialect';

interface StartRow {
  accountId: string | null;
  chatId: string | null;
  personId: string | null;
  accountLanguage: string | null;
  consentAt: unknown;
  consentRefusedAt: unknown;
  unreachableAt: unknown;
  lastSeenAt: unknown;
  code: string | null;
  fullName: string | null;
  language: string | null;
  timezone: string | null;
  remindersEnabled: unknown;
  erasedAt: unknown;
  role: string | null;
  flow: string | null;
  step: string | null;
  version: unknown;
  dataJson: string | null;
}

export class PrismaTurnStore implements TurnStore {
  constructor(private readonly prisma: PrismaClient) {}

  async start(channel: Channel, externalId: string, chatId: string, now: Date): Promise<TurnStart> {
    const rows = await this.prisma.$queryRaw<StartRow[]>`
      SELECT a."id" AS "accountId", a."chatId", a."personId", a."language" AS "accountLanguage", a."consentAt", a."consentRefusedAt",
             a."unreachableAt", a."lastSeenAt", p."code", p."fullName", p."language", p."timezone", p."remindersEnabled", p."erasedAt",
             r."role", s."flow", s."step", s."version", s."dataJson"
      FROM (SELECT 1 AS "one") AS "start"
      LEFT JOIN "ChannelAccount" AS a ON a."channel" = ${channel} AND a."externalId" = ${externalId}
      LEFT JOIN "Person" AS p ON p."id" = a."personId"
      LEFT JOIN "PersonRole" AS r ON r."personId" = p."id"
      LEFT JOIN "ConversationState" AS s ON s."channel" = ${channel} AND s."chatId" = ${chatId}
      ORDER BY r."role"`;
    const first = rows[0]!;
    return { account: await this.account(first, channel, externalId, chatId, now), person: personOf(first, rows), conversation: conversationOf(first) };
  }

  private async account(row: StartRow, channel: Channel, externalId: string, chatId: string, now: Date): Promise<Account> {
    if (!row.accountId) {
      return toAccount(await this.prisma.channelAccount.create({ data: { channel, externalId, chatId, createdAt: now, lastSeenAt: now } }));
    }
    const account: Account = {
      id: row.accountId,
      channel,
      externalId,
      chatId: row.chatId!,
      personId: row.personId,
      language: row.accountLanguage,
      consentAt: dialect.readDate(row.consentAt),
      consentRefusedAt: dialect.readDate(row.consentRefusedAt),
      unreachableAt: dialect.readDate(row.unreachableAt),
    };
    const lastSeen = dialect.readDate(row.lastSeenAt);
    const stale = !lastSeen || now.getTime() - lastSeen.getTime() >= LAST_SEEN_PRECISION_MS;
    if (account.chatId === chatId && !account.unreachableAt && !stale) return account;
    // The person wrote again: reachable again, from this chat.
    await this.prisma.$executeRaw`
      UPDATE "ChannelAccount" SET "chatId" = ${chatId}, "lastSeenAt" = ${sqlDate(now)}, "unreachableAt" = NULL, "unreachableReason" = NULL
      WHERE "id" = ${account.id}`;
    return { ...account, chatId, unreachableAt: null };
  }
}

function personOf(first: StartRow, rows: StartRow[]): PersonSummary | null {
  if (!first.personId || first.code === null || dialect.readDate(first.erasedAt)) return null;
  return {
    id: first.personId,
    code: first.code,
    fullName: first.fullName ?? '',
    language: first.language ?? 'it',
    timezone: first.timezone ?? 'Europe/Rome',
    remindersEnabled: dialect.readBool(first.remindersEnabled),
    roles: rows.map((r) => r.role).filter((r): r is Role => r !== null && (ROLES as readonly string[]).includes(r)),
  };
}

function conversationOf(row: StartRow): TurnStart['conversation'] {
  if (row.flow === null || row.step === null) return null;
  return parseConversationRow({ flow: row.flow, step: row.step, version: dialect.readInt(row.version), dataJson: row.dataJson ?? '{}' });
}
