/**
 * A local stand-in for the Bot Framework connector service (what Teams' `serviceUrl` points to).
 *
 * Post activities to the bot with `serviceUrl: connector.serviceUrl`; every reply the bot sends through
 * botbuilder's ConnectorClient lands here and is recorded.
 *
 * Routes (as botframework-connector 4.23 calls them; ids are URL-encoded by the client and decoded here):
 *   POST   /v3/conversations                                    createConversation → { id, activityId, serviceUrl }
 *   POST   /v3/conversations/:conversationId/activities         sendToConversation → { id }
 *   POST   /v3/conversations/:conversationId/activities/:id     replyToActivity    → { id }
 *   PUT    /v3/conversations/:conversationId/activities/:id     updateActivity     → { id }
 *   DELETE /v3/conversations/:conversationId/activities/:id     deleteActivity     → 200
 *   POST   …/oauth2/v2.0/token                                  token endpoint     → a fake bearer token
 *
 * Surprises found while building it (botbuilder 4.23.3):
 * - With no MicrosoftAppId, PasswordServiceClientCredentialFactory.isAuthenticationDisabled() is true and the
 *   connector client is built with MicrosoftAppCredentials.Empty, whose signRequest() adds no header at all:
 *   no token endpoint is called and outgoing requests carry no `Authorization` header.
 * - The serviceUrl does not have to be "trusted" (AppCredentials.trustServiceUrl/isTrustedServiceUrl are no-ops
 *   kept for compatibility). A plain http:// serviceUrl works because botbuilder-stdlib's ServiceClientContext sets
 *   core-client's `allowInsecureConnection` whenever the endpoint starts with `http:`.
 * - TurnContext.sendActivity on an inbound message sends a *reply* (POST …/activities/:replyToId) because
 *   botbuilder sets replyToId to the inbound activity id.
 * - Proactive sends are replies too: continueConversationAsync runs the turn on a synthetic
 *   `continueConversation` event whose id is a fresh uuid (ActivityEx.getContinuationActivity), so
 *   context.sendActivity() posts to …/activities/<that uuid>, whatever reference.activityId says. Only calling
 *   the connector client directly (turnState.get(adapter.ConnectorClientKey).conversations.sendToConversation)
 *   gives a plain POST …/activities.
 * - The connector client retries by itself (@azure/core-rest-pipeline default retry policy, not configurable via
 *   ConnectorClientOptions): 3 retries with exponential back-off (~1 s, 2 s, 4 s) on 5xx/408, and on 429 after the
 *   Retry-After header. Ponte removes those retries and sets a timeout instead (bot/teams/connector-timeouts.ts),
 *   so here `failNext(502)` fails the bot's send at once (the error carries `statusCode`).
 * - CloudAdapter.process() answers 405 to non-POST and 400 when req.body is not an object, but *rejects* (no
 *   response written) when the body is an object without an activity `type` ("validateAndFixActivity(): missing
 *   activity type."): the HTTP server must catch that.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';

export type ConnectorOp = 'send' | 'reply' | 'update' | 'delete';

export interface RecordedActivity {
  op: ConnectorOp;
  conversationId: string;
  /** For `reply`: the activity id replied to (from the URL). */
  replyToId?: string;
  /** For `update` and `delete`: the activity id targeted (from the URL). */
  activityId?: string;
  /** The id the fake assigned (send/reply) or echoed (update). */
  id: string;
  /** The activity JSON the bot sent (empty object for delete). */
  body: Record<string, unknown>;
  /** The Authorization header, if any (undefined when the bot runs without an app id). */
  authorization?: string;
  at: number;
}

export interface RecordedConversation {
  id: string;
  /** The ConversationParameters the bot posted. */
  body: Record<string, unknown>;
  authorization?: string;
  at: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  status: number;
  at: number;
}

export interface ConnectorFailOptions {
  /** How many requests to fail (default 1). */
  times?: number;
  /** Only fail requests of this kind (default: any activity or create-conversation request). */
  op?: ConnectorOp | 'createConversation';
  /** Sent as a Retry-After header (seconds). */
  retryAfterSeconds?: number;
}

export interface FakeConnector {
  /** e.g. http://127.0.0.1:43127 — use as the activity's serviceUrl (no trailing slash). */
  readonly serviceUrl: string;
  /** Successful send/reply/update/delete requests, in order. */
  readonly activities: RecordedActivity[];
  /** Conversations created through POST /v3/conversations. */
  readonly conversations: RecordedConversation[];
  /** Every request the fake saw, including failed and unknown ones. */
  readonly requests: RecordedRequest[];
  /** Token endpoint calls (only made when the bot has an app id and its login URL points here). */
  readonly tokenRequests: RecordedRequest[];
  /** Texts sent to a conversation (send + reply), in order: each activity's text, or its Adaptive Cards' TextBlocks joined by line. */
  textsTo(conversationId: string): string[];
  /** Resolves with the first recorded activity (past or future) matching the predicate; rejects after timeoutMs. */
  waitFor(predicate: (activity: RecordedActivity) => boolean, timeoutMs?: number): Promise<RecordedActivity>;
  /** Make the next request(s) fail with this HTTP status (e.g. 429, 502). */
  failNext(status: number, opts?: ConnectorFailOptions): void;
  /** Make the next activity request(s) hang until the client gives up (not recorded as activities). */
  hangNext(opts?: { times?: number }): void;
  reset(): void;
  close(): Promise<void>;
}

interface FailureRule {
  status: number;
  remaining: number;
  op?: ConnectorFailOptions['op'];
  retryAfterSeconds?: number;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const activities: RecordedActivity[] = [];
  const conversations: RecordedConversation[] = [];
  const requests: RecordedRequest[] = [];
  const tokenRequests: RecordedRequest[] = [];
  let failures: FailureRule[] = [];
  let hangs = 0;
  let nextId = 1;
  let serviceUrl = '';

  const newActivityId = () => `fake-activity-${nextId++}`;

  function takeFailure(op: NonNullable<ConnectorFailOptions['op']>): FailureRule | undefined {
    const rule = failures.find((r) => r.op === undefined || r.op === op);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) failures = failures.filter((r) => r !== rule);
    return rule;
  }

  function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readJson(req);
    const at = Date.now();
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    const log = (status: number): RecordedRequest => {
      const entry: RecordedRequest = { method, path: url.pathname, headers: req.headers, body, status, at };
      requests.push(entry);
      return entry;
    };
    // Path segments, decoded: Teams conversation ids contain ':' ';' '@' and arrive percent-encoded.
    const segments = url.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));

    if (method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      tokenRequests.push(log(200));
      return reply(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: 'fake-connector-token' });
    }

    const fail = (op: NonNullable<ConnectorFailOptions['op']>): boolean => {
      const rule = takeFailure(op);
      if (!rule) return false;
      log(rule.status);
      reply(
        res,
        rule.status,
        { error: { code: rule.status === 429 ? 'Throttled' : 'ServiceError', message: `Scripted failure (${rule.status}) from the fake connector` } },
        rule.retryAfterSeconds !== undefined ? { 'retry-after': String(rule.retryAfterSeconds) } : {},
      );
      return true;
    };

    if (segments[0] !== 'v3' || segments[1] !== 'conversations') {
      log(404);
      return reply(res, 404, { error: { code: 'NotFound', message: `No route for ${method} ${url.pathname}` } });
    }

    // POST /v3/conversations
    if (segments.length === 2 && method === 'POST') {
      if (fail('createConversation')) return;
      const id = `a:fake-conversation-${nextId++}`;
      const activityId = asObject(body).activity ? newActivityId() : undefined;
      conversations.push({ id, body: asObject(body), ...(authorization ? { authorization } : {}), at });
      log(200);
      return reply(res, 200, { id, serviceUrl, ...(activityId ? { activityId } : {}) });
    }

    const conversationId = segments[2];
    if (conversationId !== undefined && segments[3] === 'activities' && segments.length <= 5) {
      const targetId = segments[4];
      let op: ConnectorOp | undefined;
      if (method === 'POST') op = targetId === undefined ? 'send' : 'reply';
      else if (method === 'PUT' && targetId !== undefined) op = 'update';
      else if (method === 'DELETE' && targetId !== undefined) op = 'delete';
      if (op) {
        if (hangs > 0) {
          hangs -= 1;
          log(0);
          await new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
          return;
        }
        if (fail(op)) return;
        const id = op === 'update' || op === 'delete' ? (targetId as string) : newActivityId();
        const recorded: RecordedActivity = {
          op,
          conversationId,
          id,
          body: asObject(body),
          at,
          ...(op === 'reply' ? { replyToId: targetId } : {}),
          ...(op === 'update' || op === 'delete' ? { activityId: targetId } : {}),
          ...(authorization ? { authorization } : {}),
        };
        activities.push(recorded);
        log(200);
        events.emit('activity', recorded);
        return op === 'delete' ? reply(res, 200) : reply(res, 200, { id });
      }
    }

    log(404);
    return reply(res, 404, { error: { code: 'NotFound', message: `No route for ${method} ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: { code: 'ServiceError', message: (err as Error).message } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    serviceUrl,
    activities,
    conversations,
    requests,
    tokenRequests,
    textsTo(conversationId) {
      // What the person reads: the activity's text, or an Adaptive Card's TextBlocks (joined by line).
      return activities
        .filter((a) => a.conversationId === conversationId && (a.op === 'send' || a.op === 'reply'))
        .flatMap((a) => {
          if (typeof a.body.text === 'string') return [a.body.text];
          const cards = ((a.body.attachments ?? []) as Array<{ contentType?: string; content?: { body?: Array<{ type?: string; text?: string }> } }>).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive');
          const lines = cards.flatMap((c) => (c.content?.body ?? []).filter((el) => el.type === 'TextBlock' && typeof el.text === 'string').map((el) => el.text as string));
          return lines.length ? [lines.join('\n')] : [];
        });
    },
    waitFor(predicate, timeoutMs = 5_000) {
      const existing = activities.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise<RecordedActivity>((resolve, reject) => {
        const onActivity = (activity: RecordedActivity) => {
          if (!predicate(activity)) return;
          clearTimeout(timer);
          events.off('activity', onActivity);
          resolve(activity);
        };
        const timer = setTimeout(() => {
          events.off('activity', onActivity);
          const seen = requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join('; ') || 'none';
          reject(new Error(`FakeConnector.waitFor: no matching activity within ${timeoutMs} ms (requests so far: ${seen})`));
        }, timeoutMs);
        events.on('activity', onActivity);
      });
    },
    failNext(status, opts = {}) {
      failures.push({
        status,
        remaining: opts.times ?? 1,
        ...(opts.op ? { op: opts.op } : {}),
        ...(opts.retryAfterSeconds !== undefined ? { retryAfterSeconds: opts.retryAfterSeconds } : {}),
      });
    },
    hangNext(opts = {}) {
      hangs += opts.times ?? 1;
    },
    reset() {
      hangs = 0;
      activities.length = 0;
      conversations.length = 0;
      requests.length = 0;
      tokenRequests.length = 0;
      failures = [];
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
