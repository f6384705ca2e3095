/**
 * What we accept on POST /api/messages, checked with zod before botbuilder sees it (botbuilder's own
 * parse throws outside its error handling on some malformed bodies). Only the fields Ponte reads are
 * constrained; the rest of the Bot Framework activity passes through.
 */
import { z } from 'zod';

const channelAccount = z.looseObject({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

export const teamsActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  from: channelAccount,
  recipient: channelAccount,
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional(), isGroup: z.boolean().optional(), tenantId: z.string().optional() }),
  text: z.string().max(100_000).optional(),
  value: z.unknown().optional(),
  locale: z.string().max(35).optional(),
  replyToId: z.string().optional(),
  attachments: z.array(z.looseObject({ contentType: z.string() })).optional(),
  membersAdded: z.array(channelAccount).optional(),
});

export type TeamsActivityBody = z.infer<typeof teamsActivitySchema>;

/** What our Adaptive Card buttons put in Action.Submit `data` (and Teams returns as `value`). */
export const cardSubmitSchema = z.looseObject({ ponte: z.string().min(1).max(64) });
