/**
 * The botbuilder side of the Teams channel: the authentication configuration, the CloudAdapter with its
 * one error handler, the turn logic and the proactive sender. teams.channel.ts imports this module on
 * first use, because botbuilder costs ~56 MB of memory and ~0.3 s to load, which a Telegram-only server
 * never needs.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { ChannelDeps } from '../http/channel.deps';
import type { AuthenticateRequestResult } from './teams.auth';
import { createTeamsLogic, teamsUserId } from './teams.bot';
import type { TeamsAuthConfig, TeamsAuthEndpoints } from './teams.channel';
import type { ServiceUrlRule } from './teams.ingress';
import type { SuggestedLabels } from './teams.renderer';
import { TeamsSender } from './teams.sender';
import { withConnectorTimeouts } from './connector-timeouts';

/** CloudAdapter with the turn entry point that takes an already authenticated request (processActivity is protected). */
export class PonteCloudAdapter extends CloudAdapter {
  runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

export interface TeamsRuntime {
  auth: ConfigurationBotFrameworkAuthentication;
  adapter: PonteCloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  sender: TeamsSender;
}

function endpointOptions(e: TeamsAuthEndpoints | undefined): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  if (!e) return {};
  return {
    ToBotFromChannelOpenIdMetadataUrl: e.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: e.emulatorOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: e.tokenIssuer,
    ToChannelFromBotLoginUrl: e.loginUrl,
    ToChannelFromBotOAuthScope: e.oauthScope,
    OAuthUrl: e.oauthScope,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: false,
  };
}

export function createTeamsRuntime(
  config: TeamsAuthConfig,
  deps: ChannelDeps,
  shared: { labels: SuggestedLabels; rules: ServiceUrlRule[]; authEndpoints?: TeamsAuthEndpoints },
): TeamsRuntime {
  const { engine, logger, metrics } = deps;
  const appId = config.MICROSOFT_APP_ID;
  const plainAuth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
    ...endpointOptions(shared.authEndpoints),
  });
  // Every connector client it hands out (for a turn or a proactive send) times out and leaves retrying to the outbox.
  const auth = withConnectorTimeouts(plainAuth, (config.TEAMS_API_TIMEOUT_SECONDS ?? 10) * 1000);
  const adapter = new PonteCloudAdapter(auth);

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

  return {
    auth,
    adapter,
    logic: createTeamsLogic({ ...deps, labels: shared.labels, appId }),
    sender: new TeamsSender(adapter, appId ?? '', shared.labels, { ...deps, rules: shared.rules }),
  };
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'statusCode' in err) return `http_${String((err as { statusCode: unknown }).statusCode)}`;
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.name : 'unknown';
}
