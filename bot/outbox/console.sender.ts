/**
 * The terminal channel's sender: proactive messages (reminders, digests) are printed, attachments saved
 * to a folder. It always succeeds; it is what `npm run chat` and the demo scripts use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OutgoingMessage } from '../../core/messages';
import type { ChannelSender, SendResult } from '../../core/ports/sender';
import { renderForTerminal } from '../console/console.renderer';

export interface ConsoleSenderOptions {
  write?: (text: string) => void;
  /** Where attachments are written; omit to only list them. */
  attachmentsDir?: string;
}

export class ConsoleSender implements ChannelSender {
  readonly channel = 'console' as const;
  private seq = 0;

  constructor(private readonly opts: ConsoleSenderOptions = {}) {}

  async send(target: { chatId: string }, messages: OutgoingMessage[]): Promise<SendResult> {
    const dir = this.opts.attachmentsDir;
    const rendered = renderForTerminal(messages, {
      saveAttachment: dir
        ? (a) => {
            fs.mkdirSync(dir, { recursive: true });
            const file = path.join(dir, a.filename);
            fs.writeFileSync(file, a.bytes);
            return file;
          }
        : undefined,
    });
    (this.opts.write ?? ((t) => process.stdout.write(t)))(`\n📨 [to ${target.chatId}]\n${rendered.text}\n`);
    return { ok: true, providerId: `console-${++this.seq}` };
  }
}
