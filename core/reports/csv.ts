/**
 * A small, pure RFC 4180 CSV writer for report exports.
 *
 * - Fields that contain the delimiter, a double quote, CR or LF are quoted; quotes inside are doubled.
 * - Records end with CRLF (the last one too), as RFC 4180 and Excel expect.
 * - `bom: true` prepends a UTF-8 byte-order mark so Excel opens accented names (and Arabic) correctly.
 * - CSV formula injection guard (OWASP): a text cell that starts with `=`, `+`, `-`, `@`, TAB or CR is
 *   prefixed with an apostrophe so a spreadsheet shows it as text instead of evaluating it.
 *   Numbers passed as `number` are never prefixed, so `-12` stays a negative number.
 *
 * Italian Excel expects `;` as the delimiter and `,` as the decimal separator: use
 * `{ delimiter: ';', decimalSeparator: ',' }` for files meant to be opened there.
 */

export type CsvCell = string | number | null | undefined;

export interface CsvOptions {
  /** Field separator. Default `,`. */
  delimiter?: ',' | ';';
  /** Prepend a UTF-8 BOM (`\uFEFF`), for Excel. Default false. */
  bom?: boolean;
  /** Decimal separator used when writing non-integer numbers. Default `.`. */
  decimalSeparator?: '.' | ',';
  /** Apostrophe-prefix text cells that a spreadsheet would read as a formula. Default true. */
  formulaGuard?: boolean;
}

export const CSV_BOM = '\uFEFF';
export const CSV_EOL = '\r\n';

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a spreadsheet could interpret this text as a formula or a DDE command. */
export function looksLikeFormula(text: string): boolean {
  const first = text.charAt(0);
  return first !== '' && FORMULA_START.has(first);
}

function formatNumber(value: number, decimalSeparator: '.' | ','): string {
  if (!Number.isFinite(value)) return '';
  // Avoid "-0" and exponent notation surprises for ordinary report figures.
  const normalized = Object.is(value, -0) ? 0 : value;
  const text = String(normalized);
  return decimalSeparator === ',' ? text.replace('.', ',') : text;
}

/** Escapes one cell into its CSV text (quoted when needed). */
export function csvField(value: CsvCell, options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const guard = options.formulaGuard ?? true;
  let text: string;
  if (value === null || value === undefined) {
    text = '';
  } else if (typeof value === 'number') {
    text = formatNumber(value, options.decimalSeparator ?? '.');
  } else {
    text = guard && looksLikeFormula(value) ? `'${value}` : value;
  }
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Builds a CSV document from a header and rows. Every row must have as many cells as the header.
 * Returns a string; encode it as UTF-8 to send it as a file.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: CsvOptions = {}): string {
  return toCsvParts(header, rows, options, Infinity)[0]!;
}

/** One record: its cells escaped and joined, with the record's CRLF. */
function csvRecord(cells: ReadonlyArray<CsvCell>, options: CsvOptions): string {
  return cells.map((cell) => csvField(cell, options)).join(options.delimiter ?? ',') + CSV_EOL;
}

/**
 * Like `toCsv`, but split into documents of at most `maxBytes` (UTF-8), each with the header (and the
 * BOM), so a long list still fits a channel's message size (Teams takes about 100 KB per message).
 * Always at least one document; a single record longer than `maxBytes` gets a document of its own.
 */
export function toCsvParts(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>, options: CsvOptions, maxBytes: number): string[] {
  if (header.length === 0) throw new RangeError('CSV header must have at least one column');
  const head = (options.bom ? CSV_BOM : '') + csvRecord(header, options);
  const bytes = (s: string) => new TextEncoder().encode(s).byteLength;
  const parts: string[] = [];
  let current = head;
  let size = bytes(head);
  rows.forEach((row, index) => {
    if (row.length !== header.length) throw new RangeError(`CSV row ${index + 1} has ${row.length} cells, the header has ${header.length}`);
    const record = csvRecord(row, options);
    const n = bytes(record);
    if (current !== head && size + n > maxBytes) {
      parts.push(current);
      current = head;
      size = bytes(head);
    }
    current += record;
    size += n;
  });
  parts.push(current);
  return parts;
}

