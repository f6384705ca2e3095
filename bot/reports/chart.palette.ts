/**
 * Colours of the coordinator charts (see chart.renderer.ts): the status, funnel and series
 * palettes, the ink and grid greys, and the in-bar label colour that contrasts with a bar.
 */

/**
 * Colours for internship statuses, from the Okabe–Ito colour-blind-safe set, each with enough
 * contrast against white for the bar and against the in-bar label colour chosen by `labelColorOn`.
 */
export const STATUS_COLORS = {
  notActivated: '#8A8F98',
  cancelled: '#6A3D9A',
  activated: '#0072B2',
  inProgress: '#E69F00',
  concluded: '#009E73',
  ceased: '#C8372D',
} as const;

export type InternshipStatusKey = keyof typeof STATUS_COLORS;

/** Order in which statuses are stacked and listed in legends. */
export const STATUS_ORDER: readonly InternshipStatusKey[] = ['notActivated', 'cancelled', 'activated', 'inProgress', 'concluded', 'ceased'];

/** Colours for the clearance funnel steps: requested, granted, started, cancelled. */
export const FUNNEL_COLORS = ['#56789A', '#0072B2', '#009E73', '#C8372D'] as const;

/** Default palette for series without an explicit colour. */
export const CHART_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#C8372D', '#CC79A7', '#56B4E9', '#8A8F98', '#6A3D9A', '#B15928'] as const;

export const INK = '#1F2328';
export const MUTED = '#57606A';
export const GRID = '#E3E6EA';
export const AXIS = '#8C959F';
export const BACKGROUND = '#FFFFFF';

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
