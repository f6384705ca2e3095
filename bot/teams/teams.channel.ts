/**
 * The Teams channel: botbuilder's CloudAdapter behind POST /api/messages. Each request, in order:
 * zod check of the activity (bounded sizes) → who may post (teams.ingress: loopback only in local
 * mode, allow-listed serviceUrl otherwise) → authentication (teams.auth: Bot Framework JWT when
 * MICROSOFT_APP_ID is set, 401 with a generic body on any failure) → the turn. Nothing is written and
 * nothing is sent before the first three pass.
 *
 * botbuilder itself (teams.runtime.ts) is imported on first use: with the first admitted activity or
 * proactive send in local mode, at start-up (`load()`) when an app id says Teams traffic is expected.
 */
import type { IncomingMessage } from 'node:http';
import type { ChannelDeps } from '../http/channel.deps';
import type { Activity } from 'botbuilder';
import type { ChannelSender } from '../../core/ports/sender';
import { badRequest, forbidden, HttpError, unauthorized, unavailable } from '../http/http-errors';
import type { Route } from '../http/http.server';
import { readJsonBody } from '../http/json-body';
import { teamsActivitySchema, type TeamsActivityBody } from './teams.activity.schema';
import { SuggestedLabels } from './teams.renderer';
import type { TeamsRuntime } from './teams.runtime';
import { admitActivity, cameThroughProxy, DEFAULT_TEAMS_SERVICE_URLS, parseServiceUrlRules } from './teams.ingress';
import { authenticateActivity, DEFAULT_AUTH_TIMEOUT_MS, TeamsAuthRefused, type AuthenticateRequestResult } from './teams.auth';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAuthConfig {
  MICROSOFT_APP_ID?: string;
  MICROSOFT_APP_PASSWORD?: string;
  MICROSOFT_APP_TENANT_ID?: string;
  MICROSOFT_APP_TYPE: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** Comma-separated serviceUrl patterns (teams.ingress); default Microsoft's connector hosts. */
  TEAMS_SERVICE_URLS?: string;
  /** Longest wait for one connector call. */
  TEAMS_API_TIMEOUT_SECONDS?: number;
}

/**
 * Where tokens are checked and fetched; Microsoft's public cloud unless given. Tests point these at
 * local stand-ins (an OpenID metadata server with their own key, the fake connector's token endpoint).
 */
export interface TeamsAuthEndpoints {
  openIdMetadataUrl: string;
  emulatorOpenIdMetadataUrl: string;
  tokenIssuer: string;
  loginUrl: string;
  oauthScope: string;
}

export interface TeamsChannelOptions {
  authEndpoints?: TeamsAuthEndpoints;
  /** Limit for authenticating one request, OpenID metadata download included (default 5 s). */
  authTimeoutMs?: number;
}

export type TeamsChannelDeps = ChannelDeps;

export interface TeamsChannel {
  mode: 'local' | 'authenticated';
  route: Route;
  /** Proactive sends (the outbox); loads botbuilder on the first one. */
  sender: ChannelSender;
  /** Loads botbuilder and builds the adapter, once; every use goes through it. */
  load(): Promise<TeamsRuntime>;
}

/** What botbuilder's activity validator does to the wire form: timestamps become Dates, the raw strings are kept. */
function toActivity(body: TeamsActivityBody): Activity {
  const a = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field]);
    }
  }
  return a as unknown as Activity;
}

const authHeaderOf = (req: IncomingMessage) => (typeof req.headers.authorization === 'string' ? req.headers.authorization : '');

export function createTeamsChannel(config: TeamsAuthConfig, deps: TeamsChannelDeps, opts: TeamsChannelOptions = {}): TeamsChannel {
  const { logger, metrics } = deps;
  const mode = config.MICROSOFT_APP_ID ? 'authenticated' : 'local';
  const rules = parseServiceUrlRules(config.TEAMS_SERVICE_URLS ?? DEFAULT_TEAMS_SERVICE_URLS);
  const labels = new SuggestedLabels();
  let runtime: Promise<TeamsRuntime> | undefined;
  const load = () => (runtime ??= import('./teams.runtime').then((m) => m.createTeamsRuntime(config, deps, { labels, rules, authEndpoints: opts.authEndpoints })));

  const refuse = (err: HttpError, reason: string): HttpError => {
    metrics.errors.inc({ channel: 'teams', kind: reason });
    logger.warn('teams_request_refused', { status: err.status, reason });
    return err;
  };

  const route: Route = {
    method: 'POST',
    path: TEAMS_MESSAGES_PATH,
    async handle(req, res) {
      const parsed = teamsActivitySchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw badRequest('invalid_activity');
      const admitted = admitActivity(mode, { address: req.socket.remoteAddress, proxied: cameThroughProxy(req.headers) }, parsed.data.serviceUrl, rules);
      if (!admitted.ok) throw refuse(forbidden(), admitted.code);
      const activity = toActivity(parsed.data);
      const { auth, adapter, logic } = await load();
      let authenticated: AuthenticateRequestResult;
      try {
        authenticated = await authenticateActivity(auth, activity, authHeaderOf(req), opts.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS);
      } catch (err) {
        if (!(err instanceof TeamsAuthRefused)) throw err;
        if (err.status === 503) res.setHeader('retry-after', '5');
        throw refuse(err.status === 401 ? unauthorized() : unavailable(), err.reason);
      }
      // A turn that committed nothing (the database failed) is answered 500, so Teams sends the activity
      // again; caught here rather than in onTurnError, which would apologise and answer 200.
      let failed = false;
      const invoke = await adapter.runTurn(authenticated, activity, async (context) => {
        try {
          await logic(context);
        } catch (err) {
          failed = true;
          metrics.errors.inc({ channel: 'teams', kind: 'turn_not_committed' });
          logger.error('teams_turn_not_committed', { type: context.activity.type, error: errorCode(err) });
        }
      });
      if (failed) throw new HttpError(500, 'turn_not_committed');
      // Invoke activities (card actions of type invoke) carry their own status and body.
      if (invoke) {
        const body = invoke.body === undefined ? '' : JSON.stringify(invoke.body);
        res.writeHead(invoke.status, body ? { 'content-type': 'application/json; charset=utf-8' } : {});
        res.end(body);
      }
    },
  };

  const sender: ChannelSender = { channel: 'teams', send: async (target, messages, sendOpts) => (await load()).sender.send(target, messages, sendOpts) };
  return { mode, route, sender, load };
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'statusCode' in err) return `http_${String((err as { statusCode: unknown }).statusCode)}`;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.name : 'unknown';
}
