/**
 * Invite a beneficiary: the tutor picks a person of their caseload and gets a single-use code, valid
 * 14 days, plus a ready-to-forward message written in the BENEFICIARY's language with the Telegram
 * deep link (or, without a bot username, "send /start CODE to the bot"). A new code expires the
 * person's older unused ones, so only one code is ever valid.
 */
import type { Flow, Outcome, TurnContext } from '../conversation/flow';
import { isolate } from '../conversation/bidi';
import { isRtl } from '../languages';
import { formatInviteCode, INVITE_VALIDITY_DAYS, makeInviteCode } from '../onboarding/invite-code';
import { pickerStep } from './beneficiary-picker';
import { formatDate } from './tutor-format';
import { loadBeneficiary, str, type TutorKit } from './tutor.context';
import { localDate } from '../time/zoned-time';

export const INVITE_FLOW = 'tutor.invite';
const DAY_MS = 86_400_000;

/** The message the tutor forwards, rendered in `lang` (RTL values isolated like the engine does). */
export function forwardText(kit: Pick<TutorKit, 'translator' | 'telegramBotUsername'>, lang: string, code: string, name: string, expires: string): string {
  const v = (s: string) => (isRtl(lang) ? isolate(s) : s);
  const formatted = formatInviteCode(code);
  const how = kit.telegramBotUsername
    ? kit.translator.t(lang, 'tutor:invite.forwardLink', { link: v(`https://t.me/${kit.telegramBotUsername}?start=${code}`), code: v(formatted) })
    : kit.translator.t(lang, 'tutor:invite.forwardNoLink', { code: v(formatted) });
  return `${kit.translator.t(lang, 'tutor:invite.forwardHello', { name: v(name), expires: v(expires) })}\n${how}`;
}

export function createInviteFlow(kit: TutorKit): Flow {
  const create = async (ctx: TurnContext, personId: string): Promise<Outcome> => {
    const loaded = await loadBeneficiary(kit, ctx, personId, 'beneficiary.report', 'invite.create');
    if (!loaded.ok) return loaded.outcome;
    const { file } = loaded;
    const code = makeInviteCode((n) => kit.randomBytes(n));
    const expiresAt = new Date(ctx.now.getTime() + INVITE_VALIDITY_DAYS * DAY_MS);
    await kit.store.createInvite({
      personId: file.personId,
      code,
      createdById: ctx.person!.id,
      expiresAt,
      now: ctx.now,
      audit: { at: ctx.now, actorId: ctx.person!.id, action: 'invite_created', subjectType: 'person', subjectId: file.personId, detail: { role: 'beneficiary', beneficiary: file.code, expiresAt: expiresAt.toISOString() } },
    });
    const tz = ctx.person?.timezone ?? 'Europe/Rome';
    const expiresDay = localDate(expiresAt, tz);
    const forLang = kit.translator.languages().includes(file.language) ? file.language : 'it';
    return {
      say: [
        { text: ctx.t('tutor:invite.created', { name: file.fullName, code: formatInviteCode(code), expires: formatDate(ctx.lang, expiresDay), count: INVITE_VALIDITY_DAYS }) },
        { text: forwardText(kit, forLang, code, file.fullName, formatDate(forLang, expiresDay)), dir: isRtl(forLang) ? 'rtl' : 'ltr' },
      ],
      next: { to: 'menu' },
    };
  };

  return {
    id: INVITE_FLOW,
    roles: ['tutor'],
    steps: {
      start: {
        async enter(ctx) {
          return typeof ctx.state.data.b === 'string' ? { next: { to: 'step', step: 'check' } } : undefined;
        },
        ...pickerStep(kit, { promptKey: 'tutor:invite.who', picked: async (_ctx, id) => ({ next: { to: 'step', step: 'check', data: { b: id } } }) }),
      },
      check: {
        // Someone who already uses Ponte needs a code only for a new phone or account: ask first.
        async enter(ctx) {
          const loaded = await loadBeneficiary(kit, ctx, str(ctx.state.data, 'b') ?? '', 'beneficiary.report', 'invite.create');
          if (!loaded.ok) return loaded.outcome;
          return loaded.file.linked ? undefined : create(ctx, loaded.file.personId);
        },
        async prompt(ctx) {
          const file = await kit.store.beneficiaryFile(str(ctx.state.data, 'b') ?? '');
          return {
            text: ctx.t('tutor:invite.alreadyLinked', { name: file?.fullName ?? '' }),
            choices: [[{ label: ctx.t('tutor:invite.newCode'), value: 'yes' }], [{ label: ctx.t('tutor:cancel'), value: 'no' }]],
            nav: true,
          };
        },
        back: 'start',
        onChoice: (ctx, value) => (value === 'yes' ? create(ctx, str(ctx.state.data, 'b') ?? '') : { say: [{ text: ctx.t('common:cancelled') }], next: { to: 'menu' } }),
      },
    },
  };
}
