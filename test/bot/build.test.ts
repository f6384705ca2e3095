/**
 * `npm run build` (scripts/build.mjs): which packages the bundle loads at start-up, and when `npm start`
 * rebuilds. The end-to-end test (test/e2e/npm-start.e2e.test.ts) runs the real bundle.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAZY_PACKAGES, staleReason, staticPackages } from '../../scripts/build.mjs';

describe('staticPackages', () => {
  const metafile = {
    outputs: {
      'dist/main.js': { imports: [{ path: 'grammy', kind: 'import-statement', external: true }, { path: 'dist/chunks/chunk-A.js', kind: 'import-statement' }, { path: 'dist/chunks/teams.runtime-B.js', kind: 'dynamic-import' }] },
      'dist/chunks/chunk-A.js': { imports: [{ path: 'zod', kind: 'import-statement', external: true }, { path: '@napi-rs/canvas', kind: 'dynamic-import', external: true }] },
      'dist/chunks/teams.runtime-B.js': { imports: [{ path: 'botbuilder', kind: 'import-statement', external: true }, { path: 'dist/chunks/chunk-A.js', kind: 'import-statement' }] },
    },
  };

  it('follows static imports through shared chunks, not import()', () => {
    expect(staticPackages(metafile, 'dist/main.js')).toEqual(['grammy', 'zod']);
    expect(staticPackages(metafile, 'dist/chunks/teams.runtime-B.js')).toEqual(['botbuilder', 'zod']);
  });

  it('keeps botbuilder and Skia out of start-up', () => {
    expect(LAZY_PACKAGES).toEqual(expect.arrayContaining(['botbuilder', '@napi-rs/canvas']));
  });
});

describe('staleReason', () => {
  let dir: string | undefined;
  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));
  const buildIn = (meta: object | undefined, withMain = true) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ponte-build-'));
    if (withMain) fs.writeFileSync(path.join(dir, 'main.js'), '');
    if (meta) fs.writeFileSync(path.join(dir, 'build-meta.json'), JSON.stringify(meta));
    return dir;
  };
  const future = Date.now() + 3_600_000;

  it('is empty for a build newer than its sources and the build script', () => {
    expect(staleReason(buildIn({ builtAt: future, inputs: ['bot/main.ts', 'core/roles.ts'] }))).toBe('');
  });

  it('names what is missing or newer', () => {
    expect(staleReason(buildIn(undefined))).toBe('no build yet');
    expect(staleReason(buildIn({ builtAt: future, inputs: [] }, false))).toBe('no build yet');
    expect(staleReason(buildIn({ builtAt: 0, inputs: ['bot/main.ts'] }))).toBe('bot/main.ts changed');
    expect(staleReason(buildIn({ builtAt: future, inputs: ['bot/gone.ts'] }))).toBe('bot/gone.ts is gone');
  });
});
