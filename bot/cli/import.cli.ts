/**
 * `npm run import -- entities|tutors|beneficiaries <file.csv> [--dry-run] [--db <path>]`
 * Every row is validated (zod, then against the database and the rows before it). All or nothing: with
 * any rejected row nothing is written; otherwise every row is written in ONE transaction, as an upsert
 * by code (new codes created, existing ones updated), so a corrected file can simply be run again. A
 * file-level error (not UTF-8, unreadable, wrong header) stops before any row is looked at. Rejected
 * rows are listed with their line, code, column and reason (a dry run lists them all too); a progress
 * bar runs on stderr. Exit code: 0 ok, 1 file error, 2 some rows rejected (nothing written).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../storage/database';
import { envWithDb } from '../storage/datasource';
import { PUOI, programmeRulesSchema } from '../../core/programme/programme';
import { CsvFileError, decodeUtf8, parseCsv } from './csv-read';
import { HEADERS, IMPORT_KINDS, ROW_SCHEMAS, crossCheck, reason, writeRows, type CheckedRow, type ImportKind } from './import.rows';

const USAGE = 'usage: npm run import -- entities|tutors|beneficiaries <file.csv> [--dry-run]';

function progress(done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${total ? Math.round((done / total) * 100) : 100}% ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
  else if (done === total || done % Math.max(1, Math.ceil(total / 4)) === 0) process.stderr.write(`${line}\n`);
}

function stop(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, db: { type: 'string' } }, allowPositionals: true });
const [kindArg, file] = positionals;
if (!kindArg || !(IMPORT_KINDS as readonly string[]).includes(kindArg) || !file || positionals.length !== 2) stop(USAGE, 1);
const kind = kindArg as ImportKind;

// File-level checks first: nothing is opened or written if the file itself is wrong.
let rows: string[][];
try {
  const { rows: parsed } = parseCsv(decodeUtf8(fs.readFileSync(file)));
  rows = parsed;
} catch (err) {
  stop(`import: cannot use ${file}: ${err instanceof CsvFileError ? err.message : err instanceof Error && 'code' in err ? `cannot read it (${String((err as { code: unknown }).code)})` : 'unreadable'}. Nothing was imported.`, 1);
}
const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
const expected = HEADERS[kind];
const missing = expected.filter((c) => !header.includes(c));
const unknown = header.filter((c) => !expected.includes(c));
if (missing.length || unknown.length || new Set(header).size !== header.length) {
  stop(`import: wrong header in ${file}. Expected the columns: ${expected.join(', ')}${missing.length ? `\n  missing: ${missing.join(', ')}` : ''}${unknown.length ? `\n  unknown: ${unknown.join(', ')}` : ''}\nNothing was imported.`, 1);
}

const config = loadConfig(envWithDb(values.db));
const db = await openDatabase(config.DATABASE_URL);
const { prisma } = db;
try {
  const programmeRow = await prisma.programme.findUnique({ where: { code: config.PROGRAMME } });
  if (!programmeRow) stop(`import: programme ${config.PROGRAMME} is not in the database (run npm run seed). Nothing was imported.`, 1);
  const programme = { id: programmeRow.id, rules: programmeRulesSchema.catch(PUOI).parse(JSON.parse(programmeRow.rulesJson)) };

  const data = rows.slice(1);
  const accepted = new Map<string, CheckedRow>();
  const rejected: Array<{ line: number; code: string; reasons: string[] }> = [];
  for (let i = 0; i < data.length; i++) {
    const cells = data[i]!;
    const line = i + 2;
    const raw = Object.fromEntries(header.map((h, c) => [h, cells[c] ?? '']));
    const parsed = ROW_SCHEMAS[kind].safeParse(raw);
    if (cells.length !== header.length) rejected.push({ line, code: raw.code ?? '', reasons: [`${cells.length} cells, the header has ${header.length}`] });
    else if (!parsed.success) rejected.push({ line, code: raw.code ?? '', reasons: parsed.error.issues.map((iss) => reason(iss.path.join('.') || undefined, iss.message)) });
    else {
      const row = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
      const checked = await crossCheck(prisma, kind, row, accepted);
      if (checked.reasons.length) rejected.push({ line, code: row.code!, reasons: checked.reasons });
      else accepted.set(row.code!, { row, mode: checked.mode });
    }
    progress(i + 1, data.length);
  }

  const created = [...accepted.values()].filter((r) => r.mode === 'create').length;
  const updated = accepted.size - created;
  if (rejected.length) {
    console.error(`\nRejected rows (${rejected.length}):`);
    for (const r of rejected) console.error(`  line ${r.line}${r.code ? ` (${r.code})` : ''}: ${r.reasons.join('; ')}`);
  }
  if (values['dry-run']) {
    console.log(`\nDry run: ${accepted.size} of ${data.length} ${kind} are valid (${created} new, ${updated} to update), ${rejected.length} rejected. Nothing was written.`);
    if (rejected.length) console.log('A real run imports only a file without rejected rows: fix them first.');
  } else if (rejected.length) {
    // All or nothing: one wrong row and the whole file waits, so a re-run of the corrected file is the whole file.
    console.log(`\nNothing was imported: ${rejected.length} of ${data.length} rows rejected. Fix them and run the same command again.`);
  } else if (accepted.size) {
    await prisma.$transaction(
      async (tx) => {
        await writeRows(tx, kind, [...accepted.values()], programme);
        await tx.auditEvent.create({ data: { at: new Date(), actorId: null, action: 'import', subjectType: kind, detailJson: JSON.stringify({ created, updated, codes: [...accepted.keys()].slice(0, 200) }) } });
      },
      { timeout: 120_000 },
    );
    console.log(`\nImported ${accepted.size} ${kind}: ${created} new, ${updated} updated.`);
  } else {
    console.log('\nNothing to import: the file has no rows.');
  }
  await db.close();
  process.exit(rejected.length ? 2 : 0);
} catch (err) {
  await db.close();
  stop(`import: failed, nothing was imported (${err instanceof Error ? err.name : 'unknown error'}).`, 1);
}
