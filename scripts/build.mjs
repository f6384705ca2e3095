// `npm run build`: bundles the server (bot/main.ts and everything it imports from bot/ and core/) into
// dist/main.js with esbuild, packages left as imports of node_modules. Why a bundle and not `tsc`: tsc
// keeps the extensionless ESM imports that Node refuses to run; the bundle also starts in about half the
// time of tsx with less memory. `npm ci` runs it (postinstall) and `npm start` rebuilds when a source
// file changed since (scripts/start.mjs), so a fresh clone needs no extra step.
//
// Code reached only through `import()` lands in dist/chunks/, loaded on first use. The build fails if
// a package listed in LAZY_PACKAGES becomes reachable through static imports from main.js: each costs
// tens of MB of memory, and a Telegram-only server must not pay for it.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const META_FILE = 'build-meta.json';

/** Loaded on first use only: botbuilder (~56 MB, on the first Teams request) and the chart renderer's Skia (~26 MB). */
export const LAZY_PACKAGES = ['botbuilder', '@napi-rs/canvas'];

/** Packages imported statically from the entry (main.js and the chunks it imports statically). */
export function staticPackages(metafile, entry) {
  const seen = new Set([entry]);
  const packages = new Set();
  const queue = [entry];
  while (queue.length) {
    for (const imp of metafile.outputs[queue.pop()]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) packages.add(imp.path);
      else if (!seen.has(imp.path)) {
        seen.add(imp.path);
        queue.push(imp.path);
      }
    }
  }
  return [...packages].sort();
}

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Builds into `outdir` (default dist/; it must be inside the project, where bot/project-paths.ts finds
 * locales/ and content/). Files are written under temporary names and renamed, main.js last, so a server
 * starting meanwhile never reads half a file; old chunks stay, since a running server may still load them.
 */
export async function buildServer({ outdir = DIST } = {}) {
  const esbuild = await import('esbuild');
  // Taken before esbuild reads anything: a source saved during the build counts as newer than it.
  const builtAt = Date.now();
  const started = performance.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'bot/main.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    splitting: true,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const entry = path.relative(ROOT, path.join(outdir, 'main.js'));
  const eager = staticPackages(result.metafile, entry);
  const wrong = eager.filter((p) => LAZY_PACKAGES.includes(packageName(p)));
  if (wrong.length) throw new Error(`build: ${wrong.join(', ')} must be loaded with import() on first use, but main.js imports it statically`);

  fs.mkdirSync(path.join(outdir, 'chunks'), { recursive: true });
  const files = [...result.outputFiles].sort((a, b) => Number(a.path.endsWith(`${path.sep}main.js`)) - Number(b.path.endsWith(`${path.sep}main.js`)));
  const meta = { builtAt, inputs: Object.keys(result.metafile.inputs), staticPackages: eager };
  for (const { path: file, contents } of [...files, { path: path.join(outdir, META_FILE), contents: JSON.stringify(meta) }]) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  }
  const size = fs.statSync(path.join(outdir, 'main.js')).size;
  console.error(`build: ${path.relative(ROOT, outdir) || '.'}/main.js (${Math.round(size / 1024)} KB) and ${result.outputFiles.filter((f) => f.path.endsWith('.js')).length - 1} chunks in ${Math.round(performance.now() - started)} ms`);
  return { outdir, entry: path.join(outdir, 'main.js'), staticPackages: eager, metafile: result.metafile };
}

/** Why the build in `outdir` must be redone ('' if it is up to date): missing, or a source newer than it. */
export function staleReason(outdir = DIST) {
  let meta;
  try {
    meta = JSON.parse(fs.readFileSync(path.join(outdir, META_FILE), 'utf8'));
  } catch {
    return 'no build yet';
  }
  if (!fs.existsSync(path.join(outdir, 'main.js'))) return 'no build yet';
  // The build script itself counts: new options mean a new bundle.
  for (const input of [...meta.inputs, 'scripts/build.mjs']) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(ROOT, input)).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > meta.builtAt) return `${input} changed`;
  }
  return '';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    await buildServer();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
