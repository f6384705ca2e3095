/**
 * Server-side PNG charts for coordinator reports (no browser): bar charts (grouped or stacked,
 * vertical or horizontal) and a clearance funnel. Rendered with @napi-rs/canvas (Skia, prebuilt
 * binary shipped in a registry package) and the DejaVu Sans font bundled by the `dejavu-fonts-ttf`
 * package, so output does not depend on system fonts. DejaVu Sans covers Latin and Arabic.
 *
 * Every text (title, categories, series labels) arrives already translated from the caller.
 * Sizes are tuned for a phone: the default image is 1080 px wide and fonts scale with the width.
 */
import { drawHeader, drawLegend, fitText, font, makeFormatter, newFrame, niceScale, roundRect, wrapText } from './chart.layout';
import { AXIS, BACKGROUND, CHART_PALETTE, FUNNEL_COLORS, GRID, INK, labelColorOn, MUTED } from './chart.palette';
import { assertSize, validateBarSpec, validateFunnelSpec, type BarChartSpec, type FunnelChartSpec } from './chart.specs';

// The specs, palette and helpers callers and tests use stay importable from here.
export { registerChartFonts, niceScale, startsRtl } from './chart.layout';
export { CHART_PALETTE, FUNNEL_COLORS, labelColorOn, STATUS_COLORS, STATUS_ORDER, type InternshipStatusKey } from './chart.palette';
export type { BarChartSpec, BarSeries, FunnelChartSpec, FunnelStep } from './chart.specs';

// ---------------------------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------------------------

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
  validateFunnelSpec(spec);
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
