/**
 * The conversation engine: one turn = one incoming message → the replies. Channel-neutral; the state
 * of each chat is read from and written to the ConversationStore, so a restart continues it.
 *
 * A turn is one unit of work: its receipt (the update's id), the conversation state, every write the
 * features make and, for channels that ask for it, the replies (as outbox rows) commit together or not
 * at all. A flow that throws rolls the turn back; the update is then recorded in a second small unit
 * with an apology, so a bug is not replayed by every redelivery. Any other failure (the database) leaves
 * nothing behind and propagates: the channel answers non-2xx and the update is delivered again.
 */
import type { AccountStore, PersonStore, Account, PersonSummary } from '../ports/accounts';
import type { Clock } from '../ports/clock';
import type { ConversationState, ConversationStore } from '../ports/conversations';
import type { Translator, TranslationParams } from '../ports/translator';
import type { AuditLog } from '../ports/audit';
import type { Logger } from '../ports/logger';
import type { ReceiptStore } from '../ports/receipts';
import type { ReplyOutbox } from '../ports/replies';
import type { TurnStore } from '../ports/turns';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Choice, IncomingMessage, OutgoingMessage } from '../messages';
import { DEFAULT_LANGUAGE, isRtl, matchLanguage } from '../languages';
import { decodeAction, encodeGlobal, encodeScreenAction, type GlobalCommand } from './action-data';
import { commandLexicon, parseTextCommand, type CommandLexicon } from './text-commands';
import { orientMessage } from './bidi';
import type { FeatureModule, Flow, GlobalAction, MenuItem, Next, Outcome, PromptChoice, TurnContext } from './flow';
import { ON_CANCEL } from './flow';
import { KeyedSerializer } from './keyed-serializer';
import { FlowFailed, stateKey, type TurnOptions, type TurnResult } from './turn-options';
import { isolateParams, matchChoice } from './text-match';
import { FORM_VALUE, formOf } from './prompt-form';
import { ONBOARDING_FLOW, MENU_FLOW, LANGUAGE_FLOW, STOP_REMINDERS_FLOW } from './system-flows';
import { createMenuFlow, createLanguageFlow } from './system-flows.impl';

export interface EngineDeps {
  clock: Clock;
  translator: Translator;
  accounts: AccountStore;
  people: PersonStore;
  conversations: ConversationStore;
  audit: AuditLog;
  logger: Logger;
  modules: FeatureModule[];
  units: UnitOfWork;
  receipts: ReceiptStore;
  turns: TurnStore;
  replies: ReplyOutbox;
}

interface MutableContext extends TurnContext {
  switchLanguage(lng: string): void;
  refresh(): Promise<void>;
}

export class ConversationEngine {
  private readonly flows = new Map<string, Flow>();
  private readonly menu: MenuItem[] = [];
  private readonly actions = new Map<string, GlobalAction>();
  private readonly serial = new KeyedSerializer();
  /** Command words of every language (locale data), read once. */
  private readonly commands: CommandLexicon;
  private unkeyed = 0;

  constructor(private readonly deps: EngineDeps) {
    this.commands = commandLexicon(deps.translator).lexicon;
    for (const mod of deps.modules) {
      for (const flow of mod.flows ?? []) {
        if (this.flows.has(flow.id)) throw new Error(`duplicate flow ${flow.id}`);
        this.flows.set(flow.id, flow);
      }
      this.menu.push(...(mod.menu ?? []));
      for (const action of mod.actions ?? []) this.actions.set(action.prefix, action);
    }
    this.flows.set(MENU_FLOW, createMenuFlow((person) => this.menuFor(person)));
    this.flows.set(LANGUAGE_FLOW, createLanguageFlow(deps));
    for (const id of [ONBOARDING_FLOW, MENU_FLOW, LANGUAGE_FLOW]) if (!this.flows.has(id)) throw new Error(`missing flow ${id}`);
    this.menu.sort((a, b) => a.order - b.order);
  }

  /** Menu items for a person, in order, without duplicates (a person may hold several roles). */
  menuFor(person: PersonSummary): MenuItem[] {
    const seen = new Set<string>();
    return this.menu.filter((item) => person.roles.includes(item.role) && !seen.has(item.id) && seen.add(item.id));
  }

  /** Handles one message and returns the replies (the terminal, tests). */
  async handle(msg: IncomingMessage): Promise<OutgoingMessage[]> {
    const result = await this.process(msg);
    return result.duplicate ? [] : result.replies;
  }

  /**
   * Runs one turn as a unit of work (see the file comment). Messages of the same chat are handled one at
   * a time, in order. Rejects only when nothing was committed: the channel should have the update again.
   */
  process(msg: IncomingMessage, opts: TurnOptions = {}): Promise<TurnResult> {
    const key = `${msg.channel}:${msg.chatId}`;
    return this.serial.run(key, async () => {
      try {
        return await this.deps.units.run(key, () => this.turn(msg, opts, false));
      } catch (err) {
        if (!(err instanceof FlowFailed)) throw err;
        this.deps.logger.error('turn_failed', { channel: msg.channel, flow: err.flow, step: err.step, error: errorCode(err.reason) });
        return this.deps.units.run(key, () => this.turn(msg, opts, true));
      }
    });
  }

  /**
   * Renders a text in the language this person is answered in (their chosen language, else the
   * channel's hint), for adapters' error replies and greetings outside a turn.
   */
  async fallbackText(msg: Pick<IncomingMessage, 'channel' | 'userId' | 'languageHint'>, key: string): Promise<string> {
    const available = this.deps.translator.languages();
    let lang = matchLanguage(msg.languageHint, available) ?? DEFAULT_LANGUAGE;
    try {
      const account = await this.deps.accounts.find(msg.channel, msg.userId);
      if (account) lang = this.languageOf(account, account.personId ? await this.deps.people.get(account.personId) : null, msg.languageHint);
    } catch {
      // The database may be the reason we are here: fall back to the hint.
    }
    return this.deps.translator.t(lang, key);
  }

  private languageOf(account: Account, person: PersonSummary | null, hint?: string): string {
    const available = this.deps.translator.languages();
    const pick = [person?.language, account.language].find((l): l is string => !!l && available.includes(l));
    return pick ?? matchLanguage(hint, available) ?? DEFAULT_LANGUAGE;
  }

  private async turn(msg: IncomingMessage, opts: TurnOptions, failed: boolean): Promise<TurnResult> {
    const { deps } = this;
    const now = deps.clock.now();
    if (opts.receipt && !(await deps.receipts.record(opts.receipt, now))) return { duplicate: true };
    const { account, person, conversation } = await deps.turns.start(msg.channel, msg.userId, msg.chatId, now);
    const state: ConversationState = conversation ?? { flow: person ? MENU_FLOW : ONBOARDING_FLOW, step: person ? 'main' : 'start', data: {}, version: 0, choices: [] };
    const ctx = this.context(msg, account, person, state, now);
    const out: OutgoingMessage[] = opts.prefaceKey ? [{ text: ctx.t(opts.prefaceKey) }] : [];
    if (failed) {
      out.push({ text: ctx.t('common:errors.generic'), choices: [[{ label: ctx.t('common:nav.menu'), data: encodeGlobal('menu') }]] });
    } else {
      try {
        const outcome = await this.decide(ctx, out);
        if (outcome) await this.apply(ctx, outcome, out);
      } catch (err) {
        throw new FlowFailed(err, ctx.state.flow, ctx.state.step);
      }
      // Written only when it changed: a turn that shows nothing new costs no statement here.
      if (!conversation || stateKey(conversation) !== stateKey(ctx.state)) await deps.conversations.save(msg.channel, msg.chatId, ctx.state);
    }
    const dir = isRtl(ctx.lang) ? 'rtl' : 'ltr';
    const replies = out.map((m) => orientMessage({ ...m, dir: m.dir ?? dir }));
    if (!opts.durable || replies.length === 0) return { duplicate: false, replies, queued: null };
    const key = opts.receipt ? `reply:${opts.receipt.scope}:${opts.receipt.id}` : `reply:${msg.channel}:${msg.chatId}:${now.getTime()}:${++this.unkeyed}`;
    const queued = await deps.replies.enqueue({ key, channel: msg.channel, chatId: msg.chatId, personId: ctx.person?.id ?? null, messages: replies, ref: opts.durable.ref, now });
    return { duplicate: false, replies, queued };
  }

  private context(msg: IncomingMessage, account: Account, person: PersonSummary | null, state: ConversationState, now: Date): MutableContext {
    const { deps } = this;
    const ctx: MutableContext = {
      msg,
      account,
      person,
      state,
      now,
      lang: this.languageOf(account, person, msg.languageHint),
      t(key: string, params?: TranslationParams) {
        return deps.translator.t(ctx.lang, key, isolateParams(params, isRtl(ctx.lang)));
      },
      switchLanguage(lng: string) {
        ctx.lang = lng;
      },
      refresh: async () => {
        ctx.account = (await deps.accounts.get(ctx.account.id)) ?? ctx.account;
        ctx.person = ctx.account.personId ? await deps.people.get(ctx.account.personId) : null;
        ctx.lang = this.languageOf(ctx.account, ctx.person, msg.languageHint);
      },
    };
    return ctx;
  }

  /** Works out what the message means; returns the outcome to apply, or undefined if `out` already holds the answer. */
  private async decide(ctx: MutableContext, out: OutgoingMessage[]): Promise<Outcome | undefined> {
    const { content } = ctx.msg;
    const linked = ctx.person !== null;
    if (!linked && ctx.state.flow !== ONBOARDING_FLOW && ctx.state.flow !== LANGUAGE_FLOW) {
      ctx.state = { flow: ONBOARDING_FLOW, step: 'start', data: {}, version: ctx.state.version, choices: [] };
    }
    if (ctx.msg.edited) return this.edited(ctx);
    if (content.type === 'unsupported') {
      return { say: [{ text: ctx.t('common:unsupported') }], next: { to: 'repeat' } };
    }
    if (content.type === 'media') {
      const step = this.currentStep(ctx);
      if (step?.onMedia) return step.onMedia(ctx, content);
      return (await this.unhandled(ctx, content)) ?? { say: [{ text: ctx.t('common:unsupported') }], next: { to: 'repeat' } };
    }
    if (content.type === 'text') {
      const cmd = parseTextCommand(content.text, this.commands);
      if (cmd?.command === 'start') {
        if (linked) return { say: cmd.payload ? [{ text: ctx.t('onboarding:alreadyLinked') }] : undefined, next: { to: 'menu' } };
        return { next: { to: 'flow', flow: ONBOARDING_FLOW, step: 'start', data: cmd.payload ? { code: cmd.payload } : {} } };
      }
      if (cmd?.command === 'stop') return this.stopReminders(ctx);
      if (cmd) return this.globalCommand(ctx, cmd.command);
      // The Back and Menu buttons typed back as text (Teams' imBack sends a button's title).
      const nav = matchChoice([[ctx.t('common:nav.back'), 'back'], [ctx.t('common:nav.menu'), 'menu']], content.text, false);
      if (nav === 'back' || nav === 'menu') return this.globalCommand(ctx, nav);
      const step = this.currentStep(ctx);
      if (step?.onText) return step.onText(ctx, content.text);
      const match = matchChoice(ctx.state.choices, content.text, true);
      if (match !== undefined && step?.onChoice) return step.onChoice(ctx, match);
      if (linked && ctx.state.flow === MENU_FLOW) {
        for (const mod of this.deps.modules) {
          const taken = await mod.textAtMenu?.(ctx, content.text);
          if (taken) return taken;
        }
      }
      return (await this.unhandled(ctx, content)) ?? { say: [{ text: ctx.t('common:useButtons') }], next: { to: 'repeat' } };
    }
    if (content.type === 'form') {
      // A form is one screen's answer: valid only on the screen (version) that showed it.
      const form = decodeAction(content.data);
      const step = this.currentStep(ctx);
      if (form.kind !== 'screen' || form.value !== FORM_VALUE || form.version !== ctx.state.version || !step?.onForm) return this.stale(ctx);
      return step.onForm(ctx, content.fields);
    }
    const action = decodeAction(content.data);
    switch (action.kind) {
      case 'global':
        return this.globalCommand(ctx, action.command);
      case 'feature':
        return this.featureAction(ctx, action.prefix, action.rest);
      case 'screen': {
        const step = this.currentStep(ctx);
        const known = ctx.state.choices.some(([, value]) => value === action.value);
        if (action.version !== ctx.state.version || !known || !step?.onChoice) return this.stale(ctx);
        return step.onChoice(ctx, action.value);
      }
      default:
        void out;
        return this.stale(ctx);
    }
  }

  /** Text or a file nothing on the screen took: feature modules may answer it (linked people only). */
  private async unhandled(ctx: MutableContext, content: Extract<IncomingMessage['content'], { type: 'text' | 'media' }>): Promise<Outcome | undefined> {
    if (!ctx.person) return undefined;
    for (const mod of this.deps.modules) {
      const taken = await mod.onUnhandled?.(ctx, content);
      if (taken) return taken;
    }
    return undefined;
  }

  /** An edited message: a feature that used the original may update what it did; otherwise say edits are not read. */
  private async edited(ctx: MutableContext): Promise<Outcome> {
    if (ctx.person) {
      for (const mod of this.deps.modules) {
        const taken = await mod.onEdit?.(ctx, ctx.msg.content);
        if (taken) return taken;
      }
    }
    return { say: [{ text: ctx.t('common:editNotRead') }], next: { to: 'stay' } };
  }

  /** "stop": stop reminders after a confirmation, where the feature is loaded and the person gets reminders; else as "cancel". */
  private stopReminders(ctx: MutableContext): Outcome | Promise<Outcome> {
    const flow = this.flows.get(STOP_REMINDERS_FLOW);
    const person = ctx.person;
    if (!person || !flow || (flow.roles && !flow.roles.some((r) => person.roles.includes(r)))) return this.globalCommand(ctx, 'cancel');
    return { next: { to: 'flow', flow: STOP_REMINDERS_FLOW } };
  }

  private stale(ctx: MutableContext): Outcome {
    return { say: [{ text: ctx.t('common:staleButton') }], next: ctx.person ? { to: 'menu' } : { to: 'repeat' } };
  }

  private featureAction(ctx: MutableContext, prefix: string, rest: string): Outcome | Promise<Outcome> {
    const handler = this.actions.get(prefix);
    if (!handler || !ctx.person || (handler.roles && !handler.roles.some((r) => ctx.person!.roles.includes(r)))) return this.stale(ctx);
    return handler.handle(ctx, rest);
  }

  private globalCommand(ctx: MutableContext, command: GlobalCommand): Outcome | Promise<Outcome> {
    const linked = ctx.person !== null;
    switch (command) {
      case 'help': {
        const role = ctx.person?.roles[0];
        return { say: [{ text: ctx.t(linked ? `common:help.${role}` : 'common:help.guest') }], next: { to: 'repeat' } };
      }
      case 'language':
        // Back to the same screen afterwards, now in the new language (the menu and the language screen itself excepted).
        return { next: { to: 'flow', flow: LANGUAGE_FLOW, data: { returnTo: ctx.state.flow === LANGUAGE_FLOW || ctx.state.flow === MENU_FLOW ? null : { flow: ctx.state.flow, step: ctx.state.step, data: ctx.state.data } } } };
      case 'back': {
        const back = this.currentStep(ctx)?.back;
        if (back) return { next: { to: 'step', step: back } };
        return linked ? { next: { to: 'menu' } } : { next: { to: 'repeat' } };
      }
      case 'cancel': {
        // Right after a save, the screen may say what cancelling means (e.g. offer to undo the save).
        const hook = ctx.state.data[ON_CANCEL];
        const onCancel = linked && typeof hook === 'string' ? decodeAction(hook) : undefined;
        if (onCancel?.kind === 'feature') return this.featureAction(ctx, onCancel.prefix, onCancel.rest);
        // Said plainly: a flow may already have saved a step (e.g. "I can't come" before its optional reason).
        return linked ? { say: [{ text: ctx.t('common:cancelledShort') }], next: { to: 'menu' } } : { next: { to: 'repeat' } };
      }
      case 'menu':
      default:
        return linked ? { next: { to: 'menu' } } : { next: { to: 'repeat' } };
    }
  }

  private currentStep(ctx: TurnContext) {
    return this.flows.get(ctx.state.flow)?.steps[ctx.state.step];
  }

  private async apply(ctx: MutableContext, outcome: Outcome, out: OutgoingMessage[]): Promise<void> {
    out.push(...(outcome.say ?? []));
    let next: Next = outcome.next;
    // Refusals and `enter` hooks re-route; a few hops at most per turn.
    for (let hop = 0; hop < 6; hop++) {
      const target = this.resolve(ctx, next);
      if (!target) return;
      const flow = this.flows.get(target.flow);
      const step = flow?.steps[target.step];
      if (!flow || !step) {
        this.deps.logger.error('unknown_step', { flow: target.flow, step: target.step });
        next = { to: 'menu' };
        continue;
      }
      if (flow.roles && (!ctx.person || !flow.roles.some((r) => ctx.person!.roles.includes(r)))) {
        await this.deps.audit.record({ at: ctx.now, actorId: ctx.person?.id ?? null, action: 'flow_refused', subjectType: 'flow', subjectId: flow.id });
        out.push({ text: ctx.t('common:errors.notAllowed') });
        next = { to: 'menu' };
        continue;
      }
      ctx.state = { flow: target.flow, step: target.step, data: target.data, version: ctx.state.version, choices: ctx.state.choices };
      if (!target.render) return;
      const redirect = step.enter ? await step.enter(ctx) : undefined;
      if (redirect) {
        out.push(...(redirect.say ?? []));
        next = redirect.next;
        continue;
      }
      const prompt = await step.prompt(ctx);
      const version = ctx.state.version + 1;
      const flat: PromptChoice[] = (prompt.choices ?? []).flat();
      const rows: Choice[][] = (prompt.choices ?? []).map((row) => row.map((c) => ({ label: c.label, data: encodeScreenAction(version, c.value) })));
      if (prompt.nav) rows.push([{ label: ctx.t('common:nav.back'), data: encodeGlobal('back') }, { label: ctx.t('common:nav.menu'), data: encodeGlobal('menu') }]);
      out.push(...(prompt.before ?? []));
      const form = prompt.form ? formOf(prompt.form, prompt.choices ?? [], rows, version, prompt.nav === true) : undefined;
      out.push({ text: prompt.text, choices: rows.length ? rows : undefined, attachments: prompt.attachments, ...(form ? { form } : {}) });
      ctx.state = { ...ctx.state, version, choices: flat.map((c) => [c.label, c.value]) };
      return;
    }
  }

  private resolve(ctx: TurnContext, next: Next): { flow: string; step: string; data: Record<string, unknown>; render: boolean } | undefined {
    const { state } = ctx;
    switch (next.to) {
      case 'stay':
        ctx.state = { ...state, data: next.data ?? state.data };
        return undefined;
      case 'repeat':
        return { flow: state.flow, step: state.step, data: next.data ?? state.data, render: true };
      case 'step':
        return { flow: state.flow, step: next.step, data: next.data ?? state.data, render: true };
      case 'flow': {
        const flow = this.flows.get(next.flow);
        return { flow: next.flow, step: next.step ?? flow?.initial ?? 'start', data: next.data ?? {}, render: true };
      }
      case 'menu':
        return ctx.person ? { flow: MENU_FLOW, step: 'main', data: {}, render: true } : { flow: ONBOARDING_FLOW, step: 'start', data: {}, render: true };
    }
  }
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.name : 'unknown';
}

export { GLOBAL_COMMANDS } from './action-data';
export { matchChoice } from './text-match';
export type { TurnOptions, TurnResult } from './turn-options';
export type { MenuItem } from './flow';
