/** The main menu and the language screen: always available, whatever feature modules are loaded. */
import type { AccountStore, PersonStore, PersonSummary } from '../ports/accounts';
import type { Translator } from '../ports/translator';
import { LANGUAGES } from '../languages';
import type { Flow, MenuItem, PromptChoice, TurnContext } from './flow';
import { LANGUAGE_FLOW, MENU_FLOW } from './system-flows';

interface LanguageScreenContext extends TurnContext {
  switchLanguage?(lng: string): void;
}

/** Splits choices into rows of `perRow`, so long lists stay readable on a phone. */
export function rows<T>(items: readonly T[], perRow: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow));
  return out;
}

/** The language buttons, each language written in its own script. */
export function languageChoices(available: readonly string[]): PromptChoice[][] {
  return rows(
    LANGUAGES.filter((l) => available.includes(l.code)).map((l) => ({ label: l.nativeName, value: l.code })),
    2,
  );
}

export function createMenuFlow(menuFor: (person: PersonSummary) => MenuItem[]): Flow {
  return {
    id: MENU_FLOW,
    steps: {
      main: {
        prompt(ctx) {
          const items = ctx.person ? menuFor(ctx.person) : [];
          const choices: PromptChoice[][] = rows(items.map((i) => ({ label: ctx.t(i.labelKey), value: `i.${i.id}` })), 2);
          choices.push([
            { label: ctx.t('common:menu.language'), value: 'lang' },
            { label: ctx.t('common:menu.help'), value: 'help' },
          ]);
          return { text: ctx.t('common:menu.title', { name: ctx.person?.fullName ?? '' }), choices };
        },
        onChoice(ctx, value) {
          if (value === 'lang') return { next: { to: 'flow', flow: LANGUAGE_FLOW, data: { returnTo: null } } };
          if (value === 'help') {
            const role = ctx.person?.roles[0] ?? 'guest';
            return { say: [{ text: ctx.t(`common:help.${role}`) }], next: { to: 'repeat' } };
          }
          const item = ctx.person ? menuFor(ctx.person).find((i) => `i.${i.id}` === value) : undefined;
          if (!item) return { say: [{ text: ctx.t('common:staleButton') }], next: { to: 'repeat' } };
          return { next: { to: 'flow', flow: item.flow } };
        },
      },
    },
  };
}

export function createLanguageFlow(deps: { translator: Translator; accounts: AccountStore; people: PersonStore }): Flow {
  return {
    id: LANGUAGE_FLOW,
    initial: 'start',
    steps: {
      start: {
        prompt: (ctx) => ({ text: ctx.t('common:language.choose'), choices: languageChoices(deps.translator.languages()) }),
        async onChoice(ctx: LanguageScreenContext, code) {
          const lang = LANGUAGES.find((l) => l.code === code);
          if (!lang || !deps.translator.languages().includes(code)) return { next: { to: 'repeat' } };
          if (ctx.person) await deps.people.setLanguage(ctx.person.id, code);
          else await deps.accounts.setLanguage(ctx.account.id, code);
          ctx.switchLanguage?.(code);
          const say = [{ text: ctx.t('common:language.changed', { language: lang.nativeName }) }];
          const back = ctx.state.data.returnTo as { flow: string; step: string; data: Record<string, unknown> } | null | undefined;
          if (!back) return { say, next: { to: 'menu' } };
          return { say, next: { to: 'flow', flow: back.flow, step: back.step, data: back.data } };
        },
      },
    },
  };
}
