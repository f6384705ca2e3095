/** Plans coordinator digests as outbox rows, one per coordinator and period (the key makes a rerun harmless). */
import type { OutboxItem } from '../ports/outbox';
import { PRIORITY } from '../ports/outbox';
import type { DigestKind } from './digest.ports';

export const DIGEST_OUTBOX_KINDS: Record<DigestKind, string> = { weekly: 'digest_weekly', daily: 'digest_daily' };

/** `periodKey` names the run (e.g. the cron fire time), so the same run never plans twice. */
export function planDigests(coordinatorIds: readonly string[], kind: DigestKind, periodKey: string, now: Date): OutboxItem[] {
  return coordinatorIds.map((id) => ({ key: `${DIGEST_OUTBOX_KINDS[kind]}:${id}:${periodKey}`, personId: id, kind: DIGEST_OUTBOX_KINDS[kind], payload: { kind }, dueAt: now, priority: PRIORITY.bulk }));
}
