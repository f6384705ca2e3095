import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import type { ConversationState, ConversationStore } from '../../core/ports/conversations';
import type { Channel } from '../../core/messages';

const storedSchema = z.object({
  data: z.record(z.string(), z.unknown()).default({}),
  choices: z.array(z.tuple([z.string(), z.string()])).default([]),
});

export class PrismaConversationStore implements ConversationStore {
  constructor(private readonly prisma: PrismaClient) {}

  async get(channel: Channel, chatId: string): Promise<ConversationState | null> {
    const row = await this.prisma.conversationState.findUnique({ where: { channel_chatId: { channel, chatId } } });
    if (!row) return null;
    // A state written by an older version that no longer parses restarts the conversation rather than crash it.
    const parsed = storedSchema.safeParse(safeJson(row.dataJson));
    if (!parsed.success) return null;
    return { flow: row.flow, step: row.step, version: row.version, data: parsed.data.data, choices: parsed.data.choices };
  }

  async save(channel: Channel, chatId: string, state: ConversationState): Promise<void> {
    const dataJson = JSON.stringify({ data: state.data, choices: state.choices });
    await this.prisma.conversationState.upsert({
      where: { channel_chatId: { channel, chatId } },
      create: { channel, chatId, flow: state.flow, step: state.step, version: state.version, dataJson },
      update: { flow: state.flow, step: state.step, version: state.version, dataJson },
    });
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
