/**
 * All settings come from the environment, validated once at start-up. A bad value stops the program
 * with a readable list of every problem (not just the first). `.env.example` documents each one.
 */
import { z } from 'zod';
import { DEFAULT_TEAMS_SERVICE_URLS, parseServiceUrlRules } from './teams/teams.ingress';
import { datasourceProblem } from './storage/datasource';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM, e.g. 21:00');
const cron = z.string().refine((s) => s.trim().split(/\s+/).length >= 5 && s.trim().split(/\s+/).length <= 6, 'expected a cron expression with 5 or 6 fields');
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const configSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .default('file:./data/ponte.db')
      .superRefine((url, ctx) => {
        const problem = datasourceProblem(url);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    DEFAULT_LANGUAGE: z.string().default('it'),
    DEFAULT_TIMEZONE: z.string().default('Europe/Rome').refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Rome'),
    QUIET_HOURS_START: hhmm.default('21:00'),
    QUIET_HOURS_END: hhmm.default('08:00'),
    PROGRAMME: z.string().default('PUOI'),

    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
    // Several instances: one polls at a time, holding this lease; the longest fail-over when it dies.
    TELEGRAM_POLLING_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(15),
    TELEGRAM_WEBHOOK_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'only A-Z, a-z, 0-9, _ and -, up to 256 characters').optional()),
    TELEGRAM_API_ROOT: z.preprocess((v) => (v === '' ? undefined : v), z.url().default('https://api.telegram.org')),
    TELEGRAM_BOT_USERNAME: optionalString,
    /** Longest wait for one Bot API call; past it the call counts as failed (and its reply goes to the outbox). */
    TELEGRAM_API_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),

    MICROSOFT_APP_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(guid, 'expected a GUID').optional()),
    MICROSOFT_APP_PASSWORD: optionalString,
    MICROSOFT_APP_TENANT_ID: optionalString,
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    TEAMS_SERVICE_URLS: z.preprocess((v) => (v === '' ? undefined : v), z.string().default(DEFAULT_TEAMS_SERVICE_URLS).refine(isServiceUrlList, 'expected comma-separated https://host/ or https://*.domain/path/ patterns')),
    /** Longest wait for one Bot Framework connector call (Teams answers a turn within 15 s). */
    TEAMS_API_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),

    OPS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
    OPS_HOST: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('127.0.0.1')),
    OPS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'at least 16 characters').regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces').optional()),

    /** How long a message stays leased to the process sending it before another may take it over after a crash. */
    OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** PostgreSQL, several instances: how often each renews its entry and recounts the live ones (an entry lasts 3 × this). */
    INSTANCE_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),

    DISPATCH_CRON: cron.default('* * * * *'),
    DIGEST_WEEKLY_CRON: cron.default('30 8 * * 1'),
    DIGEST_DAILY_CRON: cron.default('30 8 * * *'),
    TUTOR_WEEKLY_CRON: cron.default('0 9 * * 5'),
    PRUNE_STRANGERS_CRON: cron.default('30 3 * * *'),
    STRANGER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_MODE === 'webhook' && c.TELEGRAM_BOT_TOKEN && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'required when TELEGRAM_MODE=webhook' });
    }
    if (c.MICROSOFT_APP_ID && c.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !c.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'required when MICROSOFT_APP_ID is set' });
    }
    if (c.OPS_PORT !== undefined && c.OPS_PORT !== 0 && c.OPS_PORT === c.PORT) {
      ctx.addIssue({ code: 'custom', path: ['OPS_PORT'], message: 'must differ from PORT (leave it empty to serve /readyz and /metrics on PORT)' });
    }
    // A lease must outlast a send (a reply is a few calls), or a slow send could be taken over and sent twice.
    if (c.OUTBOX_LEASE_SECONDS < 3 * Math.max(c.TELEGRAM_API_TIMEOUT_SECONDS, c.TEAMS_API_TIMEOUT_SECONDS)) {
      ctx.addIssue({ code: 'custom', path: ['OUTBOX_LEASE_SECONDS'], message: 'must be at least 3 times the longest API timeout (TELEGRAM_/TEAMS_API_TIMEOUT_SECONDS)' });
    }
    if (c.MICROSOFT_APP_TYPE === 'SingleTenant' && c.MICROSOFT_APP_ID && !c.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: 'required when MICROSOFT_APP_TYPE=SingleTenant' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
}

/** For entry points: on a bad configuration, print the list and exit 1. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

function isServiceUrlList(spec: string): boolean {
  try {
    return parseServiceUrlRules(spec).length > 0;
  } catch {
    return false;
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
