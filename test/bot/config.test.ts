import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../bot/config';

describe('config', () => {
  it('has working defaults on an empty environment', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ DATABASE_URL: 'file:./data/ponte.db', PORT: 3978, TELEGRAM_MODE: 'polling', DEFAULT_TIMEZONE: 'Europe/Rome', QUIET_HOURS_START: '21:00' });
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('lists every problem at once, readably', () => {
    try {
      parseConfig({ PORT: 'abc', TELEGRAM_MODE: 'push', DEFAULT_TIMEZONE: 'Mars/Olympus', QUIET_HOURS_START: '25:00', MICROSOFT_APP_ID: 'not-a-guid' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'TELEGRAM_MODE', 'DEFAULT_TIMEZONE', 'QUIET_HOURS_START', 'MICROSOFT_APP_ID']) expect(problems).toContain(name);
      expect((err as Error).message).toMatch(/^Invalid configuration:\n {2}- /);
    }
  });

  it('requires a webhook secret in webhook mode and a password with an app id', () => {
    expect(() => parseConfig({ TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_MODE: 'webhook' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => parseConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' })).toThrow(/MICROSOFT_APP_PASSWORD/);
  });

  it('treats empty values as unset, like an .env file with blank lines', () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: '', MICROSOFT_APP_ID: '' }).MICROSOFT_APP_ID).toBeUndefined();
  });
});
