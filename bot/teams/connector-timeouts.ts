/**
 * Bot Framework connector calls with a timeout and without botbuilder's own retries. The connector
 * client (Azure core pipeline) has no timeout by default and retries by itself: up to 3 times on
 * 5xx/408, and on a 429 after its Retry-After, however long that is; none of it is configurable through
 * ConnectorClientOptions. So a hung or throttling connector could hold a Teams turn, or a dispatcher
 * lane, for minutes. Every connector client botbuilder makes (for a turn, or for a proactive send) gets
 * a per-request timeout instead, and its retry policies are removed: Ponte's outbox does the retrying,
 * with backoff and in order, and a failed reply stays in the outbox meanwhile.
 */
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type BotFrameworkAuthentication = ConfigurationBotFrameworkAuthentication;

type Factory = ReturnType<BotFrameworkAuthentication['createConnectorFactory']>;

/** The part of @azure/core-rest-pipeline's Pipeline used here. */
interface Pipeline {
  removePolicy(options: { name?: string; phase?: 'Serialize' | 'Deserialize' | 'Retry' | 'Sign' }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: { timeout: number }, next: (r: { timeout: number }) => Promise<unknown>): Promise<unknown> }): void;
}

function tune(client: unknown, timeoutMs: number): void {
  const pipeline = (client as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: 'ponteConnectorTimeout',
    sendRequest(request, next) {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
}

function timedFactory(factory: Factory, timeoutMs: number): Factory {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === 'create') {
        return async (serviceUrl: string, audience?: string) => {
          const client = await target.create(serviceUrl, audience);
          tune(client, timeoutMs);
          return client;
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The authentication, with every connector client it hands out timed as described above. */
export function withConnectorTimeouts(auth: BotFrameworkAuthentication, timeoutMs: number): BotFrameworkAuthentication {
  return new Proxy(auth, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (prop === 'createConnectorFactory') {
        return (...args: Parameters<BotFrameworkAuthentication['createConnectorFactory']>) => timedFactory(target.createConnectorFactory(...args), timeoutMs);
      }
      if (prop === 'authenticateRequest') {
        return async (...args: Parameters<BotFrameworkAuthentication['authenticateRequest']>) => {
          const result = await target.authenticateRequest(...args);
          return result.connectorFactory ? { ...result, connectorFactory: timedFactory(result.connectorFactory, timeoutMs) } : result;
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
