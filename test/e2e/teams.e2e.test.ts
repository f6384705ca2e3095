/** The shared conversation on Teams: activities POSTed to /api/messages, replies at the fake connector. */
import { sharedConversationSuite } from './shared-conversation.suite';
import { startServerFixture } from './support/server.fixture';
import { teamsDriver } from './support/teams.driver';

let users = 0;
sharedConversationSuite('Teams', async () => {
  const f = await startServerFixture({ telegramMode: 'off' });
  return { demo: f.h.demo!, newUser: () => teamsDriver(f, { userId: `29:user-${++users}` }), close: () => f.close() };
});
