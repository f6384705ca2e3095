import type { PrismaClient } from '@prisma/client';
import type { InviteRecord, InviteStore, RedeemResult } from '../../core/ports/invites';
import type { Role } from '../../core/roles';

export class PrismaInviteStore implements InviteStore {
  constructor(private readonly prisma: PrismaClient) {}

  async find(code: string): Promise<InviteRecord | null> {
    const row = await this.prisma.inviteCode.findUnique({ where: { code } });
    return row ? { code: row.code, role: row.role as Role, personId: row.personId, expiresAt: row.expiresAt, usedAt: row.usedAt } : null;
  }

  async redeem(code: string, accountId: string, now: Date): Promise<RedeemResult> {
    return this.prisma.$transaction(async (tx) => {
      const invite = await tx.inviteCode.findUnique({ where: { code }, include: { person: true } });
      if (!invite || invite.person.erasedAt) return { ok: false, reason: 'unknown' } as const;
      if (invite.usedAt) return { ok: false, reason: 'used' } as const;
      if (invite.expiresAt <= now) return { ok: false, reason: 'expired' } as const;
      // Conditional update: of two chats racing for the same code, only one wins.
      const claimed = await tx.inviteCode.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now, usedByAccountId: accountId } });
      if (claimed.count !== 1) return { ok: false, reason: 'used' } as const;
      const account = await tx.channelAccount.update({ where: { id: accountId }, data: { personId: invite.personId } });
      await tx.personRole.upsert({
        where: { personId_role: { personId: invite.personId, role: invite.role } },
        create: { personId: invite.personId, role: invite.role },
        update: {},
      });
      await tx.person.update({
        where: { id: invite.personId },
        data: { language: account.language ?? invite.person.language, consentAt: account.consentAt ?? now, lastActiveAt: now },
      });
      return { ok: true, personId: invite.personId, role: invite.role as Role } as const;
    });
  }

  async recordAttempt(accountId: string, ok: boolean, now: Date): Promise<void> {
    await this.prisma.codeAttempt.create({ data: { accountId, ok, at: now } });
  }

  async failedAttemptsSince(accountId: string, since: Date): Promise<Date[]> {
    const rows = await this.prisma.codeAttempt.findMany({ where: { accountId, ok: false, at: { gte: since } }, orderBy: { at: 'asc' }, select: { at: true } });
    return rows.map((r) => r.at);
  }

  async create(input: { code: string; role: Role; personId: string; createdById?: string; expiresAt: Date }): Promise<void> {
    await this.prisma.inviteCode.create({ data: { code: input.code, role: input.role, personId: input.personId, createdById: input.createdById, expiresAt: input.expiresAt } });
  }
}
