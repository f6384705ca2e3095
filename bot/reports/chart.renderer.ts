/**
 * Server-side PNG charts for coordinator reports (no browser): bar charts (grouped or stacked,
 * vertical or horizontal) and a clearance funnel. Rendered with @napi-rs/canvas (Skia, prebuilt
 * binary shipped in a registry package) and the DejaVu Sans font bundled by the `dejavu-fonts-ttf`
 * package, so output does not depend on system fonts. DejaVu Sans covers Latin and Arabic.
 *
 * Every text (title, categories, series labels) arrives already translated from the caller.
 * Sizes are tuned for a phone: the default image is 1080 px wide and fonts scale with the width.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';

// ---------------------------------------------------------------------------------------------
// Public types and palette
// ---------------------------------------------------------------------------------------------

export interface BarSeries {
  label: string;
  values: number[];
  /** CSS colour; defaults to the palette entry for the series index. */
  color?: string;
}

export interface BarChartSpec {
  title: string;
  subtitle?: string;
  /** One label per group of bars, e.g. provinces. */
  categories: string[];
  /** Each series has one value per category. Values must be finite and not negative. */
  series: BarSeries[];
  /** Stack the series in one bar per category (with the total at the end). Default false. */
  stacked?: boolean;
  /** Bars grow left to right, categories listed top to bottom. Default false. */
  horizontal?: boolean;
  /** Appended to values and ticks, e.g. '%'. */
  valueSuffix?: string;
  /** Pixel width. Default 1080. */
  width?: number;
  /** Pixel height. Default depends on the chart. */
  height?: number;
  /** Locale for number formatting. Default 'it-IT'. */
  locale?: string;
}

export interface FunnelStep {
  label: string;
  value: number;
  color?: string;
  /**
   * Index of the earlier step this step's share is computed against. Default 0 (the first step).
   * E.g. "cancelled after the clearance" is better shown as a share of "granted" (index 1).
   */
  shareOf?: number;
}

export interface FunnelChartSpec {
  title: string;
  subtitle?: string;
  /** Steps top to bottom, e.g. requested → granted → started → cancelled. */
  steps: FunnelStep[];
  /** Show each step's share of the first step (or of its `shareOf` step) next to its value. Default true. */
  showShareOfFirst?: boolean;
  valueSuffix?: string;
  width?: number;
  height?: number;
  locale?: string;
}

/**
 * Colours for internship statuses, from the Okabe–Ito colour-blind-safe set, each with enough
 * contrast against white for the bar and against the in-bar label colour chosen by `labelColorOn`.
 */
export const STATUS_COLORS = {
  notActivated: '#8A8F98',
  activated: '#0072B2',
  inProgress: '#E69F00',
  concluded: '#009E73',
  ceased: '#C8372D',
} as const;

export type InternshipStatusKey = keyof typeof STATUS_COLORS;

/** Order in which statuses are stacked and listed in legends. */
export const STATUS_ORDER: readonly InternshipStatusKey[] = ['notActivated', 'activated', 'inProgress', 'concluded', 'ceased'];

/** Colours for the clearance funnel steps: requested, granted, started, cancelled. */
export const FUNNEL_COLORS = ['#56789A', '#0072B2', '#009E73', '#C8372D'] as const;

/** Default palette for series without an explicit colour. */
export const CHART_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#C8372D', '#CC79A7', '#56B4E9', '#8A8F98', '#6A3D9A', '#B15928'] as const;

// ---------------------------------------------------------------------------------------------
// Fonts
// ---------------------------------------------------------------------------------------------

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

function font(px: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${Math.round(px)}px "${FONT_FAMILY}", sans-serif`;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const INK = '#1F2328';
const MUTED = '#57606A';
const GRID = '#E3E6EA';
const AXIS = '#8C959F';
const BACKGROUND = '#FFFFFF';

function assertSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 200 || value > 4000) {
    throw new RangeError(`chart ${name} must be an integer between 200 and 4000, got ${value}`);
  }
  return value;
}

function assertValue(value: number, where: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`chart value at ${where} must be a finite number >= 0, got ${value}`);
}

/** Relative luminance (WCAG) of a #RRGGBB colour; other formats count as dark. */
function luminance(color: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return 0;
  const n = parseInt(m[1]!, 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** White or near-black, whichever contrasts more with the given background colour. */
export function labelColorOn(background: string): string {
  const l = luminance(background);
  const whiteContrast = 1.05 / (l + 0.05);
  const inkContrast = (l + 0.05) / (luminance(INK) + 0.05);
  return whiteContrast >= inkContrast ? '#FFFFFF' : INK;
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

function makeFormatter(locale: string | undefined, suffix: string | undefined): (n: number) => string {
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(locale ?? 'it-IT', { maximumFractionDigits: 1 });
  } catch {
    nf = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
  }
  return (n) => `${nf.format(n)}${suffix ?? ''}`;
}

/** Cuts text with an ellipsis so it fits maxWidth at the current font. */
function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${chars.slice(0, mid).join('').trimEnd()}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '…' : `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/** Word-wraps text into at most maxLines lines of maxWidth; the last line is ellipsised if needed. */
function wrapText(ctx: SKRSContext2D, text: string, maxWidth: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const candidate = current ? `${current} ${word}` : word;
    if (ctx.measureText(candidate).width <= maxWidth || !current) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
      if (lines.length === maxLines - 1) {
        current = words.slice(i).join(' ');
        i = words.length;
        break;
      }
    }
  }
  if (current) lines.push(current);
  return lines.slice(0, maxLines).map((line) => fitText(ctx, line, maxWidth));
}

interface Frame {
  ctx: SKRSContext2D;
  width: number;
  height: number;
  s: number;
  pad: number;
}

function newFrame(width: number, height: number): { frame: Frame; encode: () => Promise<Buffer> } {
  registerChartFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  const s = width / 1080;
  return { frame: { ctx, width, height, s, pad: Math.round(44 * s) }, encode: () => canvas.encode('png') };
}

/** True when the first strong character is Hebrew or Arabic-script (Arabic, Urdu, Pashto, Dari/Farsi). */
export function startsRtl(text: string): boolean {
  const m = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.exec(text);
  return m !== null && /[\u0590-\u05FF\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/.test(m[0]);
}

/** Draws title and subtitle (right-aligned when they are right-to-left); returns the y where content can start. */
function drawHeader(f: Frame, title: string, subtitle: string | undefined): number {
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
  for (const line of wrapText(ctx, title, width - 2 * pad, 2)) {
    ctx.fillText(line, titleX, y);
    y += titlePx * 1.22;
  }
  if (subtitle) {
    const subPx = 30 * s;
    ctx.font = font(subPx);
    ctx.fillStyle = MUTED;
    y += 4 * s;
    const subX = place(subtitle);
    for (const line of wrapText(ctx, subtitle, width - 2 * pad, 2)) {
      ctx.fillText(line, subX, y);
      y += subPx * 1.25;
    }
  }
  return y + 18 * s;
}

/** Draws a wrapping legend; returns the y below it. */
function drawLegend(f: Frame, items: Array<{ label: string; color: string }>, top: number): number {
  const { ctx, s, pad, width } = f;
  const px = 30 * s;
  const swatch = Math.round(28 * s);
  const gapX = 34 * s;
  const rowH = Math.max(swatch, px) + 16 * s;
  ctx.font = font(px);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  let x = pad;
  let y = top;
  for (const item of items) {
    const label = fitText(ctx, item.label, width - 2 * pad - swatch - 12 * s);
    const itemW = swatch + 12 * s + ctx.measureText(label).width;
    if (x > pad && x + itemW > width - pad) {
      x = pad;
      y += rowH;
    }
    ctx.fillStyle = item.color;
    roundRect(ctx, x, y + (rowH - swatch) / 2 - 8 * s, swatch, swatch, 5 * s);
    ctx.fill();
    ctx.fillStyle = INK;
    ctx.fillText(label, x + swatch + 12 * s, y + rowH / 2 - 8 * s);
    x += itemW + gapX;
  }
  return y + rowH + 10 * s;
}

function roundRect(ctx: SKRSContext2D, x: number, y: number, w: number, h: number, r: number): void {
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

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

function validateBarSpec(spec: BarChartSpec): void {
  if (spec.series.length === 0) throw new RangeError('chart needs at least one series');
  spec.series.forEach((serie, si) => {
    if (serie.values.length !== spec.categories.length) {
      throw new RangeError(`series "${serie.label}" has ${serie.values.length} values for ${spec.categories.length} categories`);
    }
    serie.values.forEach((v, ci) => assertValue(v, `series ${si}, category ${ci}`));
  });
}

/** Renders a bar chart to a PNG buffer. */
export async function renderBarChart(spec: BarChartSpec): Promise<Buffer> {
  validateBarSpec(spec);
  const horizontal = spec.horizontal ?? false;
  const stacked = spec.stacked ?? false;
  const width = assertSize('width', spec.width ?? 1080);
  const defaultHeight = horizontal
    ? Math.max(720, Math.min(2400, 420 + spec.categories.length * (stacked ? 96 : 40 + 44 * spec.series.length)))
    : 1080;
  const height = assertSize('height', spec.height ?? defaultHeight);
  const { frame: f, encode } = newFrame(width, height);
  const { ctx, s, pad } = f;
  const fmt = makeFormatter(spec.locale, spec.valueSuffix);
  const colors = spec.series.map((serie, i) => serie.color ?? CHART_PALETTE[i % CHART_PALETTE.length]!);

  let top = drawHeader(f, spec.title, spec.subtitle);
  if (spec.series.length > 1 || stacked) {
    top = drawLegend(f, spec.series.map((serie, i) => ({ label: serie.label, color: colors[i]! })), top);
  }

  const n = spec.categories.length;
  const totals = spec.categories.map((_, ci) => spec.series.reduce((sum, serie) => sum + serie.values[ci]!, 0));
  const maxValue = stacked ? Math.max(0, ...totals) : Math.max(0, ...spec.series.flatMap((serie) => serie.values));
  const integerData = spec.series.every((serie) => serie.values.every((v) => Number.isInteger(v)));
  const { max, step } = niceScale(maxValue, 5, integerData);
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 1000; t += step) ticks.push(Math.round(t * 1e6) / 1e6);

  const tickPx = 26 * s;
  const catPx = 30 * s;
  const valuePx = 27 * s;

  if (!horizontal) {
    // ---- vertical bars: categories along x, values up the y axis
    ctx.font = font(tickPx);
    const tickW = Math.max(...ticks.map((t) => ctx.measureText(fmt(t)).width));
    const left = pad + tickW + 16 * s;
    const right = width - pad;
    const plotW = right - left;
    const band = n > 0 ? plotW / n : plotW;
    ctx.font = font(catPx);
    const catLines = spec.categories.map((c) => wrapText(ctx, c, band - 10 * s, 2));
    const maxLines = Math.max(1, ...catLines.map((l) => l.length));
    const bottom = height - pad - maxLines * catPx * 1.2 - 10 * s;
    const plotTop = top + valuePx * 1.6; // room for the value labels above the tallest bar
    const plotH = bottom - plotTop;
    const yOf = (v: number): number => bottom - (v / max) * plotH;

    // grid + ticks
    ctx.font = font(tickPx);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks) {
      const y = Math.round(yOf(t)) + 0.5;
      ctx.strokeStyle = t === 0 ? AXIS : GRID;
      ctx.lineWidth = t === 0 ? 2 * s : 1.5 * s;
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(right, y);
      ctx.stroke();
      ctx.fillStyle = MUTED;
      ctx.fillText(fmt(t), left - 12 * s, y);
    }

    // category labels
    ctx.font = font(catPx);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    catLines.forEach((lines, ci) => {
      const cx = left + band * (ci + 0.5);
      lines.forEach((line, li) => ctx.fillText(line, cx, bottom + 10 * s + li * catPx * 1.2));
    });

    // bars
    if (stacked) {
      const barW = Math.min(band * 0.62, 220 * s);
      spec.categories.forEach((_, ci) => {
        const x = left + band * (ci + 0.5) - barW / 2;
        let acc = 0;
        spec.series.forEach((serie, si) => {
          const v = serie.values[ci]!;
          if (v <= 0) return;
          const y0 = yOf(acc);
          const y1 = yOf(acc + v);
          ctx.fillStyle = colors[si]!;
          ctx.fillRect(x, y1, barW, y0 - y1);
          // thin white separator between segments
          ctx.fillStyle = BACKGROUND;
          ctx.fillRect(x, y1, barW, Math.max(1, 1.5 * s));
          const segH = y0 - y1;
          ctx.font = font(valuePx - 2 * s, true);
          const text = fmt(v);
          if (segH >= valuePx * 1.1 && ctx.measureText(text).width <= barW - 8 * s) {
            ctx.fillStyle = labelColorOn(colors[si]!);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, x + barW / 2, (y0 + y1) / 2);
          }
          acc += v;
        });
        ctx.font = font(valuePx, true);
        ctx.fillStyle = INK;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(fitText(ctx, fmt(totals[ci]!), band), x + barW / 2, yOf(totals[ci]!) - 6 * s);
      });
    } else {
      const groupW = band * 0.82;
      const barW = Math.min(groupW / spec.series.length, 160 * s);
      const usedW = barW * spec.series.length;
      spec.categories.forEach((_, ci) => {
        const gx = left + band * (ci + 0.5) - usedW / 2;
        spec.series.forEach((serie, si) => {
          const v = serie.values[ci]!;
          const x = gx + si * barW;
          const y = yOf(v);
          ctx.fillStyle = colors[si]!;
          ctx.fillRect(x + 1.5 * s, y, barW - 3 * s, bottom - y);
          const text = fmt(v);
          let px = valuePx;
          ctx.font = font(px, true);
          while (ctx.measureText(text).width > barW + 4 * s && px > 14 * s) {
            px -= 2 * s;
            ctx.font = font(px, true);
          }
          if (ctx.measureText(text).width <= barW + 6 * s) {
            ctx.fillStyle = INK;
            ctx.textAlign = 'center';
            ctx.textBaseline = 'bottom';
            ctx.fillText(text, x + barW / 2, y - 5 * s);
          }
        });
      });
    }
  } else {
    // ---- horizontal bars: categories down the y axis, values along x
    ctx.font = font(catPx);
    const maxLabelW = (width - 2 * pad) * 0.3;
    const catLabels = spec.categories.map((c) => fitText(ctx, c, maxLabelW));
    const labelW = Math.max(0, ...catLabels.map((c) => ctx.measureText(c).width));
    const left = pad + labelW + 18 * s;
    ctx.font = font(valuePx, true);
    const valueRoom = Math.max(...(stacked ? totals : spec.series.flatMap((serie) => serie.values)).map((v) => ctx.measureText(fmt(v)).width), 0) + 16 * s;
    const right = width - pad - valueRoom;
    const plotW = right - left;
    const bottom = height - pad - tickPx * 1.6;
    const plotTop = top + 6 * s;
    const plotH = bottom - plotTop;
    const band = n > 0 ? plotH / n : plotH;
    const xOf = (v: number): number => left + (v / max) * plotW;

    // grid + ticks along the bottom
    ctx.font = font(tickPx);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of ticks) {
      const x = Math.round(xOf(t)) + 0.5;
      ctx.strokeStyle = t === 0 ? AXIS : GRID;
      ctx.lineWidth = t === 0 ? 2 * s : 1.5 * s;
      ctx.beginPath();
      ctx.moveTo(x, plotTop);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.fillStyle = MUTED;
      ctx.fillText(fmt(t), x, bottom + 10 * s);
    }

    // category labels
    ctx.font = font(catPx);
    ctx.fillStyle = INK;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    catLabels.forEach((label, ci) => ctx.fillText(label, left - 14 * s, plotTop + band * (ci + 0.5)));

    if (stacked) {
      const barH = Math.min(band * 0.64, 120 * s);
      spec.categories.forEach((_, ci) => {
        const y = plotTop + band * (ci + 0.5) - barH / 2;
        let acc = 0;
        spec.series.forEach((serie, si) => {
          const v = serie.values[ci]!;
          if (v <= 0) return;
          const x0 = xOf(acc);
          const x1 = xOf(acc + v);
          ctx.fillStyle = colors[si]!;
          ctx.fillRect(x0, y, x1 - x0, barH);
          ctx.fillStyle = BACKGROUND;
          ctx.fillRect(x1 - Math.max(1, 1.5 * s), y, Math.max(1, 1.5 * s), barH);
          ctx.font = font(valuePx - 2 * s, true);
          const text = fmt(v);
          if (x1 - x0 >= ctx.measureText(text).width + 10 * s && barH >= valuePx) {
            ctx.fillStyle = labelColorOn(colors[si]!);
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText(text, (x0 + x1) / 2, y + barH / 2);
          }
          acc += v;
        });
        ctx.font = font(valuePx, true);
        ctx.fillStyle = INK;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(fmt(totals[ci]!), xOf(totals[ci]!) + 10 * s, y + barH / 2);
      });
    } else {
      const groupH = band * 0.8;
      const barH = Math.min(groupH / spec.series.length, 70 * s);
      const usedH = barH * spec.series.length;
      spec.categories.forEach((_, ci) => {
        const gy = plotTop + band * (ci + 0.5) - usedH / 2;
        spec.series.forEach((serie, si) => {
          const v = serie.values[ci]!;
          const y = gy + si * barH;
          ctx.fillStyle = colors[si]!;
          ctx.fillRect(left, y + 1.5 * s, xOf(v) - left, barH - 3 * s);
          const px = Math.min(valuePx, barH * 0.8);
          if (px >= 12 * s) {
            ctx.font = font(px, true);
            ctx.fillStyle = INK;
            ctx.textAlign = 'left';
            ctx.textBaseline = 'middle';
            ctx.fillText(fmt(v), xOf(v) + 8 * s, y + barH / 2);
          }
        });
      });
    }
  }

  return encode();
}

// ---------------------------------------------------------------------------------------------
// Funnel chart
// ---------------------------------------------------------------------------------------------

/** Renders a funnel (centred horizontal bars, each proportional to its value) to a PNG buffer. */
export async function renderFunnelChart(spec: FunnelChartSpec): Promise<Buffer> {
  if (spec.steps.length === 0) throw new RangeError('funnel needs at least one step');
  spec.steps.forEach((step, i) => {
    assertValue(step.value, `step ${i}`);
    if (step.shareOf !== undefined && !(Number.isInteger(step.shareOf) && step.shareOf >= 0 && step.shareOf < i)) {
      throw new RangeError(`funnel step ${i} shareOf must be the index of an earlier step, got ${step.shareOf}`);
    }
  });
  const width = assertSize('width', spec.width ?? 1080);
  const height = assertSize('height', spec.height ?? Math.max(720, Math.min(2400, 330 + spec.steps.length * 170)));
  const { frame: f, encode } = newFrame(width, height);
  const { ctx, s, pad } = f;
  const fmt = makeFormatter(spec.locale, spec.valueSuffix);
  const pct = new Intl.NumberFormat(spec.locale ?? 'it-IT', { style: 'percent', maximumFractionDigits: 1 });
  const showShare = spec.showShareOfFirst ?? true;

  const top = drawHeader(f, spec.title, spec.subtitle);
  const bottom = height - pad;
  const rowH = (bottom - top) / spec.steps.length;
  const labelPx = Math.min(32 * s, rowH * 0.24);
  const valuePx = Math.min(36 * s, rowH * 0.28);
  const barH = Math.max(8, rowH - labelPx * 1.35 - 22 * s);
  const maxW = width - 2 * pad;
  const maxValue = Math.max(...spec.steps.map((st) => st.value));

  spec.steps.forEach((step, i) => {
    const color = step.color ?? FUNNEL_COLORS[i % FUNNEL_COLORS.length]!;
    const y = top + i * rowH;
    // label above the bar, centred
    ctx.font = font(labelPx, true);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(fitText(ctx, step.label, maxW), width / 2, y);
    // bar
    const barY = y + labelPx * 1.35;
    const w = maxValue > 0 ? Math.max(4 * s, (step.value / maxValue) * maxW) : 4 * s;
    const x = (width - w) / 2;
    ctx.fillStyle = color;
    roundRect(ctx, x, barY, w, barH, 8 * s);
    ctx.fill();
    // value (and share of the first step) inside the bar, or beside it when the bar is too narrow
    const base = spec.steps[step.shareOf ?? 0]!.value;
    const text = showShare && i > 0 && base > 0 ? `${fmt(step.value)}  (${pct.format(step.value / base)})` : fmt(step.value);
    ctx.font = font(valuePx, true);
    const textW = ctx.measureText(text).width;
    ctx.textBaseline = 'middle';
    if (textW + 24 * s <= w) {
      ctx.fillStyle = labelColorOn(color);
      ctx.textAlign = 'center';
      ctx.fillText(text, width / 2, barY + barH / 2);
    } else {
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.fillText(fitText(ctx, text, Math.max(0, width - pad - (x + w + 12 * s))), x + w + 12 * s, barY + barH / 2);
    }
  });

  return encode();
}
