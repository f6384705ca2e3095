/** A ChannelSender for tests: records what was sent and answers with scripted results. */
import type { Channel, OutgoingMessage } from '../../core/messages';
import type { ChannelSender, SendResult } from '../../core/ports/sender';

export interface SentRecord {
  chatId: string;
  messages: OutgoingMessage[];
}

export class RecordingSender implements ChannelSender {
  readonly sent: SentRecord[] = [];
  readonly attempts: SentRecord[] = [];
  private readonly script: SendResult[] = [];

  constructor(readonly channel: Channel = 'console') {}

  /** The next sends answer these results, in order; after them every send succeeds. */
  failNext(...results: SendResult[]): this {
    this.script.push(...results);
    return this;
  }

  async send(target: { chatId: string }, messages: OutgoingMessage[]): Promise<SendResult> {
    this.attempts.push({ chatId: target.chatId, messages });
    const scripted = this.script.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ chatId: target.chatId, messages });
    return { ok: true, providerId: `p${this.sent.length}` };
  }

  textsTo(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).flatMap((s) => s.messages.map((m) => m.text));
  }
}
