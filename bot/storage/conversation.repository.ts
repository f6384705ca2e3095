import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { ConversationState, ConversationStore } from '../../core/ports/conversations';
import type { Channel } from '../../core/messages';
import { sqlDate } from './sql-dialect';

const storedSchema = z.object({
  data: z.record(z.string(), z.unknown()).default({}),
  choices: z.array(z.tuple([z.string(), z.string()])).default([]),
});

/**
 * A stored ConversationState row as the core sees it. A state written by an older version that no
 * longer parses restarts the conversation (null) rather than crash it.
 */
export function parseConversationRow(row: { flow: string; step: string; version: number; dataJson: string }): ConversationState | null {
  const parsed = storedSchema.safeParse(safeJson(row.dataJson));
  if (!parsed.success) return null;
  return { flow: row.flow, step: row.step, version: row.version, data: parsed.data.data, choices: parsed.data.choices };
}

export class PrismaConversationStore implements ConversationStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(channel: Channel, chatId: string): Promise<ConversationState | null> {
    const row = await this.prisma.conversationState.findUnique({ where: { channel_chatId: { channel, chatId } } });
    return row ? parseConversationRow(row) : null;
  }

  /** One statement: insert, or update the chat's row. */
  async save(channel: Channel, chatId: string, state: ConversationState): Promise<void> {
    const dataJson = JSON.stringify({ data: state.data, choices: state.choices });
    const at = sqlDate(this.now());
    await this.prisma.$executeRaw`
      INSERT INTO "ConversationState" ("id", "channel", "chatId", "flow", "step", "dataJson", "version", "updatedAt")
      VALUES (${crypto.randomUUID()}, ${channel}, ${chatId}, ${state.flow}, ${state.step}, ${dataJson}, ${state.version}, ${at})
      ON CONFLICT ("channel", "chatId") DO UPDATE SET "flow" = excluded."flow", "step" = excluded."step", "dataJson" = excluded."dataJson",
        "version" = excluded."version", "updatedAt" = excluded."updatedAt"`;
  }

  async clear(channel: Channel, chatId: string): Promise<void> {
    await this.prisma.conversationState.deleteMany({ where: { channel, chatId } });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
