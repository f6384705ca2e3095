import { writeFileSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  labelColorOn,
  niceScale,
  registerChartFonts,
  renderBarChart,
  renderBarChartWithTexts,
  renderFunnelChart,
  renderFunnelChartWithTexts,
  startsRtl,
  STATUS_COLORS,
  type BarChartSpec,
} from '../../../bot/reports/chart.renderer';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel */
  pixels: Uint8Array;
}

function readIhdr(png: Buffer): { width: number; height: number; bitDepth: number; colorType: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24]!, colorType: png[25]! };
}

/** Independent PNG decoder (8-bit RGB/RGBA/palette, non-interlaced) so the test does not trust the renderer's own code. */
function decodePng(png: Buffer): DecodedPng {
  const { width, height, bitDepth, colorType } = readIhdr(png);
  expect(bitDepth).toBe(8);
  expect([2, 3, 6]).toContain(colorType);
  expect(png[28]).toBe(0); // not interlaced
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const idat: Buffer[] = [];
  let plte = Buffer.alloc(0);
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)) >>> 0);
    if (type === 'IDAT') idat.push(body);
    if (type === 'PLTE') plte = Buffer.from(body);
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (colorType === 3) expect(plte.length).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const line = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let v = src[i]!;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const rgb = channels === 1 ? plte.subarray(line[x]! * 3, line[x]! * 3 + 3) : line.subarray(x * channels, x * channels + 3);
      out[o] = rgb[0]!;
      out[o + 1] = rgb[1]!;
      out[o + 2] = rgb[2]!;
      out[o + 3] = channels === 4 ? line[x * channels + 3]! : 255;
    }
    prev.set(line);
  }
  return { width, height, pixels: out };
}

function colorSet(img: DecodedPng): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < img.pixels.length; i += 4) {
    set.add((img.pixels[i]! << 16) | (img.pixels[i + 1]! << 8) | img.pixels[i + 2]!);
  }
  return set;
}

function hex(color: string): number {
  return parseInt(color.slice(1), 16);
}

// Piemonte by province. "Activated" = in progress + concluded + ceased; total = not activated + activated.
// Torino is the figure from the programme report; the other provinces are plausible invented figures.
const provinces = ['Torino', 'Cuneo', 'Alessandria', 'Novara', 'Asti'];
const notActivated = [71, 18, 22, 15, 9];
const inProgress = [23, 9, 7, 6, 4];
const concluded = [106, 41, 33, 24, 17];
const ceased = [62, 14, 12, 9, 6];
const activated = provinces.map((_, i) => inProgress[i]! + concluded[i]! + ceased[i]!);

const statusSpec: BarChartSpec = {
  title: 'Tirocini per stato – Piemonte',
  subtitle: 'PUOI · dati al 30/06/2021 · totale 508',
  categories: provinces,
  stacked: true,
  series: [
    { label: 'Non attivati', values: notActivated, color: STATUS_COLORS.notActivated },
    { label: 'In corso', values: inProgress, color: STATUS_COLORS.inProgress },
    { label: 'Conclusi', values: concluded, color: STATUS_COLORS.concluded },
    { label: 'Cessati', values: ceased, color: STATUS_COLORS.ceased },
  ],
};

const allStatusSpec: BarChartSpec = {
  title: 'Tirocini per stato e provincia – Piemonte',
  categories: provinces,
  horizontal: true,
  series: [
    { label: 'Non attivati', values: notActivated, color: STATUS_COLORS.notActivated },
    { label: 'Attivati', values: activated, color: STATUS_COLORS.activated },
    { label: 'In corso', values: inProgress, color: STATUS_COLORS.inProgress },
    { label: 'Conclusi', values: concluded, color: STATUS_COLORS.concluded },
    { label: 'Cessati', values: ceased, color: STATUS_COLORS.ceased },
  ],
};

describe('renderBarChart', () => {
  it('registers the bundled font', () => {
    expect(registerChartFonts()).toBe(true);
  });

  it('checks the Piemonte figures are consistent with the domain (Torino 191 activated, 262 total)', () => {
    expect(activated[0]).toBe(191);
    expect(notActivated[0]! + activated[0]!).toBe(262);
  });

  it('renders the Piemonte stacked status chart as a valid, non-trivial PNG', async () => {
    const png = await renderBarChart(statusSpec);
    writeFileSync('/tmp/ponte-chart-sample.png', png);
    const { width, height } = readIhdr(png);
    expect(width).toBe(1080);
    expect(height).toBe(1080);
    const img = decodePng(png);
    const colors = colorSet(img);
    expect(colors.size).toBeGreaterThan(50);
    for (const c of [STATUS_COLORS.notActivated, STATUS_COLORS.inProgress, STATUS_COLORS.concluded, STATUS_COLORS.ceased]) {
      expect(colors.has(hex(c)), `palette colour ${c} is drawn`).toBe(true);
    }
    // mostly white background: the chart is not a solid block
    expect(colors.has(0xffffff)).toBe(true);
  });

  it('honours width and height', async () => {
    const png = await renderBarChart({ ...statusSpec, width: 640, height: 480 });
    expect(readIhdr(png)).toMatchObject({ width: 640, height: 480 });
    expect(colorSet(decodePng(png)).size).toBeGreaterThan(20);
  });

  it('produces a different image when data differs', async () => {
    const a = await renderBarChart(statusSpec);
    const b = await renderBarChart({
      ...statusSpec,
      series: statusSpec.series.map((serie, i) => (i === 2 ? { ...serie, values: serie.values.map((v) => (v ?? 0) + 30) } : serie)),
    });
    expect(a.equals(b)).toBe(false);
    const again = await renderBarChart(statusSpec);
    expect(again.equals(a)).toBe(true); // deterministic for the same input
  });

  it('renders grouped horizontal bars with all five statuses, with a taller default height', async () => {
    const png = await renderBarChart(allStatusSpec);
    writeFileSync('/tmp/ponte-chart-sample-horizontal.png', png);
    const { width, height } = readIhdr(png);
    expect(width).toBe(1080);
    expect(height).toBeGreaterThanOrEqual(1080);
    const colors = colorSet(decodePng(png));
    for (const c of allStatusSpec.series.map((serie) => serie.color!)) expect(colors.has(hex(c))).toBe(true);
  });

  it('renders grouped vertical bars, a single series, a suffix and long / Arabic labels', async () => {
    const png = await renderBarChart({
      title: 'Esiti occupazionali dopo il tirocinio (Percorsi)',
      categories: ['dopo 3 mesi', 'dopo 6 mesi', 'dopo 12 mesi'],
      series: [{ label: 'Contratti', values: [23.5, 33.1, 48.3] }],
      valueSuffix: '%',
    });
    writeFileSync('/tmp/ponte-chart-sample-outcomes.png', png);
    expect(readIhdr(png).width).toBe(1080);
    const rtl = await renderBarChart({
      title: 'تدريب حسب المقاطعة',
      categories: ['Verbano-Cusio-Ossola (provincia molto lunga)', 'تورينو'],
      series: [
        { label: 'أ', values: [1, 2] },
        { label: 'Conclusi', values: [0, 0] },
      ],
      width: 720,
      height: 720,
    });
    writeFileSync('/tmp/ponte-chart-sample-rtl.png', rtl);
    expect(readIhdr(rtl)).toMatchObject({ width: 720, height: 720 });
  });

  it('handles all-zero data and no categories without crashing', async () => {
    const zero = await renderBarChart({ title: 'Vuoto', categories: ['A'], series: [{ label: 'x', values: [0] }], stacked: true });
    expect(readIhdr(zero).width).toBe(1080);
    const none = await renderBarChart({ title: 'Nessun dato', categories: [], series: [{ label: 'x', values: [] }], horizontal: true });
    expect(readIhdr(none).width).toBe(1080);
  });

  it('rejects inconsistent or invalid input', async () => {
    await expect(renderBarChart({ title: 't', categories: ['a'], series: [] })).rejects.toThrow(RangeError);
    await expect(renderBarChart({ title: 't', categories: ['a', 'b'], series: [{ label: 's', values: [1] }] })).rejects.toThrow(/2 categories/);
    await expect(renderBarChart({ title: 't', categories: ['a'], series: [{ label: 's', values: [-1] }] })).rejects.toThrow(RangeError);
    await expect(renderBarChart({ title: 't', categories: ['a'], series: [{ label: 's', values: [Number.NaN] }] })).rejects.toThrow(RangeError);
    await expect(renderBarChart({ title: 't', categories: ['a'], series: [{ label: 's', values: [1] }], width: 10 })).rejects.toThrow(RangeError);
  });
});

describe('labels are never cut, empty denominators have no bar', () => {
  const words = (texts: string[]) => texts.join(' ').split(/\s+/).filter(Boolean);
  const long = ['N – Noleggio, agenzie di viaggio, servizi alle imprese', 'Q – Sanità e assistenza sociale', 'O – Amministrazione pubblica e difesa; assicurazione sociale obbligatoria', 'F – Costruzioni'];

  it('wraps long category labels of horizontal bars onto more lines: every word is drawn, no ellipsis', async () => {
    const { png, texts } = await renderBarChartWithTexts({ title: 'Aziende ospitanti per settore ATECO', categories: long, horizontal: true, series: [{ label: 'Aziende', values: [3, 2, 1, 4] }, { label: 'Tirocini', values: [5, 2, 1, 6] }] });
    expect(texts.join('')).not.toContain('…');
    for (const label of long) expect(words(texts).join(' ')).toContain(label.split(/\s+/).slice(-3).join(' '));
    expect(words(texts)).toEqual(expect.arrayContaining(long.flatMap((l) => l.split(/\s+/))));
    expect(readIhdr(png).width).toBe(1080);
  });

  it('wraps or shrinks vertical category labels and legends instead of cutting them, also in Arabic', async () => {
    const categories = ['بعد 12 شهرًا من نهاية التدريب', 'Orientamento per l’individuazione delle opportunità occupazionali', 'C'];
    const legend = 'Una serie con un nome davvero molto lungo che non sta su una riga sola della legenda del grafico';
    const { texts } = await renderBarChartWithTexts({ title: 'T', categories, series: [{ label: legend, values: [1, 2, 3] }, { label: 'B', values: [3, 2, 1] }], width: 720 });
    expect(texts.join('')).not.toContain('…');
    expect(words(texts)).toEqual(expect.arrayContaining([...categories, legend].flatMap((l) => l.split(/\s+/))));
  });

  it('draws no bar for a null value (nothing due yet) but says there is no data', async () => {
    const spec: BarChartSpec = { title: 'Lavoro dopo il tirocinio', categories: ['3', '6', '12'], series: [{ label: '%', values: [23.5, 33.1, null], color: '#009E73' }], valueSuffix: '%', noDataLabel: 'nessun dato' };
    const { png, texts } = await renderBarChartWithTexts(spec);
    expect(texts).toContain('nessun dato');
    expect(texts.filter((t) => t.endsWith('%') && t !== '0%')).toEqual(expect.arrayContaining(['23,5%', '33,1%']));
    // The third category's band has no bar colour in it.
    const img = decodePng(png);
    const third = new Set<number>();
    for (let y = 200; y < img.height - 150; y++) {
      for (let x = Math.floor(img.width * 0.8); x < img.width - 60; x++) {
        const o = (y * img.width + x) * 4;
        third.add((img.pixels[o]! << 16) | (img.pixels[o + 1]! << 8) | img.pixels[o + 2]!);
      }
    }
    expect(third.has(hex('#009E73'))).toBe(false);
    const horizontal = await renderBarChartWithTexts({ ...spec, horizontal: true });
    expect(horizontal.texts).toContain('nessun dato');
  });

  it('a funnel with nothing in it draws no bars, only the no-data words; long step labels wrap', async () => {
    const empty = await renderFunnelChartWithTexts({ title: 'Nulla Osta', steps: [{ label: 'Richiesti', value: 0 }, { label: 'Concessi', value: 0, shareOf: 0 }], noDataLabel: 'nessun dato' });
    expect(empty.texts).toEqual(['Nulla Osta', 'nessun dato']);
    const label = 'Concessi ma ancora in attesa di avvio presso l’azienda ospitante indicata dal tutor';
    const { texts } = await renderFunnelChartWithTexts({ title: 'F', steps: [{ label: 'Richiesti', value: 10 }, { label, value: 4, shareOf: 0 }], width: 480 });
    expect(texts.join('')).not.toContain('…');
    expect(words(texts)).toEqual(expect.arrayContaining(label.split(/\s+/)));
  });
});

describe('renderFunnelChart', () => {
  it('renders the national clearance funnel', async () => {
    const png = await renderFunnelChart({
      title: 'Nulla Osta: dalla richiesta al tirocinio',
      subtitle: 'PUOI · Italia',
      steps: [
        { label: 'Richiesti', value: 5099 },
        { label: 'Rilasciati', value: 3734 },
        { label: 'Tirocini avviati', value: 2121 },
        { label: 'Annullati dopo il Nulla Osta (su rilasciati)', value: 1613, shareOf: 1 },
      ],
    });
    writeFileSync('/tmp/ponte-chart-sample-funnel.png', png);
    const { width, height } = readIhdr(png);
    expect(width).toBe(1080);
    expect(height).toBeGreaterThanOrEqual(720);
    expect(colorSet(decodePng(png)).size).toBeGreaterThan(50);
    await expect(renderFunnelChart({ title: 't', steps: [] })).rejects.toThrow(RangeError);
    await expect(renderFunnelChart({ title: 't', steps: [{ label: 'a', value: 1, shareOf: 0 }] })).rejects.toThrow(/earlier step/);
    await expect(renderFunnelChart({ title: 't', steps: [{ label: 'a', value: -1 }] })).rejects.toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('niceScale rounds the axis up to a readable step', () => {
    expect(niceScale(262)).toEqual({ max: 300, step: 50 });
    expect(niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(niceScale(3)).toEqual({ max: 3, step: 1 });
    expect(niceScale(48.3).max).toBeGreaterThanOrEqual(48.3);
  });

  it('niceScale keeps whole steps for counts of people', () => {
    expect(niceScale(13)).toEqual({ max: 15, step: 2.5 });
    expect(niceScale(13, 5, true)).toEqual({ max: 14, step: 2 });
    expect(niceScale(262, 5, true)).toEqual({ max: 300, step: 50 });
  });

  it('startsRtl detects right-to-left titles by their first strong character', () => {
    expect(startsRtl('تدريب حسب المقاطعة')).toBe(true);
    expect(startsRtl('2021 · کارآموزی')).toBe(true);
    expect(startsRtl('Tirocini – تورينو')).toBe(false);
    expect(startsRtl('2021')).toBe(false);
  });

  it('labelColorOn picks white on dark status colours and ink on light ones', () => {
    expect(labelColorOn(STATUS_COLORS.activated)).toBe('#FFFFFF');
    expect(labelColorOn('#FFFFFF')).not.toBe('#FFFFFF');
    expect(labelColorOn('#F0E442')).not.toBe('#FFFFFF');
  });
});
