/** The shared conversation on the terminal channel (console renderer + interpretLine over the engine). */
import { createHarness } from '../support/ponte-harness';
import { sharedConversationSuite } from './shared-conversation.suite';
import { terminalDriver } from './support/terminal.driver';

let users = 0;
sharedConversationSuite('the terminal', async () => {
  const h = await createHarness({ demo: true });
  return { demo: h.demo!, newUser: () => terminalDriver(h.ponte, `console-${++users}`), close: () => h.close() };
});
