import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CSV_BOM, csvField, looksLikeFormula, toCsv, toCsvParts } from '../../../core/reports/csv';

/** Minimal RFC 4180 reader, only for round-trip checks. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let inQuotes = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
      i += 1;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe('toCsv', () => {
  it('writes the Piemonte status table with CRLF line ends', () => {
    const csv = toCsv(
      ['Provincia', 'Non attivati', 'Attivati', 'In corso', 'Conclusi', 'Cessati', 'Totale'],
      [
        ['Torino', 71, 191, 23, 106, 62, 262],
        ['Cuneo', 12, 48, 9, 27, 12, 96],
      ],
    );
    expect(csv).toBe(
      'Provincia,Non attivati,Attivati,In corso,Conclusi,Cessati,Totale\r\n' +
        'Torino,71,191,23,106,62,262\r\n' +
        'Cuneo,12,48,9,27,12,96\r\n',
    );
  });

  it('quotes fields with delimiter, quotes and newlines, doubling quotes', () => {
    const csv = toCsv(['a', 'b', 'c'], [['x,y', 'say "ciao"', 'line1\nline2']]);
    expect(csv).toBe('a,b,c\r\n"x,y","say ""ciao""","line1\nline2"\r\n');
    expect(toCsv(['a'], [['cr\rinside']])).toBe('a\r\n"cr\rinside"\r\n');
  });

  it('supports the semicolon delimiter (Italian Excel) and decimal comma', () => {
    const csv = toCsv(['Provincia', 'Quota'], [['Torino; città', 23.5], ['Asti', 48.3]], { delimiter: ';', decimalSeparator: ',' });
    expect(csv).toBe('Provincia;Quota\r\n"Torino; città";23,5\r\nAsti;48,3\r\n');
    // with ';' a comma does not need quotes
    expect(toCsv(['a'], [['x,y']], { delimiter: ';' })).toBe('a\r\nx,y\r\n');
  });

  it('adds a UTF-8 BOM only when asked', () => {
    expect(toCsv(['a'], [['b']], { bom: true })).toBe(`${CSV_BOM}a\r\nb\r\n`);
    expect(toCsv(['a'], [['b']]).startsWith(CSV_BOM)).toBe(false);
    const bytes = Buffer.from(toCsv(['a'], [], { bom: true }), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes null and undefined as empty cells, and non-finite numbers as empty', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, Number.NaN, Infinity]])).toBe('a,b,c,d\r\n,,,\r\n');
    expect(toCsv(['a'], [[-0]])).toBe('a\r\n0\r\n');
  });

  it('guards against formula injection in text cells', () => {
    const csv = toCsv(
      ['v'],
      [['=HYPERLINK("http://x","y")'], ['+39 333'], ['-5'], ['@SUM(A1)'], ['\tcmd'], ['\rcmd'], ['ok=fine'], ['']],
    );
    const cells = parseCsv(csv).slice(1).map((r) => r[0]);
    expect(cells).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'+39 333", "'-5", "'@SUM(A1)", "'\tcmd", "'\rcmd", 'ok=fine', '']);
  });

  it('keeps plain negative numbers passed as numbers', () => {
    expect(toCsv(['delta'], [[-12], [-0.5]])).toBe('delta\r\n-12\r\n-0.5\r\n');
  });

  it('guards the header too, and the guard can be turned off', () => {
    expect(toCsv(['=cmd'], [])).toBe("'=cmd\r\n");
    expect(toCsv(['=cmd'], [], { formulaGuard: false })).toBe('=cmd\r\n');
  });

  it('rejects rows whose length does not match the header', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(RangeError);
    expect(() => toCsv([], [])).toThrow(RangeError);
  });

  it('keeps Arabic and accented text as is', () => {
    expect(toCsv(['nome'], [['مرحبا'], ['Forlì-Cesena']])).toBe('nome\r\nمرحبا\r\nForlì-Cesena\r\n');
  });

  it('round-trips arbitrary text through an RFC 4180 reader (guard off)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<',' | ';'>(',', ';'),
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 3, maxLength: 3 }), { maxLength: 5 }),
        (delimiter, rows) => {
          const header = ['a', 'b', 'c'];
          const text = toCsv(header, rows, { delimiter, formulaGuard: false });
          expect(parseCsv(text, delimiter)).toEqual([header, ...rows]);
        },
      ),
    );
  });

  it('csvField and looksLikeFormula work on single values', () => {
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField(42)).toBe('42');
    expect(looksLikeFormula('=1')).toBe(true);
    expect(looksLikeFormula('1=')).toBe(false);
    expect(looksLikeFormula('')).toBe(false);
  });

  it('toCsvParts splits a long list into documents under a size, each with the BOM and the header, losing no row', () => {
    const header = ['Nome', 'Codice'];
    const rows = Array.from({ length: 500 }, (_, i) => [`Fatoumata Traoré ${i}`, `B-${1000 + i}`]);
    const parts = toCsvParts(header, rows, { delimiter: ';', bom: true }, 4_000);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(new TextEncoder().encode(part).byteLength).toBeLessThanOrEqual(4_000);
      expect(part.startsWith(`${CSV_BOM}Nome;Codice\r\n`)).toBe(true);
    }
    expect(parts.flatMap((p) => parseCsv(p.slice(1), ';').slice(1))).toEqual(rows);
    expect(toCsvParts(header, rows, { delimiter: ';', bom: true }, Infinity)).toEqual([toCsv(header, rows, { delimiter: ';', bom: true })]);
    expect(toCsvParts(header, [], {}, 10)).toEqual(['Nome,Codice\r\n']);
  });
});
