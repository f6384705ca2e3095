/**
 * The shape of a database schema (tables, columns with a type class and nullability, primary keys,
 * unique constraints, indexes, foreign keys), read two ways so they can be compared: from
 * prisma/schema.prisma (what Prisma would create) and from a live SQLite or PostgreSQL database (what
 * the committed migrations did create). Offline: no Prisma CLI, no schema engine.
 */
import fs from 'node:fs';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { parseDatasource } from '../../bot/storage/datasource';

export type TypeClass = 'text' | 'int' | 'float' | 'bool' | 'datetime';
export interface TableShape {
  columns: Record<string, { type: TypeClass; nullable: boolean }>;
  primaryKey: string[];
  /** Column lists, each joined by ",", sorted. */
  uniques: string[];
  indexes: string[];
  /** "a,b -> Table(x,y) on delete cascade|restrict|set null", sorted. */
  foreignKeys: string[];
}
export type SchemaShape = Record<string, TableShape>;

const PRISMA_TYPES: Record<string, TypeClass> = { String: 'text', Int: 'int', Float: 'float', Boolean: 'bool', DateTime: 'datetime' };
const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const fk = (cols: string[], table: string, refs: string[], onDelete: string) => `${cols.join(',')} -> ${table}(${refs.join(',')}) on delete ${onDelete}`;

/** What prisma/schema.prisma describes (the subset of the language this project's schema uses). */
export function shapeFromPrismaSchema(file: string): SchemaShape {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const blocks = [...text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)].map((m) => ({ name: m[1]!, body: m[2]! }));
  const models = new Set(blocks.map((b) => b.name));
  const shape: SchemaShape = {};
  for (const { name, body } of blocks) {
    const t: TableShape = { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [] };
    for (const raw of body.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const block = /^@@(id|unique|index)\(\[([^\]]*)\]/.exec(line);
      if (block) {
        const cols = list(block[2]);
        if (block[1] === 'id') t.primaryKey = cols;
        else (block[1] === 'unique' ? t.uniques : t.indexes).push(cols.join(','));
        continue;
      }
      const field = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line);
      if (!field) continue;
      const [, fieldName, type, modifier, attrs] = field as unknown as [string, string, string, string | undefined, string];
      if (models.has(type)) {
        const rel = /@relation\(([^)]*)\)/.exec(attrs)?.[1] ?? '';
        const fields = list(/fields:\s*\[([^\]]*)\]/.exec(rel)?.[1]);
        if (!fields.length) continue;
        const refs = list(/references:\s*\[([^\]]*)\]/.exec(rel)?.[1]);
        const onDelete = /onDelete:\s*(\w+)/.exec(rel)?.[1] ?? (modifier === '?' ? 'SetNull' : 'Restrict');
        t.foreignKeys.push(fk(fields, type, refs, onDelete.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()));
        continue;
      }
      if (modifier === '[]') continue;
      const cls = PRISMA_TYPES[type];
      if (!cls) throw new Error(`${name}.${fieldName}: type ${type} is not mapped in test/support/schema-shape.ts`);
      t.columns[fieldName] = { type: cls, nullable: modifier === '?' };
      if (/@id\b/.test(attrs)) t.primaryKey = [fieldName];
      if (/@unique\b/.test(attrs)) t.uniques.push(fieldName);
    }
    shape[name] = sorted(t);
  }
  return shape;
}

function sorted(t: TableShape): TableShape {
  return { ...t, uniques: [...t.uniques].sort(), indexes: [...t.indexes].sort(), foreignKeys: [...t.foreignKeys].sort() };
}

const SQLITE_TYPES: Record<string, TypeClass> = { TEXT: 'text', INTEGER: 'int', REAL: 'float', BOOLEAN: 'bool', DATETIME: 'datetime' };
const PG_TYPES: Record<string, TypeClass> = { text: 'text', integer: 'int', 'double precision': 'float', boolean: 'bool', 'timestamp without time zone': 'datetime' };
const PG_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const typeOf = (map: Record<string, TypeClass>, t: string, where: string): TypeClass => {
  const cls = map[t];
  if (!cls) throw new Error(`${where}: unexpected column type ${t}`);
  return cls;
};

/** What a live database holds (Prisma's own `_prisma_migrations` left out). */
export async function shapeFromDatabase(url: string): Promise<SchemaShape> {
  const ds = parseDatasource(url);
  return ds.provider === 'sqlite' ? shapeFromSqlite(ds.file) : shapeFromPostgres(ds.url);
}

function shapeFromSqlite(file: string): SchemaShape {
  const db = new Sqlite(file, { readonly: true });
  try {
    const shape: SchemaShape = {};
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`).all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const t: TableShape = { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [] };
      const cols = db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      for (const c of cols) t.columns[c.name] = { type: typeOf(SQLITE_TYPES, c.type, `${name}.${c.name}`), nullable: c.notnull === 0 && c.pk === 0 };
      t.primaryKey = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      for (const idx of db.prepare(`PRAGMA index_list("${name}")`).all() as Array<{ name: string; unique: number; origin: string }>) {
        if (idx.origin === 'pk') continue;
        const on = (db.prepare(`PRAGMA index_info("${idx.name}")`).all() as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((c) => c.name).join(',');
        (idx.unique ? t.uniques : t.indexes).push(on);
      }
      const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as Array<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>;
      for (const id of new Set(fks.map((f) => f.id))) {
        const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
        t.foreignKeys.push(fk(parts.map((p) => p.from), parts[0]!.table, parts.map((p) => p.to), parts[0]!.on_delete.toLowerCase()));
      }
      shape[name] = sorted(t);
    }
    return shape;
  } finally {
    db.close();
  }
}

async function shapeFromPostgres(url: string): Promise<SchemaShape> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const shape: SchemaShape = {};
    const cols = await db.query<{ t: string; c: string; type: string; nullable: string }>(
      `SELECT table_name t, column_name c, data_type type, is_nullable nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY ordinal_position`,
    );
    for (const r of cols.rows) {
      shape[r.t] ??= { columns: {}, primaryKey: [], uniques: [], indexes: [], foreignKeys: [] };
      shape[r.t]!.columns[r.c] = { type: typeOf(PG_TYPES, r.type, `${r.t}.${r.c}`), nullable: r.nullable === 'YES' };
    }
    const indexes = await db.query<{ t: string; unique: boolean; primary: boolean; cols: string[] }>(
      `SELECT t.relname t, ix.indisunique "unique", ix.indisprimary "primary", array_agg(a.attname::text ORDER BY k.ord) cols
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations' GROUP BY ix.indexrelid, t.relname, ix.indisunique, ix.indisprimary`,
    );
    for (const r of indexes.rows) {
      const t = shape[r.t]!;
      if (r.primary) t.primaryKey = r.cols;
      else (r.unique ? t.uniques : t.indexes).push(r.cols.join(','));
    }
    const fks = await db.query<{ t: string; cols: string[]; ref: string; refcols: string[]; del: string }>(
      `SELECT c.conrelid::regclass::text t, c.confrelid::regclass::text ref, c.confdeltype del,
         (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) cols,
         (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) refcols
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    const unquote = (s: string) => s.replace(/^"|"$/g, '');
    for (const r of fks.rows) shape[unquote(r.t)]!.foreignKeys.push(fk(r.cols, unquote(r.ref), r.refcols, PG_ACTIONS[r.del] ?? r.del));
    for (const name of Object.keys(shape)) shape[name] = sorted(shape[name]!);
    return shape;
  } finally {
    await db.end();
  }
}
