/**
 * What every tutor flow shares: its dependencies, "today" in the tutor's time zone, and loading a
 * beneficiary's file through the access policy (a refusal is audited and answered, never ignored).
 */
import type { Outcome, Step, TurnContext } from '../conversation/flow';
import type { AuditLog } from '../ports/audit';
import type { Translator } from '../ports/translator';
import type { Actor } from '../access/access.policy';
import type { AccessAction } from '../access/access.policy';
import { AccessGuard } from '../access/access.guard';
import { localDate } from '../time/zoned-time';
import type { BeneficiaryFile, HourStore, InternshipStore, TutorStore } from './tutor.ports';

/** Dependencies of `createTutorModule`. */
export interface TutorDeps {
  store: TutorStore;
  hours: HourStore;
  internships: InternshipStore;
  audit: AuditLog;
  /** For the invite message written in the beneficiary's language, not the tutor's. */
  translator: Translator;
  /** Randomness for invite codes (core has none of its own). */
  randomBytes(n: number): Uint8Array;
  /** Telegram bot username (without @) for deep links; absent = tell the person to type /start CODE. */
  telegramBotUsername?: string;
}

export interface TutorKit extends TutorDeps {
  guard: AccessGuard;
}

export const DEFAULT_TZ = 'Europe/Rome';

/** The tutor's calendar date now ('YYYY-MM-DD'), in their own time zone. */
export function todayOf(ctx: TurnContext): string {
  return localDate(ctx.now, ctx.person?.timezone ?? DEFAULT_TZ);
}

export function notAllowed(ctx: TurnContext): Outcome {
  return { say: [{ text: ctx.t('common:errors.notAllowed') }], next: { to: 'menu' } };
}

/** The current person as an actor; null when they are not (or no longer) known. */
export async function actorOf(kit: TutorKit, ctx: TurnContext): Promise<Actor | null> {
  return ctx.person ? kit.store.actor(ctx.person.id) : null;
}

export type Loaded = { ok: true; actor: Actor; file: BeneficiaryFile } | { ok: false; outcome: Outcome };

/**
 * Loads a beneficiary for `action`. Unknown ids and refusals look the same to the user (no hint
 * that the person exists), but a refusal is recorded in the audit trail by the guard.
 */
export async function loadBeneficiary(kit: TutorKit, ctx: TurnContext, personId: string, action: AccessAction, what: string): Promise<Loaded> {
  const actor = await actorOf(kit, ctx);
  const file = actor ? await kit.store.beneficiaryFile(personId) : null;
  if (!actor || !file) return { ok: false, outcome: notAllowed(ctx) };
  const decision = await kit.guard.check(actor, action, { personId: file.personId, entityId: file.entityId, region: file.region, province: file.province }, ctx.now, what);
  if (!decision.allowed) return { ok: false, outcome: notAllowed(ctx) };
  return { ok: true, actor, file };
}

/** Reads a string field of the step data (state data is untyped JSON). */
export function str(data: Record<string, unknown>, key: string): string | undefined {
  const v = data[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(data: Record<string, unknown>, key: string): number | undefined {
  const v = data[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const normLabel = (s: string) => s.normalize('NFKC').replace(/[\u200B-\u200F\u2066-\u2069\uFEFF]/g, '').trim().toLowerCase();

/**
 * On a step that takes both buttons and free text, a button's label typed as text (Teams users
 * often do) means the button: "No note" must not become a note. Numbers are NOT taken as button
 * numbers here, because on these steps a number is an answer ("2" hours).
 */
export function acceptTypedLabels(step: Step): Step {
  const onText = step.onText;
  const onChoice = step.onChoice;
  if (!onText || !onChoice) return step;
  return {
    ...step,
    onText(ctx, text) {
      const hit = ctx.state.choices.find(([label]) => normLabel(label) === normLabel(text));
      return hit ? onChoice(ctx, hit[1]) : onText(ctx, text);
    },
  };
}
