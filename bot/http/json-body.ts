/**
 * Reads a JSON request body with a size limit. Everything that reaches a channel passes through here,
 * so a huge body is refused (413) and a malformed one never reaches a handler (400).
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, tooLarge } from './http-errors';

/** 1 MiB: Telegram updates and Teams activities are a few kilobytes. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * An oversized body is read to the end and dropped (up to a hard cap), rather than cutting the socket:
 * a client still uploading when the connection is cut sees a reset instead of our 413.
 */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;

export function readRawBody(req: IncomingMessage, limitBytes = BODY_LIMIT_BYTES): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers['content-length']) > limitBytes;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) over = true;
      if (over) {
        chunks.length = 0;
        if (size > DRAIN_CAP_BYTES) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(over ? tooLarge() : badRequest('aborted'));
    });
  });
}

export async function readJsonBody(req: IncomingMessage, limitBytes = BODY_LIMIT_BYTES): Promise<unknown> {
  const text = (await readRawBody(req, limitBytes)).toString('utf8');
  if (!text.trim()) throw badRequest('empty_body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('malformed_json');
  }
}
