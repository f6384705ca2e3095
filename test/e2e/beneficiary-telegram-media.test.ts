/**
 * Files, long texts and edits on the real Telegram adapter: updates POSTed to the webhook of the real
 * server, the grammY bot answering through the local fake Bot API, and relayed messages sent by the
 * real outbox dispatcher with the real TelegramSender. Files travel by file_id only.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { postWebhook, telegramDriver } from './support/telegram.driver';
import { teamsDriver } from './support/teams.driver';
import { createOutboxRuntime, type OutboxRuntime } from '../../bot/outbox/outbox.runtime';
import { stripIsolation } from '../../core/conversation/bidi';
import { DEMO_BENEFICIARIES, DEMO_TUTORS } from '../../bot/seed/demo.people';
import type { RecordedCall } from '../fakes/fake-telegram-api';

let f: ServerFixture;
let rt: OutboxRuntime;
let chat = 7000;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
  // A rate-limit wait moves the test's clock (a wait that took no time would spin forever on a stopped clock).
  rt = createOutboxRuntime(f.h.ponte, { senders: { telegram: f.server.telegram!.sender }, sleep: async (ms) => f.h.clock.advance(ms), random: () => 0 });
});
afterAll(async () => f?.close());
beforeEach(() => f.tg.reset());

const codeOf = (who: string) =>
  who.startsWith('B-') ? f.h.demo!.beneficiary[DEMO_BENEFICIARIES.findIndex((b) => b.code === who)]! : f.h.demo!.tutor[DEMO_TUTORS.findIndex((t) => t.code === who)]!;

type Linked = { id: number; user: ReturnType<typeof telegramDriver> };
const linked = new Map<string, Linked>();

/**
 * A person linked on Telegram in their language, at the main menu. Invite codes work once, so each
 * demo person is linked once for the whole file and brought back to the menu afterwards.
 */
async function onTelegram(who: string, language: string, lang: string, consent: RegExp): Promise<Linked> {
  const known = linked.get(who);
  if (known) {
    await known.user.say('/menu');
    return known;
  }
  const id = ++chat;
  const user = telegramDriver(f, id, 'webhook', lang);
  await user.say('/start');
  await user.press(language);
  await user.press(consent);
  await user.say(codeOf(who));
  linked.set(who, { id, user });
  return { id, user };
}

/** Posts an update and returns the texts the bot sent to that chat (isolation and anchors removed). */
async function post(update: Update, chatId: number): Promise<string> {
  const before = f.tg.calls.length;
  expect((await postWebhook(f, update)).status).toBe(200);
  // The webhook is answered once the turn is saved; the replies go out right after.
  await f.handled(update.update_id);
  return f.tg.calls
    .slice(before)
    .filter((c) => String(c.params.chat_id) === String(chatId) && !c.error && c.method.startsWith('send'))
    .map((c) => stripIsolation(String(c.params.text ?? '')))
    .join('\n');
}

const sentTo = (chatId: number, method?: string): RecordedCall[] => f.tg.sent(chatId).filter((c) => !method || c.method === method);
const relayed = () => f.h.ponte.prisma.relayMessage.findMany({ orderBy: { createdAt: 'asc' } });
const button = (call: RecordedCall, label: RegExp) => (call.params.reply_markup as InlineKeyboardMarkup).inline_keyboard.flat().find((b) => label.test(stripIsolation(b.text)))!;

/** Presses a button of the last keyboard the bot sent to the chat (also one sent after a raw `post`). */
async function pressIn(chatId: number, label: RegExp, lang: string): Promise<string> {
  const call = sentTo(chatId).filter((c) => c.params.reply_markup).at(-1)!;
  const b = button(call, label) as { callback_data: string };
  return post(f.tg.callbackUpdate(chatId, b.callback_data, (call.result as { message_id: number }).message_id, { languageCode: lang }), chatId);
}

describe('voice notes, photos and documents', () => {
  it('a voice note reaches the tutor by its file_id, with who sent it; the tutor answers with a photo', async () => {
    const ahmed = await onTelegram('B-0001', 'العربية', 'ar', /أوافق/);
    const giulia = await onTelegram('T-0001', 'Italiano', 'it', /Accetto/);
    await ahmed.user.press('✍️ اكتب إلى مرشدي');
    f.tg.reset();
    const voice = f.tg.voiceUpdate(ahmed.id, { languageCode: 'ar', duration: 7 });
    expect(await post(voice, ahmed.id)).toContain('أُرسلت إلى Giulia Ferrero');
    const [row] = await relayed();
    expect(row).toMatchObject({ text: '', mediaKind: 'voice', mediaChannel: 'telegram', mediaRef: voice.message!.voice!.file_id, mediaSeconds: 7 });

    await rt.dispatcher.drain();
    const [header] = sentTo(giulia.id, 'sendMessage');
    expect(stripIsolation(String(header!.params.text))).toMatch(/Messaggio da Ahmed Hassan \(B-0001\), .*:\n\n🎤 Messaggio vocale \(0:07\)/);
    expect(sentTo(giulia.id, 'sendVoice').map((c) => c.params.voice)).toEqual([voice.message!.voice!.file_id]);
    expect(f.tg.callsOf('getFile')).toEqual([]); // never downloaded

    const reply = button(header!, /Rispondi/) as { callback_data: string };
    const headerId = (header!.result as { message_id: number }).message_id;
    expect(await post(f.tg.callbackUpdate(giulia.id, reply.callback_data, headerId, { languageCode: 'it' }), giulia.id)).toContain('Scrivi la tua risposta per Ahmed Hassan');
    const photo = f.tg.photoUpdate(giulia.id, { languageCode: 'it', caption: 'Ecco il modulo da firmare' });
    expect(await post(photo, giulia.id)).toContain('Risposta inviata a Ahmed Hassan');
    f.tg.reset();
    await rt.dispatcher.drain();
    expect(stripIsolation(String(sentTo(ahmed.id, 'sendMessage')[0]!.params.text))).toContain('🖼️ صورة\nEcco il modulo da firmare');
    expect(sentTo(ahmed.id, 'sendPhoto').map((c) => c.params.photo)).toEqual([photo.message!.photo!.at(-1)!.file_id]);
  });

  it('at the menu a voice note is offered to the tutor, and goes only after the confirmation', async () => {
    const mariam = await onTelegram('B-0005', 'ትግርኛ', 'ti', /እሰማማዕ/);
    await onTelegram('T-0001', 'Italiano', 'it', /Accetto/);
    const before = (await relayed()).length;
    expect(await post(f.tg.voiceUpdate(mariam.id, { languageCode: 'ti', duration: 12 }), mariam.id)).toMatch(/እዚ ናብ Giulia Ferrero ክሰዶ ዶ\?\n🎤 ናይ ድምጺ መልእኽቲ \(0:12\)/);
    expect(await relayed()).toHaveLength(before);
    expect(await pressIn(mariam.id, /ናብ ቱቶር ስደድ/, 'ti')).toContain('ንGiulia Ferrero ተላኢኹ');
    expect((await relayed()).slice(before).map((m) => m.mediaKind)).toEqual(['voice']);
  });

  it('refuses a file too big, an unknown type and a sticker with the reason, and saves nothing', async () => {
    const joy = await onTelegram('B-0010', 'English', 'en', /I agree/);
    await joy.user.press('Write to my tutor');
    const before = (await relayed()).length;
    expect(await post(f.tg.documentUpdate(joy.id, { languageCode: 'en', fileSize: 30 * 1024 * 1024 }), joy.id)).toContain('This file is too big: at most 20 MB. Nothing was sent.');
    expect(await post(f.tg.documentUpdate(joy.id, { languageCode: 'en', fileName: 'setup.exe', mimeType: 'application/x-msdownload' }), joy.id)).toContain('I cannot pass on this kind of file');
    expect(await post(f.tg.stickerUpdate(joy.id, { languageCode: 'en' }), joy.id)).toContain('I can read text and buttons only');
    expect(await relayed()).toHaveLength(before);
  });

  it('a file for a tutor who uses Teams is refused at once, saying why; a text still goes', async () => {
    const bilal = await onTelegram('B-0007', 'English', 'en', /I agree/);
    const marco = teamsDriver(f, { userId: '29:marco-media', locale: 'en-US' });
    await marco.say('/start');
    await marco.press('English');
    await marco.press('I agree');
    await marco.say(codeOf('T-0002'));
    await bilal.user.press('Write to my tutor');
    const before = (await relayed()).length;
    expect(await post(f.tg.voiceUpdate(bilal.id, { languageCode: 'en' }), bilal.id)).toContain('only between two Telegram chats, and the other person uses another app');
    expect(await relayed()).toHaveLength(before);
    expect(await post(f.tg.textUpdate(bilal.id, 'I will be late tomorrow.', { languageCode: 'en' }), bilal.id)).toContain('Sent to Marco Bianco');
  });
});

describe('long texts', () => {
  it('a text Telegram split into two messages reaches the tutor whole, once', async () => {
    const joy = await onTelegram('B-0010', 'English', 'en', /I agree/);
    await joy.user.press('Write to my tutor');
    const before = (await relayed()).length;
    const first = `${'I want to explain my situation at work. '.repeat(103)}`.slice(0, 4096);
    const second = 'And this is the end of my message.';
    expect(await post(f.tg.textUpdate(joy.id, first, { languageCode: 'en' }), joy.id)).toContain('I received a long message (4096 characters)');
    expect(await relayed()).toHaveLength(before); // nothing relayed in part
    expect(await post(f.tg.textUpdate(joy.id, second, { languageCode: 'en' }), joy.id)).toContain('Sent to Marco Bianco');
    const mine = (await relayed()).slice(before);
    expect(mine.map((m) => m.text.length)).toEqual([first.length + 1 + second.length]);
    expect(mine[0]!.text.endsWith(second)).toBe(true);
  });

  it('"Send" sends what arrived when no last part comes, and "Discard" sends nothing', async () => {
    const joy = await onTelegram('B-0010', 'English', 'en', /I agree/);
    await joy.user.press('Write to my tutor');
    const before = (await relayed()).length;
    await joy.user.say('a'.repeat(4000));
    await joy.user.press('🗑️ Discard');
    expect(await relayed()).toHaveLength(before);
    await joy.user.say('b'.repeat(4000));
    expect((await joy.user.press('✉️ Send')).texts.join('\n')).toContain('Sent to Marco Bianco');
    expect((await relayed()).slice(before).map((m) => m.text)).toEqual(['b'.repeat(4000)]);
  });
});

describe('edited messages', () => {
  it('an edit before delivery changes what the tutor gets; after delivery a correction follows', async () => {
    const fatima = await onTelegram('B-0002', 'Français', 'fr', /J'accepte/);
    const giulia = await onTelegram('T-0001', 'Italiano', 'it', /Accetto/);
    await fatima.user.press('Écrire à mon tuteur');
    await post(f.tg.textUpdate(fatima.id, 'Je viens lundi à 10h.', { languageCode: 'fr', messageId: 55_001 }), fatima.id);
    expect(await post(f.tg.editedTextUpdate(fatima.id, 55_001, 'Je viens mardi à 10h.', { languageCode: 'fr' }), fatima.id)).toContain('Corrigé : Giulia Ferrero recevra le message corrigé.');
    await rt.dispatcher.drain();
    const delivered = sentTo(giulia.id, 'sendMessage').map((c) => stripIsolation(String(c.params.text)));
    expect(delivered.join('\n')).toContain('Je viens mardi à 10h.');
    expect(delivered.join('\n')).not.toContain('lundi');

    expect(await post(f.tg.editedTextUpdate(fatima.id, 55_001, 'Je viens mercredi à 10h.', { languageCode: 'fr' }), fatima.id)).toContain("J'ai envoyé la correction à Giulia Ferrero.");
    f.tg.reset();
    await rt.dispatcher.drain();
    expect(stripIsolation(String(sentTo(giulia.id, 'sendMessage')[0]!.params.text))).toMatch(/✏️ Fatima Diallo ha corretto un messaggio, .*:\n\nJe viens mercredi à 10h\./);
  });

  it('an edit of a message that was not relayed is answered, and changes nothing', async () => {
    const joy = await onTelegram('B-0010', 'English', 'en', /I agree/);
    await post(f.tg.textUpdate(joy.id, 'hello', { languageCode: 'en', messageId: 56_001 }), joy.id);
    expect(await post(f.tg.editedTextUpdate(joy.id, 56_001, 'hello again', { languageCode: 'en' }), joy.id)).toBe('✏️ You changed a message. I only read new messages: if you like, write it again.');
  });
});
