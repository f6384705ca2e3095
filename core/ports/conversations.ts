import type { Channel } from '../messages';

/** Where a chat is in its conversation. Stored, so a restart continues it. */
export interface ConversationState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  /** Bumped each time a screen with buttons is shown; buttons carry it. */
  version: number;
  /** Buttons of the screen last shown, as [label, value], so a typed label or number selects one. */
  choices: Array<[string, string]>;
}

export interface ConversationStore {
  get(channel: Channel, chatId: string): Promise<ConversationState | null>;
  save(channel: Channel, chatId: string, state: ConversationState): Promise<void>;
  clear(channel: Channel, chatId: string): Promise<void>;
}
