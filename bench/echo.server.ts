/**
 * The baseline of `npm run bench:channels`: a bare grammY bot on grammY's own webhook handler that echoes
 * texts and answers button presses (answerCallbackQuery, then the data as a message). The benchmark
 * bundles it with esbuild and runs it with node, as Ponte runs from dist/, so both pay the same runtime.
 * Env: TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_SECRET. Prints the http_listening line
 * Ponte prints, so the benchmark finds either port the same way.
 */
import { createServer } from 'node:http';
import { Bot, webhookCallback } from 'grammy';

const bot = new Bot(process.env.TELEGRAM_BOT_TOKEN!, { client: { apiRoot: process.env.TELEGRAM_API_ROOT! } });
bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
bot.on('callback_query:data', async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.callbackQuery.data);
});
await bot.init();
const handle = webhookCallback(bot, 'http', { secretToken: process.env.TELEGRAM_WEBHOOK_SECRET });
// With webhooks grammY rethrows a failed update (bot.catch serves long polling only): log it rather than
// crash; the benchmark counts the missing reply as a failure.
const server = createServer((req, res) =>
  handle(req, res).catch((err: unknown) => {
    console.error(JSON.stringify({ event: 'echo_update_failed', error: err instanceof Error ? err.message : 'unknown' }));
    if (!res.headersSent) res.writeHead(500).end();
  }),
);
server.listen(0, '127.0.0.1', () => console.error(JSON.stringify({ event: 'http_listening', port: (server.address() as { port: number }).port })));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
