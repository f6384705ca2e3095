import type { PrismaClient } from '@prisma/client';
import type { AuditEntry, AuditLog } from '../../core/ports/audit';

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.prisma.auditEvent.create({
      data: {
        at: entry.at,
        actorId: entry.actorId,
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId ?? null,
        detailJson: JSON.stringify(entry.detail ?? {}),
      },
    });
  }
}
