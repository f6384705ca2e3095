/**
 * What we accept on POST /api/messages, checked with zod before botbuilder sees it (botbuilder's own
 * parse throws outside its error handling on some malformed bodies). Only the fields Ponte reads are
 * constrained; the rest of the Bot Framework activity passes through.
 */
import { z } from 'zod';

/**
 * Ids are bounded: they end up in database keys (ProcessedUpdate, ChannelAccount) and URLs. Real ones
 * are far shorter: Teams user ids `29:…` ~100 characters, personal conversations `a:…` ~150, channel
 * threads `19:…@thread.tacv2;messageid=…` ~90, Entra object and tenant ids are GUIDs (36).
 */
const id = (max: number) => z.string().min(1).max(max);
const channelAccount = z.looseObject({ id: id(256), name: z.string().max(256).optional(), aadObjectId: id(64).optional(), role: z.string().max(32).optional() });

export const teamsActivitySchema = z.looseObject({
  type: id(64),
  id: id(256).optional(),
  serviceUrl: z.url().max(512),
  channelId: id(64),
  from: channelAccount,
  recipient: channelAccount,
  conversation: z.looseObject({ id: id(512), conversationType: z.string().max(32).optional(), isGroup: z.boolean().optional(), tenantId: id(64).optional() }),
  text: z.string().max(100_000).optional(),
  value: z.unknown().optional(),
  locale: z.string().max(35).optional(),
  replyToId: id(256).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().max(255) })).max(50).optional(),
  membersAdded: z.array(channelAccount).max(1000).optional(),
});

export type TeamsActivityBody = z.infer<typeof teamsActivitySchema>;

/** What our Adaptive Card buttons put in Action.Submit `data` (and Teams returns as `value`). */
export const cardSubmitSchema = z.looseObject({ ponte: z.string().min(1).max(64) });

const FIELD_NAME = /^[a-z][a-zA-Z0-9_]{0,39}$/;

/**
 * A submitted form card (teams.form-card.ts): our submit data (`ponte`, the marker) merged by Teams with
 * the inputs' values. Inputs come back as strings (numbers and toggles too, on some clients as
 * numbers/booleans): at most 20, each at most 2,000 characters; unknown shapes are refused.
 */
export const formSubmitSchema = z
  .looseObject({ ponte: z.string().min(1).max(64), ponteForm: z.literal('1') })
  .transform((v, ctx) => {
    const fields: Record<string, string> = {};
    for (const [key, raw] of Object.entries(v)) {
      if (key === 'ponte' || key === 'ponteForm') continue;
      if (!FIELD_NAME.test(key) || Object.keys(fields).length >= 20) return (ctx.addIssue({ code: 'custom', message: 'unexpected form field' }), z.NEVER);
      if (typeof raw === 'string' && raw.length <= 2000) fields[key] = raw;
      else if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') fields[key] = String(raw);
      else if (raw !== null && raw !== undefined) return (ctx.addIssue({ code: 'custom', message: 'unexpected form value' }), z.NEVER);
    }
    return { data: v.ponte, fields };
  });
