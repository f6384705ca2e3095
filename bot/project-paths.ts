/**
 * Where the project's data folders are (locales/, content/, prisma/migrations/), the same whether the
 * code runs from its sources under tsx (bot/…) or from the esbuild bundle (dist/main.js, dist/chunks/…):
 * every bundled module shares the `import.meta.url` of the file it was bundled into, so a path such as
 * `../../locales` would be wrong there. The root is the nearest folder above that holds package.json,
 * which is why the bundle must stay inside the project (dist/ is).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}: run Ponte from inside its project folder`);
  }
}

/** The folder that holds package.json, locales/, content/ and prisma/. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. `projectPath('prisma', 'migrations')`. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
