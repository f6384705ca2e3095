/**
 * Server-side PNG charts for coordinator reports (no browser): bar charts (grouped or stacked,
 * vertical or horizontal); the clearance funnel is in chart.funnel.ts. Rendered with @napi-rs/canvas
 * (Skia, prebuilt binary shipped in a registry package) and the DejaVu Sans font bundled by the
 * `dejavu-fonts-ttf` package, so output does not depend on system fonts. DejaVu Sans covers Latin and Arabic.
 *
 * Every text (title, categories, series labels) arrives already translated from the caller, and is
 * drawn whole: long labels wrap onto more lines or get a smaller font, never an ellipsis.
 * Sizes are tuned for a phone: the default image is 1080 px wide and fonts scale with the width.
 */
import { drawHeader, drawLegend, fitLines, font, makeFormatter, measuringContext, newFrame, niceScale, wrapLines, type Frame } from './chart.layout';
import { AXIS, BACKGROUND, CHART_PALETTE, GRID, INK, labelColorOn, MUTED } from './chart.palette';
import { assertSize, validateBarSpec, type BarChartSpec } from './chart.specs';

// The specs, palette and helpers callers and tests use stay importable from here.
export { registerChartFonts, niceScale, startsRtl } from './chart.layout';
export { CHART_PALETTE, FUNNEL_COLORS, labelColorOn, STATUS_COLORS, STATUS_ORDER, type InternshipStatusKey } from './chart.palette';
export type { BarChartSpec, BarSeries, FunnelChartSpec, FunnelStep } from './chart.specs';
export { renderFunnelChart, renderFunnelChartWithTexts } from './chart.funnel';

/** Renders a bar chart to a PNG buffer. */
export async function renderBarChart(spec: BarChartSpec): Promise<Buffer> {
  return (await renderBarChartWithTexts(spec)).png;
}

/** The PNG and every text drawn on it, in order (tests check that no label is cut). */
export async function renderBarChartWithTexts(spec: BarChartSpec): Promise<{ png: Buffer; texts: string[] }> {
  validateBarSpec(spec);
  const horizontal = spec.horizontal ?? false;
  const stacked = spec.stacked ?? false;
  const width = assertSize('width', spec.width ?? 1080);
  const s = width / 1080;
  const n = spec.categories.length;
  const totals = spec.categories.map((_, ci) => spec.series.reduce((sum, serie) => sum + (serie.values[ci] ?? 0), 0));
  const known = spec.series.flatMap((serie) => serie.values.filter((v): v is number => v !== null));
  const maxValue = Math.max(0, ...(stacked ? totals : known));
  const { max, step } = niceScale(maxValue, 5, known.every((v) => Number.isInteger(v)));
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 1000; t += step) ticks.push(Math.round(t * 1e6) / 1e6);
  const fmt = makeFormatter(spec.locale, spec.valueSuffix);
  const colors = spec.series.map((serie, i) => serie.color ?? CHART_PALETTE[i % CHART_PALETTE.length]!);
  const px = { tick: 26 * s, cat: 30 * s, minCat: 19 * s, value: 27 * s };
  const plot: Plot = { spec, s, n, totals, max, ticks, fmt, colors, px, stacked, noData: spec.noDataLabel ?? '–' };

  if (horizontal) {
    const m = measuringContext();
    const pad = Math.round(44 * s);
    const labels = sameSize(m, spec.categories, (width - 2 * pad) * 0.4, 3, px.cat, px.minCat);
    // Long lists get thinner bars, so the image (and the message carrying it) stays small.
    const dense = n > 10;
    const barRow = (stacked ? (dense ? 68 : 96) : 40 + (dense ? 34 : 44) * spec.series.length) * s;
    const band = Math.max(barRow, labels.maxLines * labels.px * 1.2 + 18 * s);
    const height = assertSize('height', spec.height ?? Math.max(720, Math.min(4000, Math.round(420 * s + n * band))));
    const { frame, encode } = newFrame(width, height);
    drawHorizontal(frame, plot, labels);
    return { png: await encode(), texts: frame.texts };
  }
  const height = assertSize('height', spec.height ?? 1080);
  const { frame, encode } = newFrame(width, height);
  drawVertical(frame, plot);
  return { png: await encode(), texts: frame.texts };
}

interface Plot {
  spec: BarChartSpec;
  s: number;
  n: number;
  totals: number[];
  max: number;
  ticks: number[];
  fmt: (v: number) => string;
  colors: string[];
  px: { tick: number; cat: number; minCat: number; value: number };
  stacked: boolean;
  noData: string;
}

interface Labels {
  lines: string[][];
  px: number;
  maxLines: number;
}

/** Every label wrapped at one common font size: the largest at which each fits `maxLines` lines (or the smallest allowed). */
function sameSize(ctx: Frame['ctx'], texts: readonly string[], maxWidth: number, maxLines: number, px: number, minPx: number): Labels {
  const size = Math.min(px, ...texts.map((t) => fitLines(ctx, t, maxWidth, maxLines, px, minPx).px));
  ctx.font = font(size);
  const lines = texts.map((t) => wrapLines(ctx, t, maxWidth));
  return { lines, px: size, maxLines: Math.max(1, ...lines.map((l) => l.length)) };
}

function legendAndHeader(f: Frame, p: Plot): number {
  const top = drawHeader(f, p.spec.title, p.spec.subtitle);
  return p.spec.series.length > 1 || p.stacked ? drawLegend(f, p.spec.series.map((serie, i) => ({ label: serie.label, color: p.colors[i]! })), top) : top;
}

function drawVertical(f: Frame, p: Plot): void {
  const { ctx, s, pad, width, height } = f;
  const { spec, px, fmt } = p;
  const top = legendAndHeader(f, p);
  ctx.font = font(px.tick);
  const tickW = Math.max(...p.ticks.map((t) => ctx.measureText(fmt(t)).width));
  const left = pad + tickW + 16 * s;
  const right = width - pad;
  const band = p.n > 0 ? (right - left) / p.n : right - left;
  const labels = sameSize(ctx, spec.categories, band - 10 * s, 3, px.cat, px.minCat);
  const bottom = height - pad - labels.maxLines * labels.px * 1.2 - 10 * s;
  const plotTop = top + px.value * 1.6; // room for the value labels above the tallest bar
  const yOf = (v: number): number => bottom - (v / p.max) * (bottom - plotTop);

  ctx.font = font(px.tick);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of p.ticks) {
    const y = Math.round(yOf(t)) + 0.5;
    gridLine(f, t === 0, left, y, right, y);
    ctx.fillStyle = MUTED;
    ctx.fillText(fmt(t), left - 12 * s, y);
  }
  ctx.font = font(labels.px);
  ctx.fillStyle = INK;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  labels.lines.forEach((lines, ci) => lines.forEach((line, li) => ctx.fillText(line, left + band * (ci + 0.5), bottom + 10 * s + li * labels.px * 1.2)));

  if (p.stacked) {
    const barW = Math.min(band * 0.62, 220 * s);
    spec.categories.forEach((_, ci) => {
      const x = left + band * (ci + 0.5) - barW / 2;
      let acc = 0;
      spec.series.forEach((serie, si) => {
        const v = serie.values[ci] ?? 0;
        if (v <= 0) return;
        const y0 = yOf(acc);
        const y1 = yOf(acc + v);
        ctx.fillStyle = p.colors[si]!;
        ctx.fillRect(x, y1, barW, y0 - y1);
        ctx.fillStyle = BACKGROUND; // thin white separator between segments
        ctx.fillRect(x, y1, barW, Math.max(1, 1.5 * s));
        ctx.font = font(px.value - 2 * s, true);
        if (y0 - y1 >= px.value * 1.1 && ctx.measureText(fmt(v)).width <= barW - 8 * s) centred(f, fmt(v), x + barW / 2, (y0 + y1) / 2, labelColorOn(p.colors[si]!));
        acc += v;
      });
      ctx.font = font(px.value, true);
      ctx.fillStyle = INK;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(fmt(p.totals[ci]!), x + barW / 2, yOf(p.totals[ci]!) - 6 * s);
    });
    return;
  }
  const barW = Math.min((band * 0.82) / spec.series.length, 160 * s);
  const usedW = barW * spec.series.length;
  spec.categories.forEach((_, ci) => {
    const gx = left + band * (ci + 0.5) - usedW / 2;
    spec.series.forEach((serie, si) => {
      const v = serie.values[ci]!;
      const x = gx + si * barW;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      if (v === null) {
        ctx.font = font(Math.min(px.value, barW * 0.3));
        ctx.fillStyle = MUTED;
        ctx.fillText(p.noData, x + barW / 2, bottom - 5 * s);
        return;
      }
      const y = yOf(v);
      ctx.fillStyle = p.colors[si]!;
      ctx.fillRect(x + 1.5 * s, y, barW - 3 * s, bottom - y);
      let size = px.value;
      ctx.font = font(size, true);
      while (ctx.measureText(fmt(v)).width > barW + 4 * s && size > 14 * s) ctx.font = font((size -= 2 * s), true);
      ctx.fillStyle = INK;
      ctx.fillText(fmt(v), x + barW / 2, y - 5 * s);
    });
  });
}

function drawHorizontal(f: Frame, p: Plot, labels: Labels): void {
  const { ctx, s, pad, width, height } = f;
  const { spec, px, fmt } = p;
  const top = legendAndHeader(f, p);
  ctx.font = font(labels.px);
  const labelW = Math.max(0, ...labels.lines.flat().map((l) => ctx.measureText(l).width));
  const left = pad + labelW + 18 * s;
  ctx.font = font(px.value, true);
  const shown = p.stacked ? p.totals : spec.series.flatMap((serie) => serie.values.filter((v): v is number => v !== null));
  const valueRoom = Math.max(0, ...shown.map((v) => ctx.measureText(fmt(v)).width), ctx.measureText(p.noData).width) + 16 * s;
  const right = width - pad - valueRoom;
  const bottom = height - pad - px.tick * 1.6;
  const plotTop = top + 6 * s;
  const band = p.n > 0 ? (bottom - plotTop) / p.n : bottom - plotTop;
  const xOf = (v: number): number => left + (v / p.max) * (right - left);

  ctx.font = font(px.tick);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of p.ticks) {
    const x = Math.round(xOf(t)) + 0.5;
    gridLine(f, t === 0, x, plotTop, x, bottom);
    ctx.fillStyle = MUTED;
    ctx.fillText(fmt(t), x, bottom + 10 * s);
  }
  ctx.font = font(labels.px);
  ctx.fillStyle = INK;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  labels.lines.forEach((lines, ci) => {
    const mid = plotTop + band * (ci + 0.5);
    lines.forEach((line, li) => ctx.fillText(line, left - 14 * s, mid + (li - (lines.length - 1) / 2) * labels.px * 1.2));
  });

  if (p.stacked) {
    const barH = Math.min(band * 0.64, 120 * s);
    spec.categories.forEach((_, ci) => {
      const y = plotTop + band * (ci + 0.5) - barH / 2;
      let acc = 0;
      spec.series.forEach((serie, si) => {
        const v = serie.values[ci] ?? 0;
        if (v <= 0) return;
        const x0 = xOf(acc);
        const x1 = xOf(acc + v);
        ctx.fillStyle = p.colors[si]!;
        ctx.fillRect(x0, y, x1 - x0, barH);
        ctx.fillStyle = BACKGROUND;
        ctx.fillRect(x1 - Math.max(1, 1.5 * s), y, Math.max(1, 1.5 * s), barH);
        ctx.font = font(px.value - 2 * s, true);
        if (x1 - x0 >= ctx.measureText(fmt(v)).width + 10 * s && barH >= px.value) centred(f, fmt(v), (x0 + x1) / 2, y + barH / 2, labelColorOn(p.colors[si]!));
        acc += v;
      });
      ctx.font = font(px.value, true);
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(fmt(p.totals[ci]!), xOf(p.totals[ci]!) + 10 * s, y + barH / 2);
    });
    return;
  }
  const barH = Math.min((band * 0.8) / spec.series.length, 70 * s);
  const usedH = barH * spec.series.length;
  spec.categories.forEach((_, ci) => {
    const gy = plotTop + band * (ci + 0.5) - usedH / 2;
    spec.series.forEach((serie, si) => {
      const v = serie.values[ci]!;
      const y = gy + si * barH;
      const size = Math.min(px.value, barH * 0.8);
      if (v !== null) {
        ctx.fillStyle = p.colors[si]!;
        ctx.fillRect(left, y + 1.5 * s, xOf(v) - left, barH - 3 * s);
      }
      if (size < 12 * s) return;
      ctx.font = font(size, v !== null);
      ctx.fillStyle = v === null ? MUTED : INK;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(v === null ? p.noData : fmt(v), (v === null ? left : xOf(v)) + 8 * s, y + barH / 2);
    });
  });
}

function gridLine(f: Frame, axis: boolean, x0: number, y0: number, x1: number, y1: number): void {
  f.ctx.strokeStyle = axis ? AXIS : GRID;
  f.ctx.lineWidth = (axis ? 2 : 1.5) * f.s;
  f.ctx.beginPath();
  f.ctx.moveTo(x0, y0);
  f.ctx.lineTo(x1, y1);
  f.ctx.stroke();
}

function centred(f: Frame, text: string, x: number, y: number, color: string): void {
  f.ctx.fillStyle = color;
  f.ctx.textAlign = 'center';
  f.ctx.textBaseline = 'middle';
  f.ctx.fillText(text, x, y);
}
