/**
 * What coordinator reports read and the chart renderer they draw with. The source answers with
 * counts already aggregated by the database (a national scope is 4,500 paths: no rows or id lists
 * travel), cut to the coordinator's scope. Chart specs mirror bot/reports/chart.specs.ts.
 */
import type { CoordinatorScope } from '../coordinator/coordinator-scope';
import type { ProgrammeRules } from '../programme/programme';

export const REPORT_KINDS = ['status', 'outcomes', 'ateco', 'hours', 'funnel'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Internships per place, status and clearance status. */
export interface InternshipCount {
  /** The internship's province, or the beneficiary's when the internship has none yet. */
  province: string;
  status: string;
  clearanceStatus: string;
  count: number;
}

/** Host companies (distinct names, case-insensitive) and internships per ATECO section, of internships that started. */
export interface AtecoCount {
  section: string;
  companies: number;
  internships: number;
}

/** Outcome follow-ups that are due (dueDate on or before the report's day), per answer. */
export interface FollowUpCount {
  monthsAfter: number;
  status: string;
  employed: boolean | null;
  count: number;
}

/** Hours of one service area: delivered (not voided), to how many paths, how many above `cap`, and planned. */
export interface AreaHours {
  area: string;
  delivered: number;
  paths: number;
  overCap: number;
  planned: number;
}

export interface ReportSource {
  internships(scope: CoordinatorScope): Promise<InternshipCount[]>;
  hostCompanies(scope: CoordinatorScope): Promise<AtecoCount[]>;
  followUps(scope: CoordinatorScope, today: string): Promise<FollowUpCount[]>;
  /** `caps`: the programme's cap per area, for `overCap`. */
  hours(scope: CoordinatorScope, caps: ReadonlyArray<{ area: string; cap: number }>): Promise<AreaHours[]>;
  rules(): Promise<ProgrammeRules>;
}

export interface BarChart {
  title: string;
  subtitle?: string;
  categories: string[];
  /** A null value has no bar: its denominator is empty ("no data", not 0). */
  series: Array<{ label: string; values: Array<number | null>; color?: string }>;
  stacked?: boolean;
  horizontal?: boolean;
  valueSuffix?: string;
  locale?: string;
  /** Written where a null value's bar would be. */
  noDataLabel?: string;
}

export interface FunnelChart {
  title: string;
  subtitle?: string;
  steps: Array<{ label: string; value: number; color?: string; shareOf?: number }>;
  locale?: string;
  /** Written instead of the bars when the first step is 0. */
  noDataLabel?: string;
}

/** Draws charts as PNG bytes (server side, no browser). */
export interface ChartRenderer {
  bar(spec: BarChart): Promise<Uint8Array>;
  funnel(spec: FunnelChart): Promise<Uint8Array>;
}

/** Colours of the non-overlapping internship statuses (same as the renderer's STATUS_COLORS). */
export const STATUS_COLOURS = { notActivated: '#8A8F98', cancelled: '#6A3D9A', inProgress: '#E69F00', concluded: '#009E73', ceased: '#C8372D' } as const;
