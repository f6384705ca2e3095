/** Text for Adaptive Cards, where single newlines inside a TextBlock collapse. */

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
