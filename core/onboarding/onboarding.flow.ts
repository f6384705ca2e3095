/**
 * Onboarding: /start [code] → language (each in its own script) → privacy notice with explicit
 * consent → invite code → linked to the person the code was made for → welcome and main menu.
 * Declining stores nothing but the refusal and the chosen language (so Ponte goes on speaking it), and
 * the person can change their mind at any time. A code typed before the language or the consent is kept.
 */
import type { AccountStore } from '../ports/accounts';
import type { AuditLog } from '../ports/audit';
import type { InviteStore } from '../ports/invites';
import type { Translator } from '../ports/translator';
import { LANGUAGES } from '../languages';
import type { FeatureModule, Outcome, TurnContext } from '../conversation/flow';
import { languageChoices } from '../conversation/system-flows.impl';
import { ONBOARDING_FLOW } from '../conversation/system-flows';
import { matchChoice } from '../conversation/engine';
import { normalizeInviteCode } from './invite-code';
import { LOCKOUT, lockedUntil, triesLeft } from './code-lockout';

/** Bumped when the privacy notice changes, so consent can be asked again. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

export interface OnboardingDeps {
  translator: Translator;
  accounts: AccountStore;
  invites: InviteStore;
  audit: AuditLog;
}

interface SwitchableContext extends TurnContext {
  switchLanguage?(lng: string): void;
  refresh?(): Promise<void>;
}

export function createOnboardingModule(deps: OnboardingDeps): FeatureModule {
  async function tryCode(ctx: SwitchableContext, typed: string): Promise<Outcome> {
    const since = new Date(ctx.now.getTime() - LOCKOUT.windowMs - LOCKOUT.lockMs);
    const failures = await deps.invites.failedAttemptsSince(ctx.account.id, since);
    const until = lockedUntil(failures, ctx.now);
    if (until) {
      const minutes = Math.max(1, Math.ceil((until.getTime() - ctx.now.getTime()) / 60_000));
      return { say: [{ text: ctx.t('onboarding:code.locked', { count: minutes }) }], next: { to: 'step', step: 'code' } };
    }
    const code = normalizeInviteCode(typed);
    const result = code ? await deps.invites.redeem(code, ctx.account.id, ctx.now) : ({ ok: false, reason: 'unknown' } as const);
    await deps.invites.recordAttempt(ctx.account.id, result.ok, ctx.now);
    if (!result.ok) {
      await deps.audit.record({ at: ctx.now, actorId: null, action: 'invite_rejected', subjectType: 'channel_account', subjectId: ctx.account.id, detail: { reason: result.reason } });
      const left = triesLeft([...failures, ctx.now], ctx.now);
      const lockedNow = lockedUntil([...failures, ctx.now], ctx.now);
      const text = lockedNow
        ? ctx.t('onboarding:code.locked', { count: Math.ceil(LOCKOUT.lockMs / 60_000) })
        : `${ctx.t(`onboarding:code.${result.reason}`)}\n${ctx.t('onboarding:code.triesLeft', { count: left })}`;
      return { say: [{ text }], next: { to: 'step', step: 'code' } };
    }
    await deps.audit.record({ at: ctx.now, actorId: result.personId, action: 'invite_redeemed', subjectType: 'person', subjectId: result.personId, detail: { role: result.role, channel: ctx.msg.channel } });
    await ctx.refresh?.();
    return { say: [{ text: ctx.t(`onboarding:welcome.${result.role}`, { name: ctx.person?.fullName ?? '' }) }], next: { to: 'menu' } };
  }

  /**
   * Text typed on a screen with buttons (language, consent): a button's label or number picks it; an
   * invite code is kept for later (a code typed before choosing a language costs no attempt).
   */
  async function typedOnButtons(ctx: TurnContext, text: string, pick: (value: string) => Outcome | Promise<Outcome>): Promise<Outcome> {
    const value = matchChoice(ctx.state.choices, text, true);
    if (value !== undefined) return pick(value);
    if (normalizeInviteCode(text)) return { say: [{ text: ctx.t('onboarding:code.kept') }], next: { to: 'repeat', data: { ...ctx.state.data, code: text } } };
    return { say: [{ text: ctx.t('common:useButtons') }], next: { to: 'repeat' } };
  }

  async function chooseLanguage(ctx: SwitchableContext, code: string): Promise<Outcome> {
    if (!LANGUAGES.some((l) => l.code === code)) return { next: { to: 'repeat' } };
    await deps.accounts.setLanguage(ctx.account.id, code);
    ctx.switchLanguage?.(code);
    return { next: { to: 'step', step: 'consent' } };
  }

  async function answerConsent(ctx: TurnContext, value: string): Promise<Outcome> {
    if (value === 'no') {
      await deps.accounts.recordRefusal(ctx.account.id, ctx.now);
      // The refusal clears the account; the language chosen a moment ago stays, so the bot goes on speaking it.
      await deps.accounts.setLanguage(ctx.account.id, ctx.lang);
      await deps.audit.record({ at: ctx.now, actorId: null, action: 'consent_refused', subjectType: 'channel_account', subjectId: ctx.account.id });
      return { say: [{ text: ctx.t('onboarding:consent.declined') }], next: { to: 'step', step: 'declined', data: {} } };
    }
    await deps.accounts.recordConsent(ctx.account.id, ctx.now, PRIVACY_NOTICE_VERSION);
    const pending = typeof ctx.state.data.code === 'string' ? ctx.state.data.code : undefined;
    if (pending) return tryCode(ctx, pending);
    return { next: { to: 'step', step: 'code' } };
  }

  return {
    flows: [
      {
        id: ONBOARDING_FLOW,
        initial: 'start',
        steps: {
          start: {
            // Someone who already chose a language and consented (and came back, maybe with a code) goes on from there.
            async enter(ctx) {
              if (!ctx.account.language || !ctx.account.consentAt) return undefined;
              const pending = typeof ctx.state.data.code === 'string' ? ctx.state.data.code : undefined;
              return pending ? tryCode(ctx, pending) : { next: { to: 'step', step: 'code' } };
            },
            prompt: (ctx) => ({ text: ctx.t('onboarding:chooseLanguage'), choices: languageChoices(deps.translator.languages()) }),
            onChoice: chooseLanguage,
            onText: (ctx, text) => typedOnButtons(ctx, text, (code) => chooseLanguage(ctx, code)),
          },
          consent: {
            prompt: (ctx) => ({
              text: ctx.t('onboarding:consent.text'),
              choices: [[{ label: ctx.t('onboarding:consent.accept'), value: 'yes' }], [{ label: ctx.t('onboarding:consent.decline'), value: 'no' }]],
            }),
            back: 'start',
            onChoice: answerConsent,
            onText: (ctx, text) => typedOnButtons(ctx, text, (value) => answerConsent(ctx, value)),
          },
          declined: {
            prompt: (ctx) => ({ text: ctx.t('onboarding:consent.revisit'), choices: [[{ label: ctx.t('onboarding:consent.changedMind'), value: 'again' }]] }),
            // The language chosen before declining is still known: straight to the notice again.
            onChoice: (ctx) => ({ next: { to: 'step', step: ctx.account.language ? 'consent' : 'start' } }),
            onText: (ctx, text) => typedOnButtons(ctx, text, () => ({ next: { to: 'step', step: ctx.account.language ? 'consent' : 'start' } })),
          },
          code: {
            prompt: (ctx) => ({ text: ctx.t('onboarding:code.ask') }),
            back: 'consent',
            onText: (ctx, text) => tryCode(ctx, text),
          },
        },
      },
    ],
  };
}
