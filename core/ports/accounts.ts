import type { Channel } from '../messages';
import type { Role } from '../roles';

/** A chat identity on one channel; `personId` is set once an invite code links it. */
export interface Account {
  id: string;
  channel: Channel;
  externalId: string;
  chatId: string;
  personId: string | null;
  language: string | null;
  consentAt: Date | null;
  consentRefusedAt: Date | null;
  unreachableAt: Date | null;
}

export interface PersonSummary {
  id: string;
  code: string;
  fullName: string;
  language: string;
  timezone: string;
  roles: Role[];
  remindersEnabled: boolean;
}

export interface AccountStore {
  /** Finds or creates the account; records that it was seen, and clears "unreachable" (the person wrote again). */
  touch(channel: Channel, externalId: string, chatId: string, now: Date): Promise<Account>;
  get(accountId: string): Promise<Account | null>;
  /** The account of a channel identity, without touching it (for error replies in the right language). */
  find(channel: Channel, externalId: string): Promise<Account | null>;
  setLanguage(accountId: string, language: string | null): Promise<void>;
  recordConsent(accountId: string, now: Date, version: string): Promise<void>;
  /** Declining keeps nothing but the refusal: language and consent are cleared. */
  recordRefusal(accountId: string, now: Date): Promise<void>;
  markUnreachable(accountId: string, now: Date, reason: string): Promise<void>;
  /** Accounts of a person, for sends started by the bot. */
  accountsOf(personId: string): Promise<Account[]>;
}

export interface PersonStore {
  get(personId: string): Promise<PersonSummary | null>;
  setLanguage(personId: string, language: string): Promise<void>;
}
