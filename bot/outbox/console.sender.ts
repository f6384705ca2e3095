/**
 * The terminal channel's sender for the server (`npm start`): reminders, digests and relayed messages
 * addressed to someone who uses the terminal. The server's output is a log, and logs never hold names
 * or message texts: by default it prints only how many messages went out, never their text, their
 * attachments or the chat id (a terminal user id is whatever the operator typed, often a name).
 * `showTexts` is for a demo on one's own machine.
 */
import type { OutgoingMessage } from '../../core/messages';
import type { ChannelSender, SendResult } from '../../core/ports/sender';
import { renderForTerminal } from '../console/console.renderer';

export interface ConsoleSenderOptions {
  write?: (text: string) => void;
  /** Print the messages themselves (demo only): off by default. Attachments are never written to disk. */
  showTexts?: boolean;
}

export class ConsoleSender implements ChannelSender {
  readonly channel = 'console' as const;
  private seq = 0;

  constructor(private readonly opts: ConsoleSenderOptions = {}) {}

  async send(target: { chatId: string }, messages: OutgoingMessage[]): Promise<SendResult> {
    const write = this.opts.write ?? ((t) => process.stdout.write(t));
    if (this.opts.showTexts) {
      write(`\n📨 [to ${target.chatId}]\n${renderForTerminal(messages).text}\n`);
    } else {
      const attachments = messages.reduce((n, m) => n + (m.attachments?.length ?? 0), 0);
      write(`${JSON.stringify({ t: new Date().toISOString(), level: 'info', event: 'console_message_sent', messages: messages.length, attachments })}\n`);
    }
    return { ok: true, providerId: `console-${++this.seq}` };
  }
}
