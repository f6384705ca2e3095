/** The core's ChartRenderer port on top of the skia chart renderer. */
import type { ChartRenderer } from '../../core/reports/report.ports';
import { renderBarChart, renderFunnelChart } from './chart.renderer';

export const skiaCharts: ChartRenderer = {
  bar: async (spec) => new Uint8Array(await renderBarChart(spec)),
  funnel: async (spec) => new Uint8Array(await renderFunnelChart(spec)),
};
