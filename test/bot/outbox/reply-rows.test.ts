/** A reply stored as an outbox row comes back as it was rendered: buttons, a form, files, direction. */
import { describe, expect, it } from 'vitest';
import { decodeReply, encodeReply } from '../../../bot/outbox/reply-rows';
import type { OutgoingMessage } from '../../../core/messages';

describe('reply rows', () => {
  it('round-trip every field of a message, attachments included', () => {
    const messages: OutgoingMessage[] = [
      { text: 'مرحبا', dir: 'rtl', choices: [[{ label: 'OK', data: 'v1.ok' }]] },
      {
        text: 'Ore',
        form: { data: 'v2.form', fields: [{ name: 'hours', label: 'Ore', kind: 'number' }], submitLabel: 'Invia', choices: [[{ label: 'Menu', data: 'g.menu' }]] },
        attachments: [{ kind: 'document', filename: 'r.csv', mimeType: 'text/csv', bytes: new Uint8Array([0, 1, 2, 255]), caption: 'Report' }],
      },
    ];
    const back = decodeReply(encodeReply(messages, '{"conversation":{"id":"a:1"}}'));
    expect(back.ref).toBe('{"conversation":{"id":"a:1"}}');
    expect(back.messages).toEqual(messages);
  });

  it('a payload that does not parse holds no messages', () => {
    expect(decodeReply('{not json')).toEqual({ messages: [], ref: null });
    expect(decodeReply('{"messages":[{"nope":1}]}')).toEqual({ messages: [], ref: null });
  });
});
