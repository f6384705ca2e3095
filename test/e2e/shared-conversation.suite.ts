/**
 * One behaviour, three channels: the same conversation, run against the terminal, Telegram and Teams
 * drivers. Each channel's test file calls `sharedConversationSuite` with a way to make new users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCodes } from '../../bot/seed/demo.seed';
import { joined, type ChatDriver } from './support/driver';

export interface SuiteWorld {
  demo: DemoCodes;
  /** A new user (fresh chat) on the channel under test. */
  newUser(): ChatDriver;
  close(): Promise<void>;
}

export function sharedConversationSuite(channel: string, setup: () => Promise<SuiteWorld>): void {
  describe(`shared conversation on ${channel}`, () => {
    let world: SuiteWorld;
    const codes: string[] = [];
    const nextCode = () => {
      const code = codes.shift();
      if (!code) throw new Error('out of demo beneficiary codes');
      return code;
    };

    beforeAll(async () => {
      world = await setup();
      codes.push(...world.demo.beneficiary);
    });
    afterAll(async () => world?.close());

    /** /start → English → I agree → invite code: the beneficiary's main menu. */
    async function onboard(user: ChatDriver, language = 'English') {
      await user.say('/start');
      await user.press(language);
      await user.press(/I agree|Accetto|J'accepte|أوافق/);
      return user.say(nextCode());
    }

    it('onboards with /start, a language button, consent and an invite code', async () => {
      const user = world.newUser();
      const start = await user.say('/start');
      expect(joined(start)).toContain('Choose your language');
      expect(start.buttons).toEqual(expect.arrayContaining(['Italiano', 'English', 'Français', 'العربية']));

      const consent = await user.press('English');
      expect(joined(consent)).toContain('Privacy notice');
      expect(consent.buttons).toEqual(expect.arrayContaining([expect.stringContaining('I agree'), expect.stringContaining('I do not agree')]));

      const ask = await user.press('I agree');
      expect(joined(ask)).toContain('Type the invite code');

      const welcome = await user.say(nextCode());
      expect(joined(welcome)).toMatch(/Welcome, .+!/);
      expect(joined(welcome)).toContain('Main menu');
      expect(welcome.buttons).toEqual(expect.arrayContaining([expect.stringContaining('Language'), expect.stringContaining('Help')]));
    });

    it('onboards from a deep link: /start <invite code>, then language and consent', async () => {
      const user = world.newUser();
      const start = await user.say(`/start ${nextCode()}`);
      expect(start.buttons).toContain('English');
      await user.press('English');
      const welcome = await user.press('I agree');
      expect(joined(welcome)).toMatch(/Welcome, .+!/);
      expect(joined(welcome)).toContain('Main menu');
    });

    it('navigates the menu: Language, then English', async () => {
      const user = world.newUser();
      const menu = await onboard(user, 'Italiano');
      expect(joined(menu)).toContain('Menu principale');

      const choose = await user.press('Lingua');
      expect(joined(choose)).toContain('Scegli la tua lingua');
      const changed = await user.press('English');
      expect(joined(changed)).toContain('Language set: English');
      expect(joined(changed)).toContain('Main menu');
      expect(changed.buttons).toEqual(expect.arrayContaining([expect.stringContaining('Language')]));
    });

    it('a stale button says it is no longer valid and shows the current menu', async () => {
      const user = world.newUser();
      await onboard(user);
      await user.press('Language');
      const languageScreen = user.keep();
      expect(languageScreen.labels).toContain('Français');

      const menu = await user.say('/menu');
      expect(joined(menu)).toContain('Main menu');

      const stale = await user.pressKept(languageScreen, 'Français');
      expect(joined(stale)).toContain('This button is no longer valid');
      expect(joined(stale)).toContain('Main menu');
      expect(joined(stale)).not.toContain('Langue');
    });
  });
}
