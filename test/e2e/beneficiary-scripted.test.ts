/**
 * Scripted conversations in Arabic, Urdu and Tigrinya on the real Telegram adapter (webhook, fake Bot
 * API, the real outbox dispatcher with the Telegram sender): a question typed at the menu, a voice note
 * to the tutor, and an appointment the tutor books for the same day, announced at once with "today".
 * With TRANSCRIPT_DIR set, each transcript is written there (beneficiary-<lng>.telegram.txt).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { postWebhook } from './support/telegram.driver';
import { createOutboxRuntime, type OutboxRuntime } from '../../bot/outbox/outbox.runtime';
import { stripIsolation } from '../../core/conversation/bidi';
import { DEMO_BENEFICIARIES, DEMO_TUTORS } from '../../bot/seed/demo.people';
import type { RecordedCall } from '../fakes/fake-telegram-api';

let f: ServerFixture;
let rt: OutboxRuntime;
beforeAll(async () => {
  f = await startServerFixture({ telegramMode: 'webhook' });
  rt = createOutboxRuntime(f.h.ponte, { senders: { telegram: f.server.telegram!.sender }, sleep: async (ms) => f.h.clock.advance(ms), random: () => 0 });
});
afterAll(async () => f?.close());

const codeOf = (who: string) =>
  who.startsWith('B-') ? f.h.demo!.beneficiary[DEMO_BENEFICIARIES.findIndex((b) => b.code === who)]! : f.h.demo!.tutor[DEMO_TUTORS.findIndex((t) => t.code === who)]!;

/** One Telegram chat, with a transcript of what was typed and what came back (texts, buttons, files). */
function person(chatId: number, lang: string, transcript: string[], who: string) {
  let lastKeyboard: RecordedCall | undefined;
  const show = (c: RecordedCall) => {
    const text = c.method === 'sendMessage' ? stripIsolation(String(c.params.text)) : `[${c.method.replace('send', '').toLowerCase()} ${String(c.params.voice ?? c.params.photo ?? c.params.document ?? '')}]`;
    const keys = (c.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat().map((b) => `[${stripIsolation(b.text)}]`).join(' ');
    return `  < ${who}: ${text.replace(/\n+/g, ' ⏎ ')}${keys ? `\n      ${keys}` : ''}`;
  };
  const record = (from: number) => {
    const calls = f.tg.calls.slice(from).filter((c) => String(c.params.chat_id) === String(chatId) && !c.error && c.method.startsWith('send'));
    for (const c of calls) if (c.params.reply_markup) lastKeyboard = c;
    transcript.push(...calls.map(show));
    return calls.map((c) => stripIsolation(String(c.params.text ?? ''))).join('\n');
  };
  const post = async (update: Update, typed: string) => {
    transcript.push(`> ${who}: ${typed}`);
    const from = f.tg.calls.length;
    expect((await postWebhook(f, update)).status).toBe(200);
    // The webhook is answered once the turn is saved; the replies go out right after.
    await f.handled(update.update_id);
    return record(from);
  };
  return {
    chatId,
    say: (text: string) => post(f.tg.textUpdate(chatId, text, { languageCode: lang }), text.length > 80 ? `${text.slice(0, 77)}…` : text),
    voice: (seconds: number) => post(f.tg.voiceUpdate(chatId, { languageCode: lang, duration: seconds }), `🎤 (voice note, ${seconds} s)`),
    press: (label: RegExp) => {
      const b = (lastKeyboard!.params.reply_markup as InlineKeyboardMarkup).inline_keyboard.flat().find((k) => label.test(stripIsolation(k.text))) as { text: string; callback_data: string } | undefined;
      if (!b) throw new Error(`no button ${label} in ${JSON.stringify(lastKeyboard!.params.reply_markup)}`);
      return post(f.tg.callbackUpdate(chatId, b.callback_data, (lastKeyboard!.result as { message_id: number }).message_id, { languageCode: lang }), `[${stripIsolation(b.text)}]`);
    },
    /** What the outbox delivered to this chat since `from`. */
    delivered: (from: number) => record(from),
  };
}

interface Script {
  lng: string;
  beneficiary: string;
  tutor: string;
  language: RegExp;
  consent: RegExp;
  question: string;
  answer: string;
  write: RegExp;
  sent: string;
  today: string;
}

const SCRIPTS: Script[] = [
  { lng: 'ar', beneficiary: 'B-0001', tutor: 'T-0001', language: /العربية/, consent: /أوافق/, question: 'ما هي قسيمة الراتب؟', answer: '🇮🇹 بالإيطالية: Busta paga', write: /اكتب إلى مرشدي/, sent: 'أُرسلت إلى Giulia Ferrero', today: 'اليوم الساعة 11:30' },
  { lng: 'ur', beneficiary: 'B-0007', tutor: 'T-0002', language: /اردو/, consent: /متفق/, question: 'میری اگلی ملاقات کب ہے؟', answer: 'ابھی آپ کی کوئی ملاقات نہیں ہے', write: /ٹیوٹر کو لکھیں/, sent: 'Marco Bianco کو بھیج دیا گیا', today: 'آج 11:30 بجے' },
  { lng: 'ti', beneficiary: 'B-0005', tutor: 'T-0001', language: /ትግርኛ/, consent: /እሰማማዕ/, question: 'ወረቐት ደሞዝ እንታይ እዩ?', answer: 'Busta paga', write: /ንቱቶር ጽሓፉ/, sent: 'ንGiulia Ferrero ተላኢኹ', today: 'ሎሚ ሰዓት 11:30' },
];

const tutors = new Map<string, ReturnType<typeof person>>();
let nextChat = 9100;

async function tutorOnTelegram(code: string, transcript: string[]) {
  const known = tutors.get(code);
  if (known) return known;
  const t = person(++nextChat, 'it', transcript, 'tutor');
  await t.say('/start');
  await t.press(/Italiano/);
  await t.press(/Accetto/);
  await t.say(codeOf(code));
  tutors.set(code, t);
  return t;
}

describe.each(SCRIPTS)('$lng: a question, a voice note, an appointment today', (s) => {
  it('runs the script', async () => {
    f.h.clock.set('2026-11-23T09:00:00Z'); // Monday 10:00 in Rome
    const transcript: string[] = [];
    const tutor = await tutorOnTelegram(s.tutor, []);
    const b = person(++nextChat, s.lng, transcript, 'beneficiary');
    await b.say('/start');
    await b.press(s.language);
    await b.press(s.consent);
    await b.say(codeOf(s.beneficiary));

    // 1. A question typed at the menu is answered, in the person's language.
    expect(await b.say(s.question)).toContain(s.answer);
    await b.say('/menu');

    // 2. A voice note for the tutor, by its file_id.
    await b.press(s.write);
    expect(await b.voice(14)).toContain(s.sent);
    const beforeTutor = f.tg.calls.length;
    await rt.dispatcher.drain();
    const tutorLog: string[] = [];
    const tutorView = person(tutor.chatId, 'it', tutorLog, 'tutor');
    expect(tutorView.delivered(beforeTutor)).toMatch(/✉️ Messaggio da .* \(B-\d{4}\), .*🎤 Messaggio vocale \(0:14\)/s);
    expect(f.tg.calls.slice(beforeTutor).some((c) => c.method === 'sendVoice' && String(c.params.chat_id) === String(tutor.chatId))).toBe(true);
    transcript.push(...tutorLog);

    // 3. The tutor books an appointment for today at 11:30: announced at once, "today at 11:30".
    transcript.push('> tutor: (books an appointment for today 11:30)');
    await tutor.say('/menu');
    await tutor.press(/Appuntamenti/);
    await tutor.press(/Nuovo appuntamento/);
    await tutor.press(new RegExp(s.beneficiary));
    await tutor.press(/Incontro con il tutor/);
    await tutor.say('23/11 11:30');
    await tutor.say('Cooperativa Il Ponte, Via Nizza 12, Torino');
    await tutor.press(/Niente/);
    await tutor.press(/Conferma/);
    const beforeNotice = f.tg.calls.length;
    await rt.dispatcher.drain();
    const notice = b.delivered(beforeNotice);
    expect(notice).toContain('⏰');
    expect(notice).toContain(s.today);

    const text = transcript.join('\n');
    if (process.env.TRANSCRIPT_DIR) fs.writeFileSync(path.join(process.env.TRANSCRIPT_DIR, `beneficiary-${s.lng}.telegram.txt`), `${text}\n`);
    expect(text).toContain('🎤 (voice note, 14 s)');
  });
});
