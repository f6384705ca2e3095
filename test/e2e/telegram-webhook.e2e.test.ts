/** The shared conversation on Telegram, webhook mode: updates POSTed to our server, replies at the fake Bot API. */
import { sharedConversationSuite } from './shared-conversation.suite';
import { startServerFixture } from './support/server.fixture';
import { telegramDriver } from './support/telegram.driver';

let chats = 5000;
sharedConversationSuite('Telegram (webhook)', async () => {
  const f = await startServerFixture({ telegramMode: 'webhook' });
  return { demo: f.h.demo!, newUser: () => telegramDriver(f, ++chats, 'webhook'), close: () => f.close() };
});
