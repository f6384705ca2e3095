/** The shared conversation on Telegram, long-polling mode (@grammyjs/runner against the fake Bot API). */
import { sharedConversationSuite } from './shared-conversation.suite';
import { startServerFixture } from './support/server.fixture';
import { telegramDriver } from './support/telegram.driver';

let chats = 7000;
sharedConversationSuite('Telegram (long polling)', async () => {
  const f = await startServerFixture({ telegramMode: 'polling' });
  return { demo: f.h.demo!, newUser: () => telegramDriver(f, ++chats, 'polling'), close: () => f.close() };
});
