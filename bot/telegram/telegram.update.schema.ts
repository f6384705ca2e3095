/**
 * What we accept from Telegram (webhook bodies and polled updates), checked with zod before anything
 * else looks at it. Only the fields Ponte reads are constrained; the rest passes through untouched.
 */
import { z } from 'zod';

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  language_code: z.string().max(35).optional(),
});

const chat = z.looseObject({ id: z.number().int(), type: z.string() });

const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().max(4096).optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1),
  from: user,
  // Telegram caps callback_data at 64 bytes; anything longer did not come from our keyboards.
  data: z.string().max(256).optional(),
  message: z.looseObject({ message_id: z.number().int(), chat, date: z.number().int() }).optional(),
});

const chatMemberUpdated = z.looseObject({
  chat,
  from: user,
  new_chat_member: z.looseObject({ status: z.string() }),
});

export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMemberUpdated.optional(),
});

/** The update kinds Ponte asks Telegram for (webhook and polling). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;
