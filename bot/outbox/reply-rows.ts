/**
 * Replies as outbox rows. A turn's replies are already rendered in the user's language, so the row holds
 * the messages themselves (attachments as base64) and, for Teams, the conversation reference to reach the
 * chat later. The insert decides, in the same statement, whether the reply may go out now (nothing
 * earlier is unsent for this chat: the row is leased to this process's reply sender) or must wait behind
 * the chat's earlier replies for the dispatcher; and gives it the next place in the chat's order.
 */
import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { Attachment, OutgoingMessage } from '../../core/messages';
import { PRIORITY } from '../../core/ports/outbox';
import { REPLY_KIND, type QueuedReply, type ReplyInput, type ReplyOutbox } from '../../core/ports/replies';
import { sqlDate } from '../storage/sql-dialect';
import { typed } from '../storage/sql-provider';
import { tenantOf } from './recipient.directory';

// Loose: a message keeps every field it was stored with (buttons, a form, media references, direction);
// only the attachments' bytes change form, to base64.
const storedSchema = z.object({
  messages: z.array(
    z.looseObject({
      text: z.string(),
      attachments: z.array(z.looseObject({ kind: z.enum(['document', 'image']), filename: z.string(), mimeType: z.string(), base64: z.string() })).optional(),
    }),
  ),
  ref: z.string().optional(),
});

/** The payload of a reply row. */
export function encodeReply(messages: OutgoingMessage[], ref?: string): string {
  return JSON.stringify({
    messages: messages.map(({ attachments, ...m }) => ({
      ...m,
      ...(attachments?.length ? { attachments: attachments.map(({ bytes, ...a }) => ({ ...a, base64: Buffer.from(bytes).toString('base64') })) } : {}),
    })),
    ...(ref ? { ref } : {}),
  });
}

/** Reads a reply row's payload back; a payload that does not parse holds no messages (the row then fails). */
export function decodeReply(payloadJson: string): { messages: OutgoingMessage[]; ref: string | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(payloadJson);
  } catch {
    return { messages: [], ref: null };
  }
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return { messages: [], ref: null };
  return {
    ref: parsed.data.ref ?? null,
    messages: parsed.data.messages.map(({ attachments, ...m }) => ({
      ...(m as unknown as OutgoingMessage),
      ...(attachments ? { attachments: attachments.map(({ base64, ...a }) => ({ ...(a as unknown as Omit<Attachment, 'bytes'>), bytes: new Uint8Array(Buffer.from(base64, 'base64')) })) } : {}),
    })),
  };
}

export class PrismaReplyOutbox implements ReplyOutbox {
  constructor(
    private readonly prisma: PrismaClient,
    /** Lease owner of replies sent right after their turn (this process's reply sender). */
    readonly owner: string,
    /** How long such a reply stays leased before the dispatcher may take it over (a crashed process). */
    private readonly leaseMs: number,
  ) {}

  async enqueue(input: ReplyInput): Promise<QueuedReply | null> {
    const id = crypto.randomUUID();
    const at = sqlDate(input.now);
    const leaseUntil = new Date(input.now.getTime() + this.leaseMs);
    const { channel, chatId } = input;
    // Typed for PostgreSQL: parameters in a select list have no column to take their type from.
    const ts = (v: unknown) => typed(this.prisma, v, 'TIMESTAMP(3)');
    // `WHERE true`: SQLite needs it to tell INSERT … SELECT … ON CONFLICT apart from a join constraint.
    const rows = await this.prisma.$queryRaw<Array<{ status: string }>>`
      INSERT INTO "OutboxMessage" ("id", "key", "personId", "kind", "payloadJson", "dueAt", "priority", "status", "attempts", "leaseOwner", "leaseUntil",
        "channel", "chatId", "seq", "partsSent", "createdAt", "updatedAt")
      SELECT ${id}, ${input.key}, ${input.personId}, ${REPLY_KIND}, ${encodeReply(input.messages, input.ref)}, ${ts(at)}, ${typed(this.prisma, PRIORITY.urgent, 'INTEGER')},
        CASE WHEN w."n" > 0 THEN 'pending' ELSE 'sending' END, 0,
        CASE WHEN w."n" > 0 THEN NULL ELSE ${this.owner} END,
        CASE WHEN w."n" > 0 THEN NULL ELSE ${ts(sqlDate(leaseUntil))} END,
        ${channel}, ${chatId}, COALESCE(m."s", 0) + 1, 0, ${ts(at)}, ${ts(at)}
      FROM (SELECT COUNT(*) AS "n" FROM "OutboxMessage" WHERE "channel" = ${channel} AND "chatId" = ${chatId}
               AND ("status" = 'pending' OR ("status" = 'sending' AND ("leaseOwner" IS NULL OR "leaseOwner" <> ${this.owner})))) AS w,
           (SELECT MAX("seq") AS "s" FROM "OutboxMessage" WHERE "channel" = ${channel} AND "chatId" = ${chatId}) AS m
      WHERE true
      ON CONFLICT ("key") DO NOTHING
      RETURNING "status"`;
    if (rows.length === 0) return null;
    if (rows[0]!.status !== 'sending') return { row: null, owner: this.owner, channel, chatId };
    return {
      owner: this.owner,
      channel,
      chatId,
      row: {
        id,
        key: input.key,
        personId: input.personId,
        kind: REPLY_KIND,
        payload: {},
        dueAt: input.now,
        priority: PRIORITY.urgent,
        attempts: 0,
        leaseUntil,
        reply: { channel, chatId, messages: input.messages, ref: input.ref ?? null, tenantId: tenantOf(input.ref ?? null), partsSent: 0 },
      },
    };
  }
}
