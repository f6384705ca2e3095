/**
 * Onboarding through the real engine, the real i18next texts and the real Prisma store on SQLite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { normalizeInviteCode } from '../../../core/onboarding/invite-code';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

const LANGS = [
  { button: 'Italiano', consent: 'Accetto', welcome: 'Benvenuto, Ahmed Hassan', menu: 'Menu principale' },
  { button: 'English', consent: 'I agree', welcome: 'Welcome, Ahmed Hassan', menu: 'Main menu' },
  { button: 'Français', consent: "J'accepte", welcome: 'Bienvenue, Ahmed Hassan', menu: 'Menu principal' },
  { button: 'العربية', consent: 'أوافق', welcome: 'أهلاً بك يا Ahmed Hassan', menu: 'القائمة الرئيسية' },
];

describe('onboarding', () => {
  it.each(LANGS)('links a beneficiary in $button and shows the menu in that language', async (lang) => {
    const user = h.chat(`u-${lang.button}`);
    const first = await user.say('/start');
    expect(first.at(-1)?.choices?.flat().map((c) => c.label)).toEqual(expect.arrayContaining(['Italiano', 'English', 'Français', 'العربية']));
    await user.press(lang.button);
    expect(user.buttons().map((b) => b.label)).toContain(`✅ ${lang.consent}`);
    await user.press(lang.consent);
    const done = await user.say(h.demo!.beneficiary[0]!);
    const text = textOf(done);
    expect(text).toContain(lang.welcome);
    expect(text).toContain(lang.menu);
    const account = await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { externalId: `u-${lang.button}` }, include: { person: true } });
    expect(account.person?.code).toBe('B-0001');
  });

  it('accepts the code in the deep link and asks for it no more', async () => {
    const user = h.chat('deep');
    await user.say(`/start ${h.demo!.tutor[0]}`);
    await user.press('English');
    const done = await user.press('I agree');
    expect(textOf(done)).toContain('Welcome, Giulia Ferrero! From here you can follow your beneficiaries');
  });

  it('keeps a code typed before the language is chosen, and uses it after the consent', async () => {
    const user = h.chat('early', { languageHint: 'en' });
    const code = h.demo!.beneficiary[0]!;
    const first = textOf(await user.say(code.toLowerCase().replace('-', ' – ')));
    expect(first).toContain('I kept your code');
    expect(first).toContain('Choose your language');
    await user.press('English');
    expect(textOf(await user.say(code))).toContain('I kept your code'); // typed again on the notice: still kept, not tried
    const done = await user.press('I agree');
    expect(textOf(done)).toContain('Welcome, Ahmed Hassan');
    expect(await h.ponte.prisma.codeAttempt.findMany({ select: { ok: true } })).toEqual([{ ok: true }]);
  });

  it('reads a code typed with Arabic-Indic digits and an en dash', async () => {
    const user = h.chat('digits');
    await user.say('/start');
    await user.press('العربية');
    await user.press('أوافق');
    const code = h.demo!.beneficiary[0]!.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!).replace('-', '–');
    expect(textOf(await user.say(code))).toContain('أهلاً بك يا Ahmed Hassan');
  });

  it('puts the Arabic welcome right-to-left with the Latin name isolated', async () => {
    const user = h.chat('rtl');
    await user.say('/start');
    await user.press('العربية');
    await user.press('أوافق');
    const done = await user.say(h.demo!.beneficiary[0]!);
    expect(done.every((m) => m.dir === 'rtl')).toBe(true);
    expect(done[0]!.text).toContain('\u2068Ahmed Hassan\u2069');
  });

  it('explains wrong, expired and used codes as such', async () => {
    const user = h.chat('codes');
    await user.say('/start');
    await user.press('English');
    await user.press('I agree');
    expect(textOf(await user.say('ZZZZ-ZZZZ'))).toContain('This code does not exist');
    await h.ponte.prisma.inviteCode.update({ where: { code: normalizeInviteCode(h.demo!.beneficiary[1]!)! }, data: { expiresAt: new Date('2026-11-01T00:00:00Z') } });
    expect(textOf(await user.say(h.demo!.beneficiary[1]!))).toContain('This code has expired');
    const other = h.chat('someone-else');
    await other.say('/start');
    await other.press('English');
    await other.press('I agree');
    await other.say(h.demo!.beneficiary[3]!);
    expect(textOf(await user.say(h.demo!.beneficiary[3]!))).toContain('already been used');
  });

  it('locks further tries for 15 minutes after 5 wrong ones within 15 minutes', async () => {
    const user = h.chat('brute');
    await user.say('/start');
    await user.press('English');
    await user.press('I agree');
    for (let i = 1; i <= 4; i++) {
      expect(textOf(await user.say(`WRNG-CD${i}${i}`))).toContain(`You have ${5 - i} tr`);
      h.clock.advanceMinutes(2);
    }
    expect(textOf(await user.say('WRNG-CD55'))).toContain('Too many wrong tries');
    h.clock.advanceMinutes(5);
    // Even the right code is refused while locked, and the refusal is not counted as a new try.
    const locked = textOf(await user.say(h.demo!.beneficiary[0]!));
    expect(locked).toContain('try again in 10 minutes');
    expect(await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { externalId: 'brute' } }).then((a) => a.personId)).toBeNull();
    h.clock.advanceMinutes(11);
    expect(textOf(await user.say(h.demo!.beneficiary[0]!))).toContain('Welcome, Ahmed Hassan');
  });

  it('does not lock when the wrong tries are spread over more than 15 minutes', async () => {
    const user = h.chat('slow');
    await user.say('/start');
    await user.press('English');
    await user.press('I agree');
    for (let i = 0; i < 6; i++) {
      const reply = textOf(await user.say('WRNG-CODE'));
      expect(reply).not.toContain('Too many');
      h.clock.advanceMinutes(4);
    }
  });

  it('declining stores nothing but the refusal and the chosen language, and can be revisited', async () => {
    const user = h.chat('no');
    await user.say(`/start ${h.demo!.beneficiary[0]}`);
    await user.press('Français');
    const declined = await user.press('Je refuse');
    expect(textOf(declined)).toContain('Nous avons seulement enregistré votre refus et la langue choisie');
    const account = await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { externalId: 'no' } });
    expect(account).toMatchObject({ personId: null, language: 'fr', languageHint: null, consentAt: null, conversationRef: null });
    expect(account.consentRefusedAt).not.toBeNull();
    const state = await h.ponte.prisma.conversationState.findFirstOrThrow({ where: { chatId: 'no' } });
    expect(state.dataJson).not.toContain(normalizeInviteCode(h.demo!.beneficiary[0]!)!);
    expect(await h.ponte.prisma.codeAttempt.count()).toBe(0);
    // The next message is still answered in French (it used to fall back to Italian).
    expect(textOf(await user.say('bonjour'))).toContain('Si vous changez d');
    // Changing one's mind goes straight back to the notice, in the language chosen before.
    expect(textOf(await user.press(/changé d'avis/))).toContain('Confidentialité (résumé)');
    await user.press("J'accepte");
    expect(textOf(await user.say(h.demo!.beneficiary[0]!))).toContain('Bienvenue, Ahmed Hassan');
  });

  it('resumes at the same step after a restart', async () => {
    const user = h.chat('restart');
    await user.say('/start');
    await user.press('English');
    const consentButtons = user.buttons();
    // A new app instance on the same database file: nothing kept in memory.
    await h.ponte.close();
    const { createPonte } = await import('../../../bot/app');
    const { createLogger } = await import('../../../bot/logger');
    h.ponte = await createPonte({ databaseUrl: h.databaseUrl, clock: h.clock, logger: createLogger('silent') });
    const again = h.chat('restart');
    const agree = consentButtons.find((b) => b.label.includes('I agree'))!;
    const reply = await again.action(agree.data);
    expect(textOf(reply)).toContain('Type the invite code');
  });

  it('answers a stale button politely and shows the current screen', async () => {
    const user = h.chat('stale');
    await user.say('/start');
    const old = user.buttons().find((b) => b.label === 'English')!;
    await user.press('English');
    const reply = await user.action(old.data);
    expect(textOf(reply)).toContain('no longer valid');
    expect(textOf(reply)).toContain('Privacy notice');
  });

  it('says it reads only text and buttons for other content, in the user language', async () => {
    const user = h.chat('photo', { languageHint: 'fr-FR' });
    const reply = await user.send({ type: 'unsupported', what: 'photo' });
    expect(textOf(reply)).toContain('Je ne lis que le texte et les boutons');
  });

  it('takes the channel language hint as the first guess', async () => {
    const user = h.chat('hint', { languageHint: 'ar-EG' });
    const reply = await user.say('/help');
    expect(textOf(reply)).toContain('يرافقك Ponte');
  });

  it('lets a linked person change language from the menu, and keeps it', async () => {
    const user = h.chat('lang');
    await user.say(`/start ${h.demo!.beneficiary[0]}`);
    await user.press('Italiano');
    await user.press('Accetto');
    await user.press('Lingua');
    const changed = await user.press('English');
    expect(textOf(changed)).toContain('Language set: English');
    expect(textOf(await user.say('/menu'))).toContain('Main menu');
    const person = await h.ponte.prisma.person.findUniqueOrThrow({ where: { code: 'B-0001' } });
    expect(person.language).toBe('en');
  });
});

describe('plurals in right-to-left languages', () => {
  it('counts tries left in Arabic with the right plural form', async () => {
    const user = h.chat('ar-plural');
    await user.say('/start');
    await user.press('العربية');
    await user.press('أوافق');
    expect(textOf(await user.say('WRNG-CODE'))).toContain('بقيت لك 4 محاولات');
    expect(textOf(await user.say('WRNG-CODE'))).toContain('بقيت لك 3 محاولات');
    await user.say('WRNG-CODE');
    expect(textOf(await user.say('WRNG-CODE'))).toContain('بقيت لك محاولة واحدة');
  });
});

describe('navigation buttons typed as text', () => {
  it('treats the Menu and Back labels as the commands, in the user language (as Teams sends them back)', async () => {
    const user = h.chat('nav-text');
    await user.say(`/start ${h.demo!.beneficiary[0]}`);
    await user.press('Français');
    await user.press("J'accepte");
    await user.press('Langue');
    expect(textOf(await user.say('🏠 Menu'))).toContain('Menu principal');
  });
});

describe('error replies outside a turn', () => {
  it('use the language the person chose, not the channel hint', async () => {
    const user = h.chat('fb', { languageHint: 'en-GB' });
    await user.say(`/start ${h.demo!.beneficiary[0]}`);
    await user.press('Français');
    await user.press("J'accepte");
    const text = await h.ponte.engine.fallbackText({ channel: 'console', userId: 'fb', languageHint: 'en-GB' }, 'common:errors.generic');
    expect(text).toContain('Un problème est survenu');
    const stranger = await h.ponte.engine.fallbackText({ channel: 'console', userId: 'nobody', languageHint: 'ar' }, 'common:errors.generic');
    expect(stranger).toContain('حدث خطأ');
  });
});

describe('changing language in the middle of something', () => {
  it('comes back to the same screen, now in the new language', async () => {
    const user = h.chat('mid-lang');
    await user.say(`/start ${h.demo!.beneficiary[0]}`);
    await user.press('English');
    await user.press('I agree');
    await user.press('Write to my tutor');
    await user.say('/language');
    const back = await user.press('Français');
    expect(textOf(back)).toContain('Langue choisie : Français');
    expect(textOf(back)).not.toContain('Menu principal');
    // Still on the "write to my tutor" screen: what is typed now goes to the tutor.
    const sent = await user.say('Bonjour, je serai en retard demain.');
    expect(await h.ponte.prisma.relayMessage.count({ where: { text: 'Bonjour, je serai en retard demain.' } })).toBe(1);
    expect(textOf(sent)).not.toContain("Je n'ai pas compris");
  });
});
