/** core/ must stay pure: no channel SDK or infrastructure library, no system clock. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = path.resolve(__dirname, '../../core');
const FORBIDDEN = /from\s+['"](grammy|@grammyjs\/[^'"]+|botbuilder[^'"]*|@prisma\/[^'"]+|i18next|node-cron|better-sqlite3|pg|fflate|@napi-rs\/[^'"]+|node:fs|fs|node:http|http)['"]/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

describe('core purity', () => {
  const all = files(CORE);

  it('has source files to check', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all.map((f) => path.relative(CORE, f)))('%s imports no SDK and never reads the system clock', (rel) => {
    const src = fs.readFileSync(path.join(CORE, rel), 'utf8');
    const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(FORBIDDEN);
    expect(code).not.toMatch(/new Date\(\s*\)|Date\.now\(\)/);
  });

  it('the check itself catches an SDK import', () => {
    expect(`import { Bot } from 'grammy';`).toMatch(FORBIDDEN);
    expect(`import { PrismaClient } from '@prisma/client';`).toMatch(FORBIDDEN);
  });
});
