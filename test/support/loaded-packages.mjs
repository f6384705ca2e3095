// Preloaded into a server under test (`node --import ./test/support/loaded-packages.mjs …`): on SIGUSR2 it
// writes to $LOADED_PACKAGES_FILE the names of the packages the process has loaded so far through Node's
// CommonJS loader, which is where botbuilder, @napi-rs/canvas and grammy land even when imported from ESM.
// The end-to-end test of `npm start` reads it to check that heavy packages load on first use only.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

process.on('SIGUSR2', () => {
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const all = [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)];
    if (all.length) names.add(all[all.length - 1][1]);
  }
  const target = process.env.LOADED_PACKAGES_FILE;
  fs.writeFileSync(`${target}.tmp`, JSON.stringify([...names].sort()));
  fs.renameSync(`${target}.tmp`, target);
});
