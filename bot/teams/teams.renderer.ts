/**
 * Renders the core's OutgoingMessages as Bot Framework activities for Teams.
 * - The last message of a turn in a personal chat, with up to 3 buttons for that screen: suggested
 *   actions (imBack). Teams shows at most three, only under the turn's last message, and sends the
 *   button's title back as the user's message; `SuggestedLabels` remembers title → data so the press
 *   still reaches the core as a button.
 * - Any other message with buttons (not the last, group chats, more buttons, buttons meant to work
 *   later): an Adaptive Card whose Action.Submit buttons carry the data (`{ ponte: data }`), one
 *   ActionSet per row, the text in the card so it sits above its buttons.
 * - A message with a form: the form's card (teams.form-card.ts) instead of its buttons.
 * Texts go out as plain text (textFormat 'plain'), so a name with * or _ is not read as markdown.
 */
import type { Activity, Attachment as BfAttachment, SuggestedActions } from 'botbuilder';
import type { Choice, OutgoingMessage } from '../../core/messages';
import { decodeAction } from '../../core/conversation/action-data';
import { formCard } from './teams.form-card';
import { adaptiveCardAttachment, textBlocks } from './card-text';

export const MAX_SUGGESTED_ACTIONS = 3;

/** Per conversation, the titles of the suggested actions last shown → their data. Bounded, in memory. */
export class SuggestedLabels {
  private readonly byConversation = new Map<string, Map<string, string>>();
  constructor(private readonly max = 10_000) {}

  remember(conversationId: string, choices: Choice[] | undefined): void {
    this.byConversation.delete(conversationId);
    if (!choices?.length) return;
    this.byConversation.set(conversationId, new Map(choices.map((c) => [normalize(c.label), c.data])));
    if (this.byConversation.size > this.max) this.byConversation.delete(this.byConversation.keys().next().value!);
  }

  /** The data of a suggested action whose title is exactly this text, if it was offered last. */
  lookup(conversationId: string, text: string): string | undefined {
    return this.byConversation.get(conversationId)?.get(normalize(text));
  }
}

const normalize = (s: string) => s.replace(/[\u200E\u200F\u061C\u2066-\u2069]/g, '').normalize('NFKC').trim();

function adaptiveCard(msg: OutgoingMessage): BfAttachment {
  return adaptiveCardAttachment(
    [
      // Single newlines collapse inside a TextBlock: one block per line keeps lists and summaries readable.
      ...textBlocks(msg.text),
      ...(msg.choices ?? []).filter((r) => r.length).map((row) => ({ type: 'ActionSet', actions: row.map((c) => ({ type: 'Action.Submit', title: c.label, data: { ponte: c.data } })) })),
    ],
    msg.dir,
  );
}

function fileAttachments(msg: OutgoingMessage): BfAttachment[] {
  // Inline data URLs: images show in Teams; other files show in the Emulator and the Agents Playground.
  return (msg.attachments ?? []).map((a) => ({ contentType: a.mimeType, contentUrl: `data:${a.mimeType};base64,${Buffer.from(a.bytes).toString('base64')}`, name: a.filename }));
}

/** Real Teams does not open data-URL files (only images); that needs its file-consent flow. Small
 * text files (a report's CSV, the data export) are therefore also sent as plain text to read or copy. */
const TEXT_COPY_MAX_BYTES = 20_000;

function textCopies(msg: OutgoingMessage): Array<Partial<Activity>> {
  return (msg.attachments ?? [])
    .filter((a) => (a.mimeType.startsWith('text/') || a.mimeType.startsWith('application/json')) && a.bytes.byteLength <= TEXT_COPY_MAX_BYTES)
    .map((a) => ({ type: 'message', textFormat: 'plain', text: `📄 ${a.filename}\n${Buffer.from(a.bytes).toString('utf8').replace(/^\uFEFF/, '')}` }));
}

export interface TeamsRenderTarget {
  conversationId: string;
  personal: boolean;
}

/**
 * A button meant to work later (a feature action such as the Undo of a report or "I'll be there"
 * under a reminder): suggested actions vanish with the next message, so these always go on a card.
 */
const lasting = (c: Choice) => decodeAction(c.data).kind === 'feature';

/**
 * Teams shows suggested actions only under the LAST message of a turn, so buttons anywhere else, and
 * buttons that must stay usable, are Adaptive Card buttons (Action.Submit keeps working later).
 */
export function renderForTeams(messages: OutgoingMessage[], target: TeamsRenderTarget, labels?: SuggestedLabels): Array<Partial<Activity>> {
  const out: Array<Partial<Activity>> = [];
  let suggested: Choice[] | undefined;
  messages.forEach((msg, index) => {
    const choices = (msg.choices ?? []).flat();
    const files = fileAttachments(msg);
    const copies = textCopies(msg);
    // The last activity of the turn: nothing (not even a file's text copy) comes after it.
    const isLast = index === messages.length - 1 && copies.length === 0;
    if (msg.form) {
      out.push({ type: 'message', attachments: [formCard({ ...msg, form: msg.form }), ...files] });
    } else if (choices.length > 0 && target.personal && isLast && choices.length <= MAX_SUGGESTED_ACTIONS && !choices.some(lasting)) {
      out.push({
        type: 'message',
        text: msg.text,
        textFormat: 'plain',
        // No `to`: an empty list would mean "show to nobody" on some channels; Teams shows them to the chat.
        suggestedActions: { actions: choices.map((c) => ({ type: 'imBack', title: c.label, value: c.label })) } as SuggestedActions,
        ...(files.length ? { attachments: files } : {}),
      });
      suggested = choices;
    } else if (choices.length > 0) {
      out.push({ type: 'message', attachments: [adaptiveCard(msg), ...files] });
    } else {
      out.push({ type: 'message', text: msg.text, textFormat: 'plain', ...(files.length ? { attachments: files } : {}) });
    }
    out.push(...copies);
  });
  // Suggested actions vanish when the next message arrives, so only the last reply's ones count.
  labels?.remember(target.conversationId, suggested);
  return out;
}
