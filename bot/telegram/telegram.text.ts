/**
 * Telegram refuses messages longer than 4096 characters (counted in UTF-16 code units). Long texts
 * are split at the last paragraph break, line break or space before the limit, never inside a
 * surrogate pair, so an emoji or a word is not cut in half.
 */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

export function splitMessage(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(sep);
      // A break in the first half would leave a tiny chunk: prefer a hard cut then.
      if (at >= limit / 2) {
        cut = at;
        break;
      }
    }
    if (cut === -1) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const head = rest.slice(0, cut).trimEnd();
    if (head) chunks.push(head);
    rest = rest.slice(cut).replace(/^[ \n]+/, '');
  }
  if (chunks.length === 0) chunks.push(rest);
  else if (rest.trim()) chunks.push(rest.trimEnd());
  return chunks;
}
