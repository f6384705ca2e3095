// `npm start`: runs the compiled server (dist/main.js), rebuilding it first when it is missing or a
// source file is newer (scripts/build.mjs), so `git pull && npm start` never runs stale code. The server
// is imported into this same process, so signals (SIGTERM from a supervisor) reach it directly.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { DIST, buildServer, staleReason } from './build.mjs';

const why = staleReason();
if (why) {
  console.error(`build: rebuilding dist/ (${why})`);
  await buildServer();
}
await import(pathToFileURL(path.join(DIST, 'main.js')).href);
