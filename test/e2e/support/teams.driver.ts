/**
 * A Teams user: real Bot Framework activities POSTed over HTTP to /api/messages, with the serviceUrl of
 * the fake connector, where the replies are read back. Suggested actions are pressed as Teams does
 * (imBack: the title comes back as the user's text); Adaptive Card buttons as an Action.Submit
 * (`value` = the button's data, `replyToId` = the card's activity id).
 */
import { stripIsolation } from '../../../core/conversation/bidi';
import { messageActivity, type BfActivity, type TeamsConversationType } from '../../fakes/bf-activity';
import type { RecordedActivity } from '../../fakes/fake-bf-connector';
import { pick, type ChatDriver, type KeptButtons, type Reply } from './driver';
import type { ServerFixture } from './server.fixture';

interface TeamsButton {
  label: string;
  kind: 'imBack' | 'submit';
  value: unknown;
  activityId: string;
}

interface CardElement {
  type: string;
  text?: string;
  actions?: Array<{ type: string; title: string; data: unknown }>;
}

export function postActivity(f: Pick<ServerFixture, 'baseUrl'>, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${f.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof activity === 'string' ? activity : JSON.stringify(activity) });
}

function cardsOf(a: RecordedActivity): Array<{ body: CardElement[] }> {
  const attachments = (a.body.attachments ?? []) as Array<{ contentType: string; content?: { body?: CardElement[] } }>;
  return attachments.filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => ({ body: x.content?.body ?? [] }));
}

export function textsOf(a: RecordedActivity): string[] {
  const texts = typeof a.body.text === 'string' && a.body.text ? [a.body.text] : [];
  for (const card of cardsOf(a)) for (const el of card.body) if (el.type === 'TextBlock' && el.text) texts.push(el.text);
  return texts.map(stripIsolation);
}

export function buttonsOfActivity(a: RecordedActivity): TeamsButton[] {
  const suggested = (a.body.suggestedActions as { actions?: Array<{ type: string; title: string; value: unknown }> } | undefined)?.actions ?? [];
  const fromCards = cardsOf(a).flatMap((c) => c.body.flatMap((el) => el.actions ?? []));
  return [
    ...suggested.map((s) => ({ label: stripIsolation(s.title), kind: 'imBack' as const, value: s.value, activityId: a.id })),
    ...fromCards.map((s) => ({ label: stripIsolation(s.title), kind: 'submit' as const, value: s.data, activityId: a.id })),
  ];
}

export function teamsDriver(f: Pick<ServerFixture, 'baseUrl' | 'connector'>, opts: { userId: string; conversationId?: string; locale?: string; conversationType?: TeamsConversationType }): ChatDriver & { post(a: BfActivity): Promise<Reply> } {
  const conversationId = opts.conversationId ?? `a:conv-${opts.userId}`;
  const aadObjectId = `00000000-0000-4000-8000-${opts.userId.replace(/\D/g, '').padStart(12, '0').slice(-12)}`;
  let buttons: TeamsButton[] = [];
  const base = { conversationId, serviceUrl: f.connector.serviceUrl, userId: opts.userId, aadObjectId, locale: opts.locale ?? 'en-US', conversationType: opts.conversationType ?? 'personal' };
  const post = async (activity: BfActivity): Promise<Reply> => {
    const before = f.connector.activities.length;
    const res = await postActivity(f, activity);
    if (res.status !== 200) throw new Error(`/api/messages answered ${res.status}: ${await res.text()}`);
    const sent = f.connector.activities.slice(before).filter((a) => a.conversationId === conversationId && (a.op === 'reply' || a.op === 'send'));
    const offered = sent.flatMap(buttonsOfActivity);
    if (offered.length) buttons = offered;
    return { texts: sent.flatMap(textsOf), buttons: offered.map((b) => b.label) };
  };
  const pressOn = (b: TeamsButton) =>
    b.kind === 'imBack' ? post(messageActivity({ ...base, text: String(b.value) })) : post(messageActivity({ ...base, value: b.value, replyToId: b.activityId }));
  return {
    post,
    say: (text) => post(messageActivity({ ...base, text })),
    press: (label) => pressOn(pick(buttons, label)),
    keep: () => ({ labels: buttons.map((b) => b.label), buttons: [...buttons] }) as KeptButtons,
    pressKept: (kept, label) => pressOn(pick((kept as KeptButtons & { buttons: TeamsButton[] }).buttons, label)),
  };
}
