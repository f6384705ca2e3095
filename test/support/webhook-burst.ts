/**
 * A burst of Telegram updates over webhooks, as Telegram sends them, and what reached the (fake) Bot API
 * in answer: shared by bench:updates (one server killed and restarted), bench:instances and the
 * two-instance test (two servers, one killed). Every chat is onboarded and opens "Words of work"; then
 * each chat's updates are searches whose "I found nothing" reply quotes a token unique to the update, so
 * every reply can be traced to its update, counted, and put in order.
 */
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import type { FakeTelegramApi } from '../fakes/fake-telegram-api';
import { createPonte } from '../../bot/app';
import { createLogger } from '../../bot/logger';
import { seedDemo } from '../../bot/seed/demo.seed';
import { openDatabase } from '../../bot/storage/database';
import { decodeReply } from '../../bot/outbox/reply-rows';
import { CODE_ALPHABET } from '../../core/onboarding/invite-code';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seeds the demo programme and one beneficiary invite code per chat (`prefix`: 4 characters of CODE_ALPHABET, which has no I, L, O, U, 0 or 1). */
export async function seedInviteCodes(databaseUrl: string, chats: number, prefix = 'XPDB'): Promise<string[]> {
  if (![...prefix].every((ch) => CODE_ALPHABET.includes(ch))) throw new Error(`invite code prefix ${prefix}: not in the code alphabet`);
  const ponte = await createPonte({ databaseUrl, logger: createLogger('silent') });
  try {
    await seedDemo(ponte.prisma, { now: new Date() });
    const person = await ponte.prisma.person.findFirstOrThrow({ where: { roles: { some: { role: 'beneficiary' } } } });
    const codes = Array.from({ length: chats }, (_, i) => `${prefix}${[0, 1, 2, 3].map((d) => CODE_ALPHABET[Math.floor(i / CODE_ALPHABET.length ** d) % CODE_ALPHABET.length]).join('')}`);
    for (const code of codes) await ponte.stores.invites.create({ code, role: 'beneficiary', personId: person.id, expiresAt: new Date(Date.now() + 86_400_000) });
    return codes;
  } finally {
    await ponte.close();
  }
}

/** Posts an update to some server: the HTTP status, 0 for a failed connection (see server-process.ts). */
export type Post = (chatId: number, update: Update) => Promise<number>;

/**
 * Onboards every chat (`/start`, English, consent, its code) and opens "Words of work", each step once
 * the previous one's replies arrived (and `thinkMs` more, as a person reads before answering). Throws if
 * a step is not answered 200 or gets no reply.
 */
export async function onboardChats(tg: FakeTelegramApi, chats: number[], codes: string[], post: Post, thinkMs = 0): Promise<void> {
  const lastKeyboard = (chatId: number) => {
    const call = tg.sent(chatId).filter((c) => (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard).at(-1);
    const id = (call?.result as { message_id?: number } | undefined)?.message_id;
    return call && id ? { messageId: id, markup: call.params.reply_markup as InlineKeyboardMarkup } : undefined;
  };
  const press = (chatId: number, label: RegExp): Update => {
    const kb = lastKeyboard(chatId);
    const button = kb?.markup.inline_keyboard.flat().find((b) => 'callback_data' in b && label.test(b.text));
    if (!kb || !button || !('callback_data' in button)) throw new Error(`chat ${chatId}: no button ${label}`);
    return tg.callbackUpdate(chatId, button.callback_data, kb.messageId, { replyMarkup: kb.markup, languageCode: 'en' });
  };
  /** Waits for a step's replies: a screen with buttons, or (`anyText`) any message. */
  const replies = async (chatId: number, before: number, anyText: boolean) => {
    const done = () => tg.sent(chatId).slice(before).some((c) => anyText || (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard);
    for (let i = 0; i < 6_000 && !done(); i++) await sleep(5);
    if (!done()) throw new Error(`chat ${chatId}: no reply to an onboarding step`);
  };
  await Promise.all(
    chats.map(async (c, i) => {
      // The code prompt is the one screen without buttons.
      const steps: Array<[() => Update, boolean]> = [
        [() => tg.textUpdate(c, '/start', { languageCode: 'en' }), false],
        [() => press(c, /English/), false],
        [() => press(c, /agree/), true],
        [() => tg.textUpdate(c, codes[i]!, { languageCode: 'en' }), false],
        [() => press(c, /Words/), false],
      ];
      for (const [step, anyText] of steps) {
        const before = tg.sent(c).length;
        // As Telegram does, an update not answered 200 (a server shedding load answers 500) is sent again.
        const update = step();
        let status = 0;
        for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
          if (attempt) await sleep(250);
          status = await post(c, update);
        }
        if (status !== 200) throw new Error(`onboarding of chat ${c} answered ${status}`);
        await replies(c, before, anyText);
        if (thinkMs) await sleep(thinkMs);
      }
    }),
  );
}

/** The token an update's reply quotes, found in a sent text. */
export const tokenOf = (text: string): string | undefined => /zqxj\d+k\d+/.exec(text)?.[0];

/**
 * Each chat's burst: `perChat` searches, one after the other, and what came back for them. Drive it with
 * `drive`, as often as needed (a restart, a fail-over): it resumes where each chat stopped.
 */
export class SearchBurst {
  readonly updates: Map<number, Update[]>;
  /** Updates answered 2xx. */
  readonly answered = new Set<number>();
  /** Per chat, the index of its next update to deliver. */
  readonly next: Map<number, number>;
  /** Webhook requests under way right now. */
  inFlight = 0;

  /** `from`: the first update's number in each chat, so that later bursts of the same chats quote new tokens. */
  constructor(
    private readonly tg: FakeTelegramApi,
    readonly chats: number[],
    readonly perChat: number,
    private readonly from = 0,
  ) {
    this.updates = new Map(chats.map((c) => [c, this.tokens(c).map((t) => tg.textUpdate(c, t, { languageCode: 'en' }))]));
    this.next = new Map(chats.map((c) => [c, 0]));
  }

  /** The tokens of a chat's updates in this burst, in order. */
  tokens(chatId: number): string[] {
    return Array.from({ length: this.perChat }, (_, i) => SearchBurst.token(chatId, this.from + i));
  }

  static token(chatId: number, i: number): string {
    return `zqxj${chatId}k${i}`;
  }

  get total(): number {
    return this.chats.length * this.perChat;
  }

  /**
   * Delivers every chat's remaining updates as Telegram does: the next one once the last was answered
   * 2xx, all chats at once. `post` decides where each delivery goes. A non-2xx answer or a failed
   * connection ends the chat's run (`retryMs` undefined: delivered again by a later `drive`), or is
   * delivered again after `retryMs` (another server may take it).
   */
  async drive(post: Post, opts: { onAnswer?: (update: Update) => void; retryMs?: number } = {}): Promise<void> {
    await Promise.all(
      this.chats.map(async (c) => {
        const updates = this.updates.get(c)!;
        while (this.next.get(c)! < updates.length) {
          const u = updates[this.next.get(c)!]!;
          this.inFlight += 1;
          const status = await post(c, u);
          this.inFlight -= 1;
          if (status < 200 || status >= 300) {
            if (opts.retryMs === undefined) return;
            await sleep(opts.retryMs);
            continue;
          }
          this.answered.add(u.update_id);
          this.next.set(c, this.next.get(c)! + 1);
          opts.onAnswer?.(u);
        }
      }),
    );
  }

  /** Per token, how many of its replies reached the Bot API. */
  replyCounts(): Map<string, number> {
    const seen = new Map<string, number>();
    for (const call of this.tg.sent()) {
      const text = String(call.params.text);
      const k = tokenOf(text);
      if (k && /I found nothing/.test(text)) seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    return seen;
  }

  /** Tokens with no reply yet. */
  missing(): string[] {
    const seen = this.replyCounts();
    return this.chats.flatMap((c) => this.tokens(c)).filter((t) => !seen.has(t));
  }

  /** Waits until every update has its reply, or `timeoutMs` passed; then a second for stragglers (duplicates). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.missing().length) await sleep(200);
    await sleep(1_000);
  }

  /** Chats whose replies (first arrivals) reached the Bot API out of their updates' order. */
  outOfOrder(): number[] {
    return this.chats.filter((c) => {
      const order: number[] = [];
      for (const call of this.tg.sent(c)) {
        const k = tokenOf(String(call.params.text));
        const i = k ? Number(k.split('k')[1]) : NaN;
        if (k && !order.includes(i)) order.push(i);
      }
      return order.some((x, j) => j > 0 && x < order[j - 1]!);
    });
  }
}

/**
 * Replies the Bot API already took whose delivery was not yet recorded: rows still leased (`sending`)
 * whose text reached the Bot API. Right after a SIGKILL, these are the only replies that can go out
 * twice. `ownerHas`: only rows leased by this owner (a process id, as ":<pid>:"), for one killed
 * instance among several.
 */
export async function repliesInFlight(databaseUrl: string, tg: FakeTelegramApi, ownerHas?: string): Promise<number> {
  const check = await openDatabase(databaseUrl, { migrate: false });
  try {
    const leased = await check.prisma.outboxMessage.findMany({
      where: { kind: 'reply', status: 'sending', ...(ownerHas ? { leaseOwner: { contains: ownerHas } } : {}) },
      select: { payloadJson: true },
    });
    const delivered = new Set(tg.sent().map((c) => tokenOf(String(c.params.text))).filter(Boolean));
    return leased.filter((r) => decodeReply(r.payloadJson).messages.some((m) => delivered.has(tokenOf(m.text)))).length;
  } finally {
    await check.close();
  }
}
