/**
 * Helpers for the beneficiary-journey tests: link demo people to chats in a language, read outbox
 * rows, and render a row with the real renderer of its kind (as the dispatcher does at send time).
 */
import { expect } from 'vitest';
import type { OutgoingMessage } from '../../../core/messages';
import type { RenderContext } from '../../../core/ports/outbox';
import { isolate, needsIsolation } from '../../../core/conversation/bidi';
import { isRtl } from '../../../core/languages';
import type { ChatUser, Harness } from '../../support/ponte-harness';
import { DEMO_BENEFICIARIES, DEMO_TUTORS } from '../../../bot/seed/demo.people';

const CONSENT: Record<string, string> = { it: 'Accetto', en: 'I agree', fr: "J'accepte", ar: 'أوافق' };
const NATIVE: Record<string, string> = { it: 'Italiano', en: 'English', fr: 'Français', ar: 'العربية' };

/** Onboards `userId` with the invite code of a demo person, in `lang`; returns the chat. */
export async function link(h: Harness, userId: string, who: { beneficiary: string } | { tutor: string }, lang = 'en'): Promise<ChatUser> {
  const code =
    'beneficiary' in who
      ? h.demo!.beneficiary[DEMO_BENEFICIARIES.findIndex((b) => b.code === who.beneficiary)]!
      : h.demo!.tutor[DEMO_TUTORS.findIndex((t) => t.code === who.tutor)]!;
  const user = h.chat(userId);
  await user.say('/start');
  await user.press(NATIVE[lang]!);
  await user.press(CONSENT[lang]!);
  await user.say(code);
  return user;
}

export async function personId(h: Harness, code: string): Promise<string> {
  return (await h.ponte.prisma.person.findUniqueOrThrow({ where: { code } })).id;
}

export async function outboxRows(h: Harness, where: { keyPrefix?: string; kind?: string; personId?: string } = {}) {
  return h.ponte.prisma.outboxMessage.findMany({
    where: { key: where.keyPrefix ? { startsWith: where.keyPrefix } : undefined, kind: where.kind, personId: where.personId },
    orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
  });
}

/** Renders an outbox row with the registered renderer, in the recipient's current language. */
export async function renderRow(h: Harness, key: string): Promise<OutgoingMessage[] | null> {
  const row = await h.ponte.prisma.outboxMessage.findUniqueOrThrow({ where: { key } });
  const recipient = await h.ponte.stores.people.get(row.personId!);
  expect(recipient, `recipient of ${key}`).not.toBeNull();
  const renderer = h.ponte.modules.flatMap((m) => m.renderers ?? []).find((r) => r.kind === row.kind);
  expect(renderer, `renderer for ${row.kind}`).toBeDefined();
  const lang = recipient!.language;
  const ctx: RenderContext = {
    recipient: recipient!,
    lang,
    now: h.clock.now(),
    // As the dispatcher does: values isolated in right-to-left sentences.
    t: (k, params) => h.ponte.translator.t(lang, k, params && Object.fromEntries(Object.entries(params).map(([n, v]) => [n, (typeof v === 'string' || typeof v === 'number') && needsIsolation(isRtl(lang), String(v)) ? isolate(String(v)) : v]))),
  };
  return renderer!.render(ctx, JSON.parse(row.payloadJson) as Record<string, unknown>);
}

export const allText = (msgs: OutgoingMessage[] | null) => (msgs ?? []).map((m) => m.text.replace(/[\u2066-\u2069]/g, '')).join('\n');
export const buttonData = (msgs: OutgoingMessage[] | null) => (msgs ?? []).flatMap((m) => (m.choices ?? []).flat());
