/**
 * Layout and drawing helpers of the coordinator charts (see chart.renderer.ts): the bundled font,
 * the canvas frame, a "nice" value scale, number formatting, text fitting and wrapping, header,
 * legend and rounded rectangles. The DejaVu Sans font comes from the `dejavu-fonts-ttf` package,
 * so output does not depend on system fonts; it covers Latin and Arabic.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { BACKGROUND, INK, MUTED } from './chart.palette';
import { encodePalettePng } from './chart.png';

const FONT_FAMILY = 'DejaVu Sans';
let fontsRegistered = false;

/** Registers the bundled DejaVu Sans (regular and bold) once. Returns false if the package is missing. */
export function registerChartFonts(): boolean {
  if (fontsRegistered) return true;
  try {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
      const path = join(dir, file);
      if (existsSync(path)) GlobalFonts.registerFromPath(path);
    }
    fontsRegistered = GlobalFonts.has(FONT_FAMILY);
  } catch {
    fontsRegistered = false;
  }
  return fontsRegistered;
}

export function font(px: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${Math.round(px)}px "${FONT_FAMILY}", sans-serif`;
}

/** A "nice" axis: about targetTicks steps of 1, 2, 2.5 or 5 × 10^k, max rounded up to a step. */
export function niceScale(maxValue: number, targetTicks = 5, integerData = false): { max: number; step: number } {
  if (!(maxValue > 0)) return { max: 1, step: 1 };
  const rough = maxValue / targetTicks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const normalized = rough / magnitude;
  const factor = normalized < 1.5 ? 1 : normalized < 2.25 ? 2 : normalized < 3.5 ? 2.5 : normalized < 7.5 ? 5 : 10;
  let step = factor * magnitude;
  if (maxValue >= 1 && step < 1) step = 1;
  // Counts of people have no halves: a 2.5 step would label the axis "2,5", "7,5".
  if (integerData && !Number.isInteger(step)) step = Math.max(1, Math.floor(step));
  const max = Math.ceil(maxValue / step - 1e-9) * step;
  return { max: max > 0 ? max : step, step };
}

export function makeFormatter(locale: string | undefined, suffix: string | undefined): (n: number) => string {
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(locale ?? 'it-IT', { maximumFractionDigits: 1 });
  } catch {
    nf = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  }
  return (n) => `${nf.format(n)}${suffix ?? ''}`;
}

/**
 * Word-wraps text into lines of at most maxWidth, never dropping anything: a word longer than a line
 * is broken between characters.
 */
export function wrapLines(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = '';
    for (const ch of Array.from(word)) {
      if (current && ctx.measureText(current + ch).width > maxWidth) {
        lines.push(current);
        current = '';
      }
      current += ch;
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [''];
}

/**
 * A label's lines at the largest font size from `px` down to `minPx` at which it fits in `maxLines`
 * lines; if it does not fit even at `minPx`, all its lines at `minPx` (a label is never cut).
 * Leaves ctx.font set to the returned size.
 */
export function fitLines(ctx: SKRSContext2D, text: string, maxWidth: number, maxLines: number, px: number, minPx: number, bold = false): { lines: string[]; px: number } {
  for (let size = px; ; size = Math.max(minPx, size * 0.92)) {
    ctx.font = font(size, bold);
    const lines = wrapLines(ctx, text, maxWidth);
    if (lines.length <= maxLines || size <= minPx) return { lines, px: size };
  }
}

/** A context to measure text with before the chart's own canvas (whose size depends on it) exists. */
export function measuringContext(): SKRSContext2D {
  registerChartFonts();
  return createCanvas(16, 16).getContext('2d');
}

export interface Frame {
  ctx: SKRSContext2D;
  width: number;
  height: number;
  s: number;
  pad: number;
  /** Every text drawn, in order: tests check that no label was cut. */
  texts: string[];
}

export function newFrame(width: number, height: number): { frame: Frame; encode: () => Promise<Buffer> } {
  registerChartFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const s = width / 1080;
  const texts: string[] = [];
  const fillText = ctx.fillText.bind(ctx);
  ctx.fillText = (text: string, x: number, y: number, maxWidth?: number) => {
    texts.push(text);
    if (maxWidth === undefined) fillText(text, x, y);
    else fillText(text, x, y, maxWidth);
  };
  const encode = async () => encodePalettePng(ctx.getImageData(0, 0, width, height).data, width, height);
  return { frame: { ctx, width, height, s, pad: Math.round(44 * s), texts }, encode };
}

/** True when the first strong character is Hebrew or Arabic-script (Arabic, Urdu, Pashto, Dari/Farsi). */
export function startsRtl(text: string): boolean {
  const m = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.exec(text);
  return m !== null && /[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(m[0]);
}

/** Draws title and subtitle (right-aligned when they are right-to-left); returns the y where content can start. */
export function drawHeader(f: Frame, title: string, subtitle: string | undefined): number {
  const { ctx, s, pad, width } = f;
  let y = pad;
  ctx.textBaseline = 'top';
  const place = (text: string): number => {
    const rtl = startsRtl(text);
    ctx.textAlign = rtl ? 'right' : 'left';
    return rtl ? width - pad : pad;
  };
  const titlePx = 46 * s;
  ctx.font = font(titlePx, true);
  ctx.fillStyle = INK;
  const titleX = place(title);
  for (const line of wrapLines(ctx, title, width - 2 * pad)) {
    ctx.fillText(line, titleX, y);
    y += titlePx * 1.22;
  }
  if (subtitle) {
    const subPx = 30 * s;
    ctx.font = font(subPx);
    ctx.fillStyle = MUTED;
    y += 4 * s;
    const subX = place(subtitle);
    for (const line of wrapLines(ctx, subtitle, width - 2 * pad)) {
      ctx.fillText(line, subX, y);
      y += subPx * 1.25;
    }
  }
  return y + 18 * s;
}

/** Draws a wrapping legend (a long label wraps onto more lines); returns the y below it. */
export function drawLegend(f: Frame, items: Array<{ label: string; color: string }>, top: number): number {
  const { ctx, s, pad, width } = f;
  const px = 30 * s;
  const swatch = Math.round(28 * s);
  const gapX = 34 * s;
  const lineH = Math.max(swatch, px) + 16 * s;
  ctx.font = font(px);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  let x = pad;
  let y = top;
  let rowLines = 1;
  for (const item of items) {
    const lines = wrapLines(ctx, item.label, width - 2 * pad - swatch - 12 * s);
    const itemW = swatch + 12 * s + Math.max(...lines.map((l) => ctx.measureText(l).width));
    if (x > pad && (x + itemW > width - pad || lines.length > 1)) {
      x = pad;
      y += rowLines * lineH;
      rowLines = 1;
    }
    ctx.fillStyle = item.color;
    roundRect(ctx, x, y + (lineH - swatch) / 2 - 8 * s, swatch, swatch, 5 * s);
    ctx.fill();
    ctx.fillStyle = INK;
    lines.forEach((line, i) => ctx.fillText(line, x + swatch + 12 * s, y + lineH / 2 - 8 * s + i * px * 1.2));
    rowLines = Math.max(rowLines, lines.length);
    x += itemW + gapX;
  }
  return y + lineH + (rowLines - 1) * px * 1.2 + 10 * s;
}

export function roundRect(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number): void {
  const radius = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.beginPath();
  ctx.moveTo(x + radius, y);
  ctx.lineTo(x + w - radius, y);
  ctx.arcTo(x + w, y, x + w, y + radius, radius);
  ctx.lineTo(x + w, y + h - radius);
  ctx.arcTo(x + w, y + h, x + w - radius, y + h, radius);
  ctx.lineTo(x + radius, y + h);
  ctx.arcTo(x, y + h, x, y + h - radius, radius);
  ctx.lineTo(x, y + radius);
  ctx.arcTo(x, y, x + radius, y, radius);
  ctx.closePath();
}
