/**
 * Adapts Node's plain `node:http` request/response to what botbuilder's `CloudAdapter.process(req, res, logic)`
 * expects (its `Request`/`Response` interfaces are modelled on Express/Restify):
 * - `req.body` must already be the parsed JSON object, else process() answers 400
 *   "`req.body` not an object, make sure you are using middleware to parse incoming requests.";
 *   `req.headers.authorization` is read for the inbound JWT; `req.method` must be 'POST' (else 405).
 * - `res` must have `status(code)`, `header(name, value)`, `send(body)` and `end()` functions (checked at run time
 *   with a zod guard; a bare ServerResponse fails it) and a `socket` property. CloudAdapter calls
 *   `status()`, then `send(body)` only when there is a body (invoke responses), then `end()`.
 * - process() *rejects* without writing a response when the body is a JSON object but not an activity
 *   ("validateAndFixActivity(): missing activity type."), so callers must catch and answer 400/500 themselves.
 * - With no MicrosoftAppId (local mode) the inbound Authorization header is ignored and replies are sent unsigned.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'botbuilder';

export function toBotbuilderRequest(req: IncomingMessage, parsedBody: Record<string, unknown>): Request {
  return {
    body: parsedBody,
    headers: req.headers,
    method: req.method ?? 'POST',
  };
}

export function toBotbuilderResponse(res: ServerResponse): Response {
  return {
    socket: res.socket,
    status(code: number) {
      if (!res.headersSent) res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      if (!res.headersSent) res.setHeader(name, typeof value === 'number' || Array.isArray(value) ? (value as number | string[]) : String(value));
      return this;
    },
    send(...args: unknown[]) {
      if (res.writableEnded) return this;
      const body = args[0];
      if (body === undefined || body === null) return this;
      if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) {
        if (!res.headersSent && !res.hasHeader('content-type')) res.setHeader('content-type', typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream');
        res.write(body);
      } else {
        if (!res.headersSent && !res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
      return this;
    },
    end(...args: unknown[]) {
      if (res.writableEnded) return this;
      const [chunk] = args;
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) res.end(chunk);
      else res.end();
      return this;
    },
  };
}

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body larger than ${limitBytes} bytes`);
  }
}

/**
 * Reads and parses a JSON request body (what Express' json() middleware would do). Resolves to the parsed
 * object, or `undefined` when the body is empty, not JSON, or not a JSON object; rejects with
 * BodyTooLargeError past `limitBytes` (default 1 MiB; Teams activities are small).
 */
export async function readJsonBody(req: IncomingMessage, limitBytes = 1024 * 1024): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(buf);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
