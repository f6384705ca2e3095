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

  it('takes a SQLite file: URL or a PostgreSQL URL, and names what is wrong with anything else', () => {
    expect(parseConfig({ DATABASE_URL: 'file:./x.db' }).DATABASE_URL).toBe('file:./x.db');
    expect(parseConfig({ DATABASE_URL: 'postgres://ponte:secret@db.internal:5432/ponte' }).DATABASE_URL).toContain('postgres://');
    expect(parseConfig({ DATABASE_URL: 'postgresql://ponte@localhost/ponte?sslmode=require' }).DATABASE_URL).toContain('postgresql://');
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x@y/z' })).toThrow(/DATABASE_URL: expected file:<path> \(SQLite\) or postgres/);
    expect(() => parseConfig({ DATABASE_URL: './data/ponte.db' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ DATABASE_URL: 'postgresql://localhost' })).toThrow(/needs a database name/);
    expect(() => parseConfig({ DATABASE_URL: 'file:' })).toThrow(/needs a path/);
  });

  it('treats empty values as unset, like an .env file with blank lines', () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: '', MICROSOFT_APP_ID: '' }).MICROSOFT_APP_ID).toBeUndefined();
  });

  it('trust settings: Microsoft connector hosts by default, ops endpoints on PORT unless OPS_PORT, a token of some length', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ TEAMS_SERVICE_URLS: 'https://smba.trafficmanager.net/,https://*.botframework.com/', OPS_HOST: '127.0.0.1', STRANGER_RETENTION_DAYS: 30, PRUNE_STRANGERS_CRON: '30 3 * * *' });
    expect(c.OPS_PORT).toBeUndefined();
    expect(c.OPS_TOKEN).toBeUndefined();
    expect(parseConfig({ OPS_PORT: '9090', OPS_TOKEN: 'x'.repeat(16), TEAMS_SERVICE_URLS: 'https://smba.infra.gcc.teams.microsoft.com/' })).toMatchObject({ OPS_PORT: 9090 });
    expect(() => parseConfig({ TEAMS_SERVICE_URLS: 'smba.trafficmanager.net' })).toThrow(/TEAMS_SERVICE_URLS/);
    expect(() => parseConfig({ TEAMS_SERVICE_URLS: 'https://*/' })).toThrow(/TEAMS_SERVICE_URLS/);
    expect(() => parseConfig({ OPS_TOKEN: 'short' })).toThrow(/OPS_TOKEN/);
    expect(() => parseConfig({ PORT: '3978', OPS_PORT: '3978' })).toThrow(/OPS_PORT: must differ from PORT/);
    expect(() => parseConfig({ STRANGER_RETENTION_DAYS: '0' })).toThrow(/STRANGER_RETENTION_DAYS/);
  });
});
