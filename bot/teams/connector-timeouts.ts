/**
 * Bot Framework connector calls with a timeout and without botbuilder's own retries. The connector
 * client (Azure core pipeline) has no timeout by default and retries by itself: up to 3 times on
 * 5xx/408, and on a 429 after its Retry-After, however long that is; none of it is configurable through
 * ConnectorClientOptions. So a hung or throttling connector could hold a Teams turn, or a dispatcher
 * lane, for minutes. Every connector client botbuilder makes (for a turn, or for a proactive send) gets
 * a per-request timeout instead, and its retry policies are removed: Ponte's outbox does the retrying,
 * with backoff and in order, and a failed reply stays in the outbox meanwhile.
 *
 * The deadline is set before the request is signed: signing fetches the bot's token from Microsoft's
 * login service when it has none or it expired (MSAL, no timeout of its own), and a hung token fetch
 * must not hold the reply any longer than a hung connector.
 */
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type BotFrameworkAuthentication = ConfigurationBotFrameworkAuthentication;

type Factory = ReturnType<BotFrameworkAuthentication['createConnectorFactory']>;

/** The parts of @azure/core-rest-pipeline's request and Pipeline used here. */
interface PipelineRequest {
  timeout: number;
  abortSignal?: AbortSignal;
}
type Phase = 'Serialize' | 'Deserialize' | 'Retry' | 'Sign';
interface Pipeline {
  removePolicy(options: { name?: string; phase?: Phase }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: (r: PipelineRequest) => Promise<unknown>): Promise<unknown> }, options?: { phase?: Phase }): void;
}

/** What a connector call rejects with when its deadline passes (teams.sender.ts reads it as a retryable timeout). */
export class ConnectorTimeoutError extends Error {
  override name = 'AbortError';
  constructor(ms: number) {
    super(`Bot Framework call timed out after ${ms} ms`);
  }
}

/** Runs the rest of the pipeline (signing, the token fetch it may need, the request) under one deadline. */
function withDeadline(request: PipelineRequest, next: (r: PipelineRequest) => Promise<unknown>, timeoutMs: number): Promise<unknown> {
  const abort = new AbortController();
  const outer = request.abortSignal;
  if (outer?.aborted) abort.abort();
  const onOuterAbort = () => abort.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  request.abortSignal = abort.signal;
  request.timeout = timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new ConnectorTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  return Promise.race([next(request), deadline]).finally(() => {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  });
}

/** Removes the client's retries and puts every call of it under `timeoutMs`. Exported for its test. */
export function tune(client: unknown, timeoutMs: number): void {
  const pipeline = (client as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) return;
  pipeline.removePolicy({ phase: 'Retry' });
  // In the first phase, so that the deadline also covers the signing policy that runs after it.
  pipeline.addPolicy({ name: 'ponteConnectorTimeout', sendRequest: (request, next) => withDeadline(request, next, timeoutMs) }, { phase: 'Serialize' });
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
