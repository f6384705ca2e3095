/** Adaptive Cards: the attachment around a card's body, and text, where single newlines inside a TextBlock collapse. */
import type { Attachment as BfAttachment } from 'botbuilder';

/** An Adaptive Card (1.5, what Teams renders) with this body, right-to-left when the message is. */
export function adaptiveCardAttachment(body: Array<Record<string, unknown>>, dir?: 'ltr' | 'rtl'): BfAttachment {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      ...(dir === 'rtl' ? { rtl: true } : {}),
      body,
    },
  };
}

/** A text as TextBlocks, one per line (an empty line becomes spacing before the next block). */
export function textBlocks(text: string): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [];
  let gap = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      gap = blocks.length > 0;
      continue;
    }
    blocks.push({ type: 'TextBlock', text: line, wrap: true, spacing: gap ? 'medium' : 'none' });
    gap = false;
  }
  return blocks;
}
