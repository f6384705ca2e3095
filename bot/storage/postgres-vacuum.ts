/**
 * PostgreSQL's counterpart of the WAL checkpoint after an erasure (wal-checkpoint.ts): PostgreSQL keeps
 * the old versions of updated and deleted rows in the table's pages until VACUUM removes them, so after
 * an erasure commits, the tables that held the person's data are vacuumed (in the background, on a
 * connection of the pool, never inside a transaction). VACUUM makes the old row versions unreachable and
 * their space reusable; it does not zero the bytes, and the server's own write-ahead log and backups
 * keep what they keep: the README's Security section says so.
 */
import type { PrismaClient } from '@prisma/client';
import type { Logger } from '../../core/ports/logger';
import { CoalescingTask } from './coalescing-task';

/** Every table the erasure (person-erasure.ts) changes or deletes from. */
const TABLES = ['Person', 'BeneficiaryProfile', 'ChannelAccount', 'ConversationState', 'RelayMessage', 'Appointment', 'InviteCode', 'OutboxMessage', 'DeliveryRecord', 'Internship', 'HourEntry'];

/** `request()` vacuums the tables; true when every table was done. */
export class PostgresVacuum extends CoalescingTask {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected async loop(): Promise<boolean> {
    let ok: boolean;
    do {
      this.again = false;
      ok = true;
      for (const table of TABLES) {
        try {
          // Names from the constant above, never from input.
          await this.prisma.$executeRawUnsafe(`VACUUM "${table}"`);
        } catch (err) {
          ok = false;
          this.logger.warn('vacuum_failed', { table, error: err instanceof Error ? err.name : 'unknown' });
        }
      }
    } while (this.again);
    return ok;
  }
}
