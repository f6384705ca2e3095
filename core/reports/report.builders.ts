/**
 * The five coordinator reports: each turns the source's counts into text lines, a chart and CSV rows.
 * A national coordinator reads the status table by region (107 provinces do not fit a phone), a
 * regional one by province. Empty denominators show "no data", never a 0 % bar.
 */
import { findProvince } from '../programme/provinces';
import type { CsvCell } from './csv';
import { clearanceFunnel, employmentOutcomes, hostCompaniesByAteco, hoursByArea, internshipStatusTable, percent, STATUS_COLUMNS, type StatusRow } from './report.aggregate';
import { STATUS_COLOURS, type ChartRenderer, type ReportKind, type ReportSource } from './report.ports';
import type { ReportContext } from './report.build';

/** What a report kind produces before it becomes a message. */
export interface BuiltReport {
  lines: string[];
  chart: Uint8Array;
  header: string[];
  rows: CsvCell[][];
}

export type BuildContext = ReportContext & {
  num: (n: number) => string;
  title: string;
  subtitle: string;
};

/** Rows of a table written in the message; the CSV always has them all. */
export const MAX_TEXT_ROWS = 10;

/** The first MAX_TEXT_ROWS lines, and a line saying how many more are in the file. */
export function cappedLines(ctx: BuildContext, lines: string[]): string[] {
  if (lines.length <= MAX_TEXT_ROWS) return lines;
  return [...lines.slice(0, MAX_TEXT_ROWS), ctx.t('coordinator:report.moreInCsv', { count: lines.length - MAX_TEXT_ROWS })];
}

type Builder = (ctx: BuildContext, source: ReportSource, charts: ChartRenderer) => Promise<BuiltReport>;

const FUNNEL_STEPS = [
  { key: 'requested', color: '#56789A' },
  { key: 'granted', color: '#0072B2', shareOf: 0 },
  { key: 'refused', color: '#C8372D', shareOf: 0 },
  { key: 'pending', color: '#8A8F98', shareOf: 0 },
  { key: 'started', color: '#009E73', shareOf: 1 },
  { key: 'cancelled', color: '#6A3D9A', shareOf: 1 },
  { key: 'waiting', color: '#E69F00', shareOf: 1 },
] as const;

const atecoName = (ctx: BuildContext, s: string) => ctx.t(`coordinator:ateco.${/^[A-U]$/.test(s) ? s : 'other'}`);

export const REPORT_BUILDERS: Record<ReportKind, Builder> = {
  async status(ctx, source, charts) {
    const { t } = ctx;
    const national = ctx.scope.region === null;
    const placeOf = national ? (province: string) => findProvince(province)?.region ?? province : undefined;
    const { rows, total } = internshipStatusTable(await source.internships(ctx.scope), placeOf);
    const totalName = t(national ? 'coordinator:report.totalNational' : 'coordinator:report.total');
    const line = (r: StatusRow, name: string) => t('coordinator:report.status.line', { ...r, province: name });
    const biggest = [...rows].sort((a, b) => b.total - a.total || a.province.localeCompare(b.province, 'it'));
    const lines = rows.length ? [[...cappedLines(ctx, biggest.map((r) => line(r, r.province))), line(total, totalName)].join('\n'), t('coordinator:report.status.note')] : [t('coordinator:report.empty')];
    // Stacked bars may only use statuses that do not overlap: "activated" is the sum of the last three.
    const stack = ['notActivated', 'cancelled', 'inProgress', 'concluded', 'ceased'] as const;
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => r.province),
      series: stack.map((k) => ({ label: t(`coordinator:status.${k}`), values: rows.map((r) => r[k]), color: STATUS_COLOURS[k] })),
      stacked: true,
      horizontal: true,
      locale: ctx.lang,
    });
    const header = [t(national ? 'coordinator:report.region' : 'coordinator:report.province'), ...STATUS_COLUMNS.map((k) => t(`coordinator:status.${k}`))];
    const csvRows = [...rows, { ...total, province: totalName }].map((r) => [r.province, ...STATUS_COLUMNS.map((k) => r[k])]);
    return { lines, chart, header, rows: csvRows };
  },

  async outcomes(ctx, source, charts) {
    const { t } = ctx;
    const rules = await source.rules();
    const rows = employmentOutcomes(await source.followUps(ctx.scope, ctx.today), rules.followUpMonths);
    const line = (r: (typeof rows)[number]) =>
      r.percent === null ? t('coordinator:report.outcomes.lineNone', { count: r.months }) : t('coordinator:report.outcomes.line', { count: r.months, employed: r.employed, due: r.due, percent: ctx.num(r.percent), open: r.due - r.answered });
    const lines = [rows.map(line).join('\n'), t('coordinator:report.outcomes.note')];
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => t('coordinator:report.outcomes.after', { count: r.months })),
      series: [{ label: t('coordinator:report.outcomes.series'), values: rows.map((r) => r.percent), color: STATUS_COLOURS.concluded }],
      valueSuffix: '%',
      locale: ctx.lang,
      noDataLabel: t('coordinator:report.noData'),
    });
    const header = ['months', 'due', 'answered', 'employed', 'percent'].map((c) => t(`coordinator:csv.${c}`));
    return { lines, chart, header, rows: rows.map((r): CsvCell[] => [r.months, r.due, r.answered, r.employed, r.percent]) };
  },

  async ateco(ctx, source, charts) {
    const { t } = ctx;
    const rows = hostCompaniesByAteco(await source.hostCompanies(ctx.scope));
    const name = (s: string) => `${s} – ${atecoName(ctx, s)}`;
    const lines = rows.length ? [cappedLines(ctx, rows.map((r) => t('coordinator:report.ateco.line', { section: name(r.section), companies: r.companies, internships: r.internships }))).join('\n')] : [t('coordinator:report.empty')];
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => name(r.section)),
      series: [
        { label: t('coordinator:csv.companies'), values: rows.map((r) => r.companies) },
        { label: t('coordinator:csv.internships'), values: rows.map((r) => r.internships) },
      ],
      horizontal: true,
      locale: ctx.lang,
    });
    const header = ['section', 'sectionName', 'companies', 'internships'].map((c) => t(`coordinator:csv.${c}`));
    return { lines, chart, header, rows: rows.map((r) => [r.section, atecoName(ctx, r.section), r.companies, r.internships]) };
  },

  async hours(ctx, source, charts) {
    const { t } = ctx;
    const rules = await source.rules();
    const rows = hoursByArea(await source.hours(ctx.scope, rules.serviceAreas.map((a) => ({ area: a.area, cap: a.capHours }))), rules);
    const area = (a: string) => t(`coordinator:area.${a}`);
    const line = (r: (typeof rows)[number]) =>
      r.average === null ? t('coordinator:report.hours.lineNone', { area: area(r.area), cap: ctx.num(r.cap) }) : t('coordinator:report.hours.line', { area: area(r.area), average: ctx.num(r.average), cap: ctx.num(r.cap), delivered: ctx.num(r.delivered), people: r.beneficiaries });
    const lines = [rows.map(line).join('\n')];
    const over = rows.reduce((a, r) => a + r.overCap, 0);
    lines.push(over ? t('coordinator:report.hours.overCap', { count: over }) : t('coordinator:report.hours.withinCaps'));
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => area(r.area)),
      series: [
        { label: t('coordinator:report.hours.averageSeries'), values: rows.map((r) => r.average), color: '#0072B2' },
        { label: t('coordinator:report.hours.capSeries'), values: rows.map((r) => r.cap), color: '#8A8F98' },
      ],
      horizontal: true,
      valueSuffix: ' h',
      locale: ctx.lang,
      noDataLabel: t('coordinator:report.noData'),
    });
    const header = ['area', 'delivered', 'beneficiaries', 'average', 'cap', 'planned', 'overCap'].map((c) => t(`coordinator:csv.${c}`));
    return { lines, chart, header, rows: rows.map((r): CsvCell[] => [area(r.area), r.delivered, r.beneficiaries, r.average, r.cap, r.planned, r.overCap]) };
  },

  async funnel(ctx, source, charts) {
    const { t } = ctx;
    const f = clearanceFunnel(await source.internships(ctx.scope));
    const base = [f.requested, f.granted];
    const lines = [
      FUNNEL_STEPS.map((s) => {
        if (!('shareOf' in s)) return t(`coordinator:report.funnel.${s.key}`, { n: f[s.key] });
        const p = percent(f[s.key], base[s.shareOf]!);
        return p === null ? t(`coordinator:report.funnel.${s.key}NoShare`, { n: f[s.key] }) : t(`coordinator:report.funnel.${s.key}`, { n: f[s.key], percent: ctx.num(p) });
      }).join('\n'),
    ];
    const steps = FUNNEL_STEPS.map((s) => ({ label: t(`coordinator:funnel.${s.key}`), value: f[s.key], color: s.color, shareOf: 'shareOf' in s ? s.shareOf : undefined }));
    const chart = await charts.funnel({ title: ctx.title, subtitle: ctx.subtitle, steps, locale: ctx.lang, noDataLabel: t('coordinator:report.noData') });
    const header = [t('coordinator:csv.step'), t('coordinator:csv.count'), t('coordinator:csv.share')];
    return { lines, chart, header, rows: FUNNEL_STEPS.map((s, i): CsvCell[] => [steps[i]!.label, f[s.key], 'shareOf' in s ? percent(f[s.key], base[s.shareOf]!) : null]) };
  },
};
