/**
 * What callers pass to the chart renderer (see chart.renderer.ts): bar and funnel chart specs,
 * and the checks that reject a spec before anything is drawn.
 */

export interface BarSeries {
  label: string;
  /** Null = no data (an empty denominator): no bar, `noDataLabel` instead. */
  values: Array<number | null>;
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
  /** Written where a null value's bar would be. Default '–'. */
  noDataLabel?: string;
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
  /** Written instead of the bars when every step is 0. Default '–'. */
  noDataLabel?: string;
}

export function assertSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 200 || value > 4000) {
    throw new RangeError(`chart ${name} must be an integer between 200 and 4000, got ${value}`);
  }
  return value;
}

function assertValue(value: number, where: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`chart value at ${where} must be a finite number >= 0, got ${value}`);
}

export function validateBarSpec(spec: BarChartSpec): void {
  if (spec.series.length === 0) throw new RangeError('chart needs at least one series');
  spec.series.forEach((serie, si) => {
    if (serie.values.length !== spec.categories.length) {
      throw new RangeError(`series "${serie.label}" has ${serie.values.length} values for ${spec.categories.length} categories`);
    }
    serie.values.forEach((v, ci) => {
      if (v !== null) assertValue(v, `series ${si}, category ${ci}`);
    });
  });
}

export function validateFunnelSpec(spec: FunnelChartSpec): void {
  if (spec.steps.length === 0) throw new RangeError('funnel needs at least one step');
  spec.steps.forEach((step, i) => {
    assertValue(step.value, `step ${i}`);
    if (step.shareOf !== undefined && !(Number.isInteger(step.shareOf) && step.shareOf >= 0 && step.shareOf < i)) {
      throw new RangeError(`funnel step ${i} shareOf must be the index of an earlier step, got ${step.shareOf}`);
    }
  });
}
