/**
 * Reading CSV files for the import: UTF-8 only (a wrong encoding is a file-level error, not a row's),
 * BOM tolerated, `;` or `,` detected from the header line, RFC 4180 quoting (quoted separators, doubled
 * quotes, line breaks inside quotes).
 */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFileError';
  }
}

/** Decodes UTF-8 strictly; Latin-1 or UTF-16 exports from Excel are refused with a hint. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) throw new CsvFileError('the file is UTF-16: save it as "CSV UTF-8" and try again');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new CsvFileError('the file is not UTF-8 text: in Excel use "Save as → CSV UTF-8"');
  }
}

/** Parses CSV text into rows of cells; empty lines are dropped. */
export function parseCsv(text: string): { delimiter: ',' | ';'; rows: string[][] } {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((c) => c.trim() !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new CsvFileError('a quoted field is never closed (a " is missing)');
  row.push(cell);
  if (row.some((c) => c.trim() !== '')) rows.push(row);
  return { delimiter, rows };
}
