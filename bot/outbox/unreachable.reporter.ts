/**
 * A channel said a recipient is gone for good (403 "bot was blocked by the user", deleted account):
 * in one transaction the account is marked unreachable (no more sends to it until the person writes
 * again), the event is audited, and each coordinator covering the person's region gets a notice.
 */
import type { PrismaClient } from '@prisma/client';
import type { UnreachableReporter } from '../../core/outbox/outbox-queue.ports';
import type { Channel } from '../../core/messages';
import { PRIORITY } from '../../core/ports/outbox';
import { scheduleIn } from '../storage/outbox.repository';
import { coordinatorsCovering, locatePerson } from '../reports/scope.repository';

/** Outbox kind of the notice to coordinators; rendered by the coordinator module. */
export const UNREACHABLE_NOTICE_KIND = 'unreachable_notice';

export interface UnreachableNoticePayload {
  personId: string;
  channel: Channel;
  at: string;
}

export class PrismaUnreachableReporter implements UnreachableReporter {
  constructor(private readonly prisma: PrismaClient) {}

  async report(input: { personId: string; accountId: string; channel: Channel; reason: string; at: Date }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      // Only the first failure counts: later rows to the same account must not repeat the notice.
      const marked = await tx.channelAccount.updateMany({ where: { id: input.accountId, unreachableAt: null }, data: { unreachableAt: input.at, unreachableReason: input.reason } });
      if (marked.count === 0) return;
      await tx.auditEvent.create({
        data: { at: input.at, actorId: null, action: 'recipient_unreachable', subjectType: 'channel_account', subjectId: input.accountId, detailJson: JSON.stringify({ personId: input.personId, channel: input.channel }) },
      });
      const where = await locatePerson(tx, input.personId);
      const coordinators = (await coordinatorsCovering(tx, where.region, where.province)).filter((id) => id !== input.personId);
      const payload: UnreachableNoticePayload = { personId: input.personId, channel: input.channel, at: input.at.toISOString() };
      await scheduleIn(
        tx,
        coordinators.map((coordinatorId) => ({
          key: `unreachable:${input.accountId}:${input.at.getTime()}:${coordinatorId}`,
          personId: coordinatorId,
          kind: UNREACHABLE_NOTICE_KIND,
          payload: { ...payload },
          dueAt: input.at,
          priority: PRIORITY.reminder,
        })),
      );
    });
  }
}
