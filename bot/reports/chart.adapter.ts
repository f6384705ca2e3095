/**
 * The core's ChartRenderer port on top of the skia chart renderer. The renderer (and @napi-rs/canvas
 * under it, ~20 MB of memory) is imported on the first chart drawn: most processes never draw one.
 */
import type { ChartRenderer } from '../../core/reports/report.ports';

let renderer: Promise<typeof import('./chart.renderer')> | undefined;
const loadRenderer = () => (renderer ??= import('./chart.renderer'));

export const skiaCharts: ChartRenderer = {
  bar: async (spec) => new Uint8Array(await (await loadRenderer()).renderBarChart(spec)),
  funnel: async (spec) => new Uint8Array(await (await loadRenderer()).renderFunnelChart(spec)),
};
