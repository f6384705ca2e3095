/** The terminal channel, driven as `npm run chat` drives it: console renderer and interpretLine. */
import { interpretLine, renderForTerminal } from '../../../bot/console/console.renderer';
import { stripIsolation } from '../../../core/conversation/bidi';
import type { Choice } from '../../../core/messages';
import type { Ponte } from '../../../bot/app';
import { pick, type ChatDriver, type KeptButtons, type Reply } from './driver';

export function terminalDriver(ponte: Ponte, user: string): ChatDriver {
  let choices: Choice[] = [];
  const line = async (typed: string, offered: Choice[]): Promise<Reply> => {
    const content = interpretLine(typed, offered);
    const replies = await ponte.engine.handle({ channel: 'console', chatId: user, userId: user, content });
    const rendered = renderForTerminal(replies);
    choices = rendered.choices;
    return { texts: replies.map((m) => stripIsolation(m.text)), buttons: rendered.choices.map((c) => stripIsolation(c.label)) };
  };
  const number = (offered: Choice[], wanted: string | RegExp) => {
    const labelled = offered.map((c, i) => ({ label: stripIsolation(c.label), n: i + 1 }));
    return String(pick(labelled, wanted).n);
  };
  return {
    say: (text) => line(text, choices),
    press: (label) => line(number(choices, label), choices),
    keep: () => ({ labels: choices.map((c) => c.label), choices: [...choices] }) as KeptButtons,
    pressKept: (kept, label) => {
      const offered = (kept as KeptButtons & { choices: Choice[] }).choices;
      return line(number(offered, label), offered);
    },
  };
}
