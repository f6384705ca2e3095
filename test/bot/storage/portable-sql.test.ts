/**
 * The raw SQL helpers that must behave the same on SQLite and PostgreSQL (run in both test projects):
 * the provider read from a client, byte-order keys, and the digest lists' search folding.
 */
import { Prisma } from '@prisma/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameOrCodeLike } from '../../../bot/reports/scope.sql';
import { byteOrder, providerOf } from '../../../bot/storage/sql-provider';
import { createHarness, type Harness } from '../../support/ponte-harness';
import { testProvider } from '../../support/test-database';

let h: Harness;
const NAMES = ['Élodie Ñúñez', 'Zoë Çelik', 'ahmed hassan', 'AMINA YUSUF', 'Şule Öztürk', 'Bob_100%'];
beforeAll(async () => {
  h = await createHarness();
  for (const [i, fullName] of NAMES.entries()) await h.ponte.prisma.person.create({ data: { code: `B-${9000 + i}`, fullName } });
  await h.ponte.prisma.person.create({ data: { code: 'a-lower', fullName: 'lower code' } });
});
afterAll(() => h.close());

it('knows the provider of the root client and of a transaction client', async () => {
  const expected = testProvider();
  expect(providerOf(h.ponte.prisma)).toBe(expected);
  expect(await h.ponte.prisma.$transaction(async (tx) => providerOf(tx))).toBe(expected);
});

it('orders a byte-order key as bytes ("B-…" before "a-…", which a language collation puts first), whatever the collation', async () => {
  const rows = await h.ponte.prisma.$queryRaw<Array<{ code: string }>>`SELECT "code" AS code FROM "Person" WHERE "code" LIKE ${'B-9%'} OR "code" = 'a-lower' ORDER BY ${byteOrder(h.ponte.prisma, Prisma.sql`"code"`)}`;
  const codes = rows.map((r) => r.code);
  expect(codes).toEqual([...codes].sort());
  expect(codes.at(-1)).toBe('a-lower');
});

describe('search in lists: case and accents do not matter, on either provider', () => {
  const search = async (q: string) =>
    (await h.ponte.prisma.$queryRaw<Array<{ name: string }>>`SELECT pe."fullName" AS name FROM "Person" pe WHERE ${nameOrCodeLike('pe', q)} ORDER BY pe."code"`).map((r) => r.name);

  it.each([
    ['elodie', ['Élodie Ñúñez']],
    ['ÉLODIE', ['Élodie Ñúñez']],
    ['nunez', ['Élodie Ñúñez']],
    ['ÑÚÑEZ', ['Élodie Ñúñez']],
    ['zoe celik', ['Zoë Çelik']],
    ['sule ozturk', ['Şule Öztürk']],
    ['Ahmed', ['ahmed hassan']],
    ['amina', ['AMINA YUSUF']],
    ['b-9001', ['Zoë Çelik']],
  ])('%s finds %j', async (q, expected) => {
    expect(await search(q)).toEqual(expected);
  });

  it('LIKE wildcards typed by a person are plain characters', async () => {
    expect(await search('100%')).toEqual(['Bob_100%']);
    expect(await search('b_1')).toEqual(['Bob_100%']);
    expect(await search('%')).toEqual(['Bob_100%']);
  });
});
