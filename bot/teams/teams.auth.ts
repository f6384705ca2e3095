/**
 * Authenticating an inbound Bot Framework request ourselves, so that every failure has one shape.
 * botbuilder's CloudAdapter.process answers a bad token with its own text (and a 500 for a bad
 * signature, which jsonwebtoken throws as a plain error), and waits on the OpenID metadata download
 * with no time limit. Here: any token problem → 401 `{"error":"unauthorized"}`; metadata that cannot be
 * fetched in time → 503 (Microsoft's connector retries), never library text or host names.
 */
import type { Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/** What CloudAdapter needs to run an authenticated turn (botframework-connector's type, reached through botbuilder's). */
export type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** How long the first request (or a key rotation) may wait for Microsoft's OpenID metadata and keys. */
export const DEFAULT_AUTH_TIMEOUT_MS = 5_000;

export class TeamsAuthRefused extends Error {
  constructor(
    readonly status: 401 | 503,
    /** For the log only (never sent): what went wrong, as a code. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'TeamsAuthRefused';
  }
}

/** Failures of fetching the metadata rather than of the token: node-fetch's network errors, and botbuilder's "Failed to load" (a 500). */
function isMetadataFailure(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; statusCode?: unknown; message?: unknown };
  if (e.name === 'FetchError') return true;
  return e.statusCode === 500 && typeof e.message === 'string' && e.message.startsWith('Failed to load');
}

/** A class name is a code (JsonWebTokenError, AuthenticationError...); messages may quote the token or hosts. */
const reasonOf = (err: unknown) => (err instanceof Error && /^\w{1,64}$/.test(err.name) ? err.name : 'unknown');

/**
 * botbuilder's token checks print with console.error on every rejected token (the verifying key in
 * PEM, raw jsonwebtoken errors): unstructured lines a stranger could flood the log with. While
 * authentications are in flight console.error is muted; Ponte logs one JSON line with the reason
 * instead (its own logger writes to stderr directly, not through console).
 */
let muted = 0;
let originalConsoleError: typeof console.error | undefined;
async function withConsoleErrorMuted<T>(run: () => Promise<T>): Promise<T> {
  if (muted++ === 0) {
    originalConsoleError = console.error;
    console.error = () => undefined;
  }
  try {
    return await run();
  } finally {
    if (--muted === 0 && originalConsoleError) console.error = originalConsoleError;
  }
}

/**
 * Authenticates the request (anonymous claims in local mode, without any network call); resolves with
 * what CloudAdapter needs to run the turn, or rejects with TeamsAuthRefused.
 */
export async function authenticateActivity(auth: Pick<ConfigurationBotFrameworkAuthentication, 'authenticateRequest'>, activity: Activity, authHeader: string, timeoutMs = DEFAULT_AUTH_TIMEOUT_MS): Promise<AuthenticateRequestResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TeamsAuthRefused(503, 'auth_metadata_timeout')), timeoutMs);
  });
  try {
    return await withConsoleErrorMuted(() => Promise.race([auth.authenticateRequest(activity, authHeader), timeout]));
  } catch (err) {
    if (err instanceof TeamsAuthRefused) throw err;
    if (isMetadataFailure(err)) throw new TeamsAuthRefused(503, 'auth_metadata_unavailable');
    throw new TeamsAuthRefused(401, reasonOf(err));
  } finally {
    clearTimeout(timer);
  }
}
