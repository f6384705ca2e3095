import type { Role } from '../roles';

export interface InviteRecord {
  code: string;
  role: Role;
  personId: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export type RedeemResult =
  | { ok: true; personId: string; role: Role }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface InviteStore {
  find(code: string): Promise<InviteRecord | null>;
  /**
   * Atomically: marks the code used (only if still unused and unexpired), links the account to the
   * code's person, gives the person the code's role and copies the account's language and consent.
   */
  redeem(code: string, accountId: string, now: Date): Promise<RedeemResult>;
  recordAttempt(accountId: string, ok: boolean, now: Date): Promise<void>;
  /** Failed attempts of this account since `since`, oldest first. */
  failedAttemptsSince(accountId: string, since: Date): Promise<Date[]>;
  create(input: { code: string; role: Role; personId: string; createdById?: string; expiresAt: Date }): Promise<void>;
}
