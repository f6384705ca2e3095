/**
 * The clearance funnel chart (see chart.renderer.ts for fonts and sizes): one centred bar per step,
 * proportional to its value, with its share of an earlier step. Labels wrap instead of being cut;
 * with nothing to show (every step 0) there are no bars, only the "no data" words.
 */
import { drawHeader, fitLines, font, makeFormatter, newFrame, roundRect } from './chart.layout';
import { FUNNEL_COLORS, INK, labelColorOn, MUTED } from './chart.palette';
import { assertSize, validateFunnelSpec, type FunnelChartSpec } from './chart.specs';

/** Renders a funnel to a PNG buffer. */
export async function renderFunnelChart(spec: FunnelChartSpec): Promise<Buffer> {
  return (await renderFunnelChartWithTexts(spec)).png;
}

/** The PNG and every text drawn on it, in order. */
export async function renderFunnelChartWithTexts(spec: FunnelChartSpec): Promise<{ png: Buffer; texts: string[] }> {
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
  const maxW = width - 2 * pad;
  const maxValue = Math.max(...spec.steps.map((st) => st.value));
  if (maxValue <= 0) {
    ctx.font = font(40 * s, true);
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(spec.noDataLabel ?? '–', width / 2, (top + bottom) / 2);
    return { png: await encode(), texts: f.texts };
  }
  const labelPx = Math.min(32 * s, rowH * 0.24);
  const valuePx = Math.min(36 * s, rowH * 0.28);

  spec.steps.forEach((step, i) => {
    const color = step.color ?? FUNNEL_COLORS[i % FUNNEL_COLORS.length]!;
    const y = top + i * rowH;
    // label above the bar, centred; two lines (or a smaller font) rather than an ellipsis
    const label = fitLines(ctx, step.label, maxW, 2, labelPx, labelPx * 0.7, true);
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    label.lines.forEach((line, li) => ctx.fillText(line, width / 2, y + li * label.px * 1.15));
    const barY = y + label.lines.length * label.px * 1.15 + 6 * s;
    const barH = Math.max(8, y + rowH - barY - 16 * s);
    const w = Math.max(4 * s, (step.value / maxValue) * maxW);
    const x = (width - w) / 2;
    ctx.fillStyle = color;
    roundRect(ctx, x, barY, w, barH, 8 * s);
    ctx.fill();
    // value (and share of the base step) inside the bar, or beside it when the bar is too narrow
    const base = spec.steps[step.shareOf ?? 0]!.value;
    const text = showShare && i > 0 && base > 0 ? `${fmt(step.value)}  (${pct.format(step.value / base)})` : fmt(step.value);
    ctx.font = font(Math.min(valuePx, barH * 0.7), true);
    ctx.textBaseline = 'middle';
    if (ctx.measureText(text).width + 24 * s <= w) {
      ctx.fillStyle = labelColorOn(color);
      ctx.textAlign = 'center';
      ctx.fillText(text, width / 2, barY + barH / 2);
    } else {
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.fillText(text, x + w + 12 * s, barY + barH / 2);
    }
  });
  return { png: await encode(), texts: f.texts };
}
