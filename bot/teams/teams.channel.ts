/**
 * The Teams channel: botbuilder's CloudAdapter behind POST /api/messages.
 * Without MICROSOFT_APP_ID it runs in local mode: no authentication, for the Bot Framework Emulator or
 * the Microsoft 365 Agents Playground (and replies carry no token). With an app id, every request must
 * carry a valid Bot Framework JWT, else 401.
 */
import type { ChannelDeps } from '../http/channel.deps';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { badRequest } from '../http/http-errors';
import type { Route } from '../http/http.server';
import { readJsonBody } from '../http/json-body';
import { toBotbuilderRequest, toBotbuilderResponse } from './http-shim';
import { teamsActivitySchema } from './teams.activity.schema';
import { createTeamsLogic, teamsUserId } from './teams.bot';
import { SuggestedLabels } from './teams.renderer';
import { TeamsSender } from './teams.sender';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsAuthConfig {
  MICROSOFT_APP_ID?: string;
  MICROSOFT_APP_PASSWORD?: string;
  MICROSOFT_APP_TENANT_ID?: string;
  MICROSOFT_APP_TYPE: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export type TeamsChannelDeps = ChannelDeps;

export interface TeamsChannel {
  mode: 'local' | 'authenticated';
  route: Route;
  sender: TeamsSender;
  adapter: CloudAdapter;
}

export function createTeamsChannel(config: TeamsAuthConfig, deps: TeamsChannelDeps): TeamsChannel {
  const { engine, logger, metrics } = deps;
  const appId = config.MICROSOFT_APP_ID;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
  });
  const adapter = new CloudAdapter(auth);
  const labels = new SuggestedLabels();

  // The one error handler: log without personal data, apologise in the user's language, never throw.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    metrics.errors.inc({ channel: 'teams', kind: 'turn_failed' });
    logger.error('teams_turn_failed', { type: context.activity.type, error: errorCode(error) });
    try {
      const a = context.activity;
      const text = await engine.fallbackText({ channel: 'teams', userId: teamsUserId(a), languageHint: a.locale }, 'common:errors.generic');
      await context.sendActivity({ type: 'message', text, textFormat: 'plain' });
    } catch {
      // Could not even apologise (connector down): already logged.
    }
  };

  const logic = createTeamsLogic({ ...deps, labels });

  const route: Route = {
    method: 'POST',
    path: TEAMS_MESSAGES_PATH,
    async handle(req, res) {
      const parsed = teamsActivitySchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw badRequest('invalid_activity');
      // botbuilder answers 401 itself when authentication is on and the JWT is missing or wrong.
      await adapter.process(toBotbuilderRequest(req, parsed.data), toBotbuilderResponse(res), logic);
    },
  };

  return { mode: appId ? 'authenticated' : 'local', route, adapter, sender: new TeamsSender(adapter, appId ?? '', labels, deps) };
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'statusCode' in err) return `http_${String((err as { statusCode: unknown }).statusCode)}`;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.name : 'unknown';
}
