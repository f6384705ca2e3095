/**
 * What coordinator reports read (rows already cut to the coordinator's scope) and the chart renderer
 * they draw with. Chart specs mirror bot/reports/chart.renderer.ts, which implements the port.
 */
import type { CoordinatorScope } from '../coordinator/coordinator-scope';
import type { ProgrammeRules } from '../programme/programme';

export const REPORT_KINDS = ['status', 'outcomes', 'ateco', 'hours', 'funnel'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface InternshipFact {
  /** The internship's province, or the beneficiary's when the internship has none yet. */
  province: string;
  status: string;
  clearanceStatus: string;
  atecoSection: string | null;
  hostCompany: string | null;
}

/** An outcome follow-up that is due (dueDate on or before the report's day). */
export interface FollowUpFact {
  monthsAfter: number;
  status: string;
  employed: boolean | null;
}

export interface HoursFacts {
  delivered: Array<{ pathId: string; area: string; hours: number }>;
  planned: Array<{ pathId: string; area: string; plannedHours: number }>;
}

export interface ReportSource {
  internships(scope: CoordinatorScope): Promise<InternshipFact[]>;
  followUps(scope: CoordinatorScope, today: string): Promise<FollowUpFact[]>;
  hours(scope: CoordinatorScope): Promise<HoursFacts>;
  rules(): Promise<ProgrammeRules>;
}

export interface BarChart {
  title: string;
  subtitle?: string;
  categories: string[];
  series: Array<{ label: string; values: number[]; color?: string }>;
  stacked?: boolean;
  horizontal?: boolean;
  valueSuffix?: string;
  locale?: string;
}

export interface FunnelChart {
  title: string;
  subtitle?: string;
  steps: Array<{ label: string; value: number; color?: string; shareOf?: number }>;
  locale?: string;
}

/** Draws charts as PNG bytes (server side, no browser). */
export interface ChartRenderer {
  bar(spec: BarChart): Promise<Uint8Array>;
  funnel(spec: FunnelChart): Promise<Uint8Array>;
}

/** Colours of the four non-overlapping internship statuses (same as the renderer's STATUS_COLORS). */
export const STATUS_COLOURS = { notActivated: '#8A8F98', inProgress: '#E69F00', concluded: '#009E73', ceased: '#C8372D' } as const;
