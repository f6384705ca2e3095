/**
 * Private conversations only, on both channels through the real adapters over HTTP. A linked tutor
 * writes in a group: the group gets one neutral line (no menu, no name, no record), the engine never
 * sees it, and the tutor's messages keep going to their private chat, such as a beneficiary's message
 * with a phone number in it, delivered later by the outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUpdateActivity, DEFAULT_BOT, messageActivity } from '../fakes/bf-activity';
import { createOutboxRuntime } from '../../bot/outbox/outbox.runtime';
import { startServerFixture, type ServerFixture } from './support/server.fixture';
import { deliverUpdate, telegramDriver } from './support/telegram.driver';
import { postActivity, teamsDriver, textsOf } from './support/teams.driver';
import type { ChatDriver } from './support/driver';

const SECRET_TEXT = 'Ciao Giulia, il mio numero nuovo è +39 333 987 6543';
/** Nothing of this may ever show in a group. */
const PERSONAL = [/Giulia/, /Ferrero/, /Ahmed/, /Hassan/, /333 987/, /B-0001/, /T-0001/, /menu/i];

async function onboard(user: ChatDriver, code: string) {
  await user.say('/start');
  await user.press('English');
  await user.press('I agree');
  return user.say(code);
}

async function relayFromBeneficiary(f: ServerFixture, beneficiary: ChatDriver) {
  await beneficiary.press('Write to my tutor');
  await beneficiary.say(SECRET_TEXT);
  const runtime = createOutboxRuntime(f.h.ponte, { senders: { telegram: f.server.telegram?.sender, teams: f.server.teams.sender }, sleep: async (ms) => f.h.clock.advance(ms) });
  const report = await runtime.dispatcher.drain();
  expect(report.sent).toBeGreaterThanOrEqual(1);
}

describe('Telegram', () => {
  let f: ServerFixture;
  const TUTOR = 71_001;
  const BENEFICIARY = 71_002;
  const GROUP = -100_555;
  beforeAll(async () => {
    f = await startServerFixture({ telegramMode: 'webhook' });
  });
  afterAll(async () => f?.close());

  const groupSends = () => f.tg.calls.filter((c) => c.method.startsWith('send') && String(c.params.chat_id) === String(GROUP));
  const tutorAccount = () => f.h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { channel: 'telegram', externalId: String(TUTOR) } });

  it('a linked tutor writing in a group gets one neutral line there, and the engine never sees it', async () => {
    const tutor = telegramDriver(f, TUTOR, 'webhook');
    expect((await onboard(tutor, f.h.demo!.tutor[0]!)).texts.join('\n')).toContain('Giulia');
    const statesBefore = await f.h.ponte.prisma.conversationState.count();

    for (const text of ['/start', 'menu', '3 ore tutoraggio Ahmed ieri']) await deliverUpdate(f, f.tg.textUpdate(GROUP, text, { from: { id: TUTOR, first_name: 'Giulia' }, languageCode: 'it' }), 'webhook');

    const sent = groupSends();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.text).toBe('Funziono solo in una chat privata. Scrivimi qui:\nhttps://t.me/ponte_test_bot');
    expect(sent[0]!.params.reply_markup).toBeUndefined();
    for (const p of PERSONAL) expect(String(sent[0]!.params.text)).not.toMatch(p);
    expect((await tutorAccount()).chatId).toBe(String(TUTOR));
    expect(await f.h.ponte.prisma.conversationState.count()).toBe(statesBefore);
    expect(await f.h.ponte.prisma.conversationState.count({ where: { chatId: String(GROUP) } })).toBe(0);
  });

  it('a button pressed in a group answers only the presser (a toast), changes nothing', async () => {
    const before = f.tg.calls.length;
    await deliverUpdate(f, f.tg.callbackUpdate(GROUP, 'g:menu', 999, { from: { id: TUTOR, first_name: 'Giulia' }, languageCode: 'en' }), 'webhook');
    const calls = f.tg.calls.slice(before);
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery']);
    expect(calls[0]!.params).toMatchObject({ show_alert: true, text: 'I only work in a private chat. Write to me here:\nhttps://t.me/ponte_test_bot' });
    expect((await tutorAccount()).chatId).toBe(String(TUTOR));
  });

  it('the bot added to another group says the line once; being removed from a group touches no account', async () => {
    const other = -100_777;
    const member = (status: string) => ({
      update_id: Math.floor(Math.random() * 1e9),
      my_chat_member: { chat: { id: other, type: 'supergroup', title: 'Tutors' }, from: { id: TUTOR, is_bot: false, first_name: 'Giulia', language_code: 'fr' }, date: 1, old_chat_member: { status: 'left', user: { id: 1, is_bot: true, first_name: 'Ponte' } }, new_chat_member: { status, user: { id: 1, is_bot: true, first_name: 'Ponte' } } },
    });
    await deliverUpdate(f, member('member') as never, 'webhook');
    await deliverUpdate(f, member('administrator') as never, 'webhook');
    await deliverUpdate(f, member('left') as never, 'webhook');
    const sent = f.tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(other));
    expect(sent.map((c) => c.params.text)).toEqual(['Je fonctionne seulement dans une conversation privée. Écrivez-moi ici :\nhttps://t.me/ponte_test_bot']);
    expect((await tutorAccount()).unreachableAt).toBeNull();
  });

  it('a beneficiary’s message to that tutor is delivered to the tutor’s private chat, nothing to the group', async () => {
    const beneficiary = telegramDriver(f, BENEFICIARY, 'webhook');
    await onboard(beneficiary, f.h.demo!.beneficiary[0]!);
    const groupBefore = groupSends().length;
    await relayFromBeneficiary(f, beneficiary);
    const toTutor = f.tg.sent(TUTOR).map((c) => String(c.params.text));
    expect(toTutor.some((t) => t.includes(SECRET_TEXT))).toBe(true);
    expect(groupSends()).toHaveLength(groupBefore);
    for (const c of groupSends()) expect(String(c.params.text)).not.toContain('333');
  });

  it('a stale outbox row aimed at a group is refused by the sender, never sent', async () => {
    const before = f.tg.calls.length;
    expect(await f.server.telegram!.sender.send({ chatId: String(GROUP) }, [{ text: SECRET_TEXT }])).toEqual({ ok: false, kind: 'permanent', error: 'not_private_chat' });
    expect(f.tg.calls.length).toBe(before);
  });
});

describe('Teams', () => {
  let f: ServerFixture;
  const GROUP = '19:tutors-group@thread.v2';
  beforeAll(async () => {
    f = await startServerFixture({ telegramMode: 'off' });
  });
  afterAll(async () => f?.close());

  const tutorAccount = () => f.h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { channel: 'teams', chatId: { startsWith: 'a:' }, person: { code: 'T-0001' } } });
  const groupSends = () => f.connector.activities.filter((a) => a.conversationId === GROUP);

  it('a linked tutor writing in a group chat or a team channel gets one neutral line a day, and the engine never sees it', async () => {
    const tutor = teamsDriver(f, { userId: '29:tutor-1001', locale: 'it-IT' });
    await onboard(tutor, f.h.demo!.tutor[0]!);
    const account = await tutorAccount();
    const aad = account.externalId;
    const statesBefore = await f.h.ponte.prisma.conversationState.count();

    for (const text of ['<at>Ponte</at> /start', '<at>Ponte</at> menu']) {
      const res = await postActivity(f, messageActivity({ conversationId: GROUP, conversationType: 'groupChat', serviceUrl: f.connector.serviceUrl, userId: '29:tutor-1001', aadObjectId: aad, locale: 'it-IT', text }));
      expect(res.status).toBe(200);
    }
    // A card button pressed in a team channel (Action.Submit comes back as a message with a value).
    const channelId = '19:general@thread.tacv2;messageid=1700000000000';
    await postActivity(f, messageActivity({ conversationId: channelId, conversationType: 'channel', serviceUrl: f.connector.serviceUrl, userId: '29:tutor-1001', aadObjectId: aad, locale: 'en-US', value: { ponte: 'g:menu' }, replyToId: '1' }));

    const sent = groupSends();
    expect(sent).toHaveLength(1);
    expect(textsOf(sent[0]!)).toEqual(['Funziono solo in una chat privata. Scrivimi qui:\nhttps://teams.microsoft.com/l/chat/0/0?users=28%3A00000000-0000-0000-0000-00000000b07e']);
    expect(sent[0]!.body.suggestedActions).toBeUndefined();
    expect(sent[0]!.body.attachments).toBeUndefined();
    expect(f.connector.activities.filter((a) => a.conversationId === channelId).map((a) => textsOf(a)[0])).toEqual([expect.stringContaining('I only work in a private chat')]);
    const after = await tutorAccount();
    expect(after.chatId).toBe(account.chatId);
    expect(after.conversationRef).toBe(account.conversationRef);
    expect(await f.h.ponte.prisma.conversationState.count()).toBe(statesBefore);
  });

  it('the bot added to a team says the line once (already said in that chat today: nothing)', async () => {
    await postActivity(f, conversationUpdateActivity({ conversationId: GROUP, conversationType: 'groupChat', serviceUrl: f.connector.serviceUrl, membersAdded: [DEFAULT_BOT], locale: 'it-IT' }));
    expect(groupSends()).toHaveLength(1);
  });

  it('a beneficiary’s message to that tutor goes to the tutor’s personal chat, nothing to the group', async () => {
    const beneficiary = teamsDriver(f, { userId: '29:ahmed-1002' });
    await onboard(beneficiary, f.h.demo!.beneficiary[0]!);
    const tutorChat = (await tutorAccount()).chatId;
    await relayFromBeneficiary(f, beneficiary);
    expect(f.connector.textsTo(tutorChat).some((t) => t.includes(SECRET_TEXT))).toBe(true);
    expect(groupSends()).toHaveLength(1);
    for (const a of groupSends()) for (const p of PERSONAL) expect(textsOf(a).join('\n')).not.toMatch(p);
  });
});
