/** What a conversation turn starts from, read in one go (one statement on the Prisma store). */
import type { Channel } from '../messages';
import type { Account, PersonSummary } from './accounts';
import type { ConversationState } from './conversations';

export interface TurnStart {
  account: Account;
  /** The linked person with their roles; null before onboarding (or after erasure). */
  person: PersonSummary | null;
  /** The chat's stored conversation state; null for a new chat (or one that no longer parses). */
  conversation: ConversationState | null;
}

/** "Seen" is refreshed at most this often: writing it on every message costs a statement a turn. */
export const LAST_SEEN_PRECISION_MS = 3_600_000;

export interface TurnStore {
  /**
   * The account of this channel identity (created when absent; its chat id updated, "unreachable" cleared
   * and its last-seen time refreshed only when that changes something or is older than
   * `LAST_SEEN_PRECISION_MS`), its person with roles, and the chat's conversation state.
   */
  start(channel: Channel, externalId: string, chatId: string, now: Date): Promise<TurnStart>;
}
