/**
 * Builds one coordinator report as a single message: a readable summary, a PNG chart and a CSV file
 * (semicolon-separated with a BOM, so Italian and French Excel open it as columns; comma for English).
 */
import type { Attachment, OutgoingMessage } from '../messages';
import type { TranslationParams } from '../ports/translator';
import type { CoordinatorScope } from '../coordinator/coordinator-scope';
import { toCsv, type CsvCell, type CsvOptions } from './csv';
import { clearanceFunnel, employmentOutcomes, hostCompaniesByAteco, hoursByArea, internshipStatusTable, percent, type StatusRow } from './report.aggregate';
import { STATUS_COLOURS, type ChartRenderer, type ReportKind, type ReportSource } from './report.ports';
import { formatDay } from '../digests/digest.render';

export interface ReportContext {
  t(key: string, params?: TranslationParams): string;
  lang: string;
  /** Local date of the report, YYYY-MM-DD. */
  today: string;
  scope: CoordinatorScope;
  /** "Piemonte", or undefined for a national coordinator. */
  scopeLabel?: string;
}

interface Built {
  lines: string[];
  chart: Uint8Array;
  header: string[];
  rows: CsvCell[][];
}

const FUNNEL_COLOURS = ['#56789A', '#0072B2', '#009E73', '#C8372D'];

export async function buildReport(kind: ReportKind, ctx: ReportContext, source: ReportSource, charts: ChartRenderer): Promise<OutgoingMessage> {
  const { t } = ctx;
  const num = (n: number) => new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 1 }).format(n);
  const title = t(`coordinator:report.${kind}.title`);
  const subtitle = t(ctx.scopeLabel ? 'coordinator:report.subtitle' : 'coordinator:report.subtitleNational', { scope: ctx.scopeLabel, date: formatDay(ctx.today, ctx.lang) });
  // The chart font has no emoji: the chart title starts at the first letter.
  const chartTitle = title.replace(/^[^\p{L}\p{N}]+/u, '');
  const built = await BUILDERS[kind]({ ...ctx, num, title: chartTitle, subtitle }, source, charts);
  const csvOptions: CsvOptions = ctx.lang === 'en' ? { bom: true } : { delimiter: ';', decimalSeparator: ',', bom: true };
  const csv = new TextEncoder().encode(toCsv(built.header, built.rows, csvOptions));
  const base = `ponte-${kind}-${ctx.today}`;
  const attachments: Attachment[] = [
    { kind: 'image', filename: `${base}.png`, mimeType: 'image/png', bytes: built.chart, caption: title },
    { kind: 'document', filename: `${base}.csv`, mimeType: 'text/csv', bytes: csv },
  ];
  const text = [`${title}\n${subtitle}`, ...built.lines, t('coordinator:report.attached')].join('\n\n');
  return { text, attachments };
}

type BuildContext = ReportContext & { num: (n: number) => string; title: string; subtitle: string };
type Builder = (ctx: BuildContext, source: ReportSource, charts: ChartRenderer) => Promise<Built>;

const STATUS_COLUMNS = ['notActivated', 'activated', 'inProgress', 'concluded', 'ceased', 'total'] as const;

const BUILDERS: Record<ReportKind, Builder> = {
  async status(ctx, source, charts) {
    const { t } = ctx;
    const { rows, total } = internshipStatusTable(await source.internships(ctx.scope));
    const line = (r: StatusRow, name: string) => t('coordinator:report.status.line', { ...r, province: name });
    const lines = rows.length ? [[...rows.map((r) => line(r, r.province)), line(total, t('coordinator:report.total'))].join('\n'), t('coordinator:report.status.note')] : [t('coordinator:report.empty')];
    // Stacked bars may only use statuses that do not overlap: "activated" is the sum of the last three.
    const stack = ['notActivated', 'inProgress', 'concluded', 'ceased'] as const;
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => r.province),
      series: stack.map((k) => ({ label: t(`coordinator:status.${k}`), values: rows.map((r) => r[k]), color: STATUS_COLOURS[k] })),
      stacked: true,
      horizontal: true,
      locale: ctx.lang,
    });
    const header = [t('coordinator:report.province'), ...STATUS_COLUMNS.map((k) => t(`coordinator:status.${k}`))];
    const csvRows = [...rows, { ...total, province: t('coordinator:report.total') }].map((r) => [r.province, ...STATUS_COLUMNS.map((k) => r[k])]);
    return { lines, chart, header, rows: csvRows };
  },

  async outcomes(ctx, source, charts) {
    const { t } = ctx;
    const rules = await source.rules();
    const rows = employmentOutcomes(await source.followUps(ctx.scope, ctx.today), rules.followUpMonths);
    const lines = [rows.map((r) => t('coordinator:report.outcomes.line', { count: r.months, employed: r.employed, due: r.due, percent: ctx.num(r.percent), open: r.due - r.answered })).join('\n'), t('coordinator:report.outcomes.note')];
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => t('coordinator:report.outcomes.after', { count: r.months })),
      series: [{ label: t('coordinator:report.outcomes.series'), values: rows.map((r) => r.percent), color: STATUS_COLOURS.concluded }],
      valueSuffix: '%',
      locale: ctx.lang,
    });
    const header = ['months', 'due', 'answered', 'employed', 'percent'].map((c) => t(`coordinator:csv.${c}`));
    return { lines, chart, header, rows: rows.map((r) => [r.months, r.due, r.answered, r.employed, r.percent]) };
  },

  async ateco(ctx, source, charts) {
    const { t } = ctx;
    const rows = hostCompaniesByAteco(await source.internships(ctx.scope));
    const name = (s: string) => `${s} – ${t(`coordinator:ateco.${/^[A-U]$/.test(s) ? s : 'other'}`)}`;
    const lines = rows.length ? [rows.map((r) => t('coordinator:report.ateco.line', { section: name(r.section), companies: r.companies, internships: r.internships })).join('\n')] : [t('coordinator:report.empty')];
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
    return { lines, chart, header, rows: rows.map((r) => [r.section, t(`coordinator:ateco.${/^[A-U]$/.test(r.section) ? r.section : 'other'}`), r.companies, r.internships]) };
  },

  async hours(ctx, source, charts) {
    const { t } = ctx;
    const rows = hoursByArea(await source.hours(ctx.scope), await source.rules());
    const lines = [rows.map((r) => t('coordinator:report.hours.line', { area: t(`coordinator:area.${r.area}`), average: ctx.num(r.average), cap: ctx.num(r.cap), delivered: ctx.num(r.delivered), people: r.beneficiaries })).join('\n')];
    const over = rows.reduce((a, r) => a + r.overCap, 0);
    lines.push(over ? t('coordinator:report.hours.overCap', { count: over }) : t('coordinator:report.hours.withinCaps'));
    const chart = await charts.bar({
      title: ctx.title,
      subtitle: ctx.subtitle,
      categories: rows.map((r) => t(`coordinator:area.${r.area}`)),
      series: [
        { label: t('coordinator:report.hours.averageSeries'), values: rows.map((r) => r.average), color: '#0072B2' },
        { label: t('coordinator:report.hours.capSeries'), values: rows.map((r) => r.cap), color: '#8A8F98' },
      ],
      horizontal: true,
      valueSuffix: ' h',
      locale: ctx.lang,
    });
    const header = ['area', 'delivered', 'beneficiaries', 'average', 'cap', 'planned', 'overCap'].map((c) => t(`coordinator:csv.${c}`));
    return { lines, chart, header, rows: rows.map((r) => [t(`coordinator:area.${r.area}`), r.delivered, r.beneficiaries, r.average, r.cap, r.planned, r.overCap]) };
  },

  async funnel(ctx, source, charts) {
    const { t } = ctx;
    const f = clearanceFunnel(await source.internships(ctx.scope));
    const lines = [
      [
        t('coordinator:report.funnel.requested', { n: f.requested }),
        t('coordinator:report.funnel.granted', { n: f.granted, percent: ctx.num(percent(f.granted, f.requested)) }),
        t('coordinator:report.funnel.started', { n: f.started, percent: ctx.num(percent(f.started, f.granted)) }),
        t('coordinator:report.funnel.cancelled', { n: f.cancelled, percent: ctx.num(percent(f.cancelled, f.granted)) }),
        t('coordinator:report.funnel.waiting', { n: f.waiting }),
      ].join('\n'),
    ];
    const steps = (['requested', 'granted', 'started', 'cancelled'] as const).map((k, i) => ({ label: t(`coordinator:funnel.${k}`), value: f[k], color: FUNNEL_COLOURS[i], shareOf: i >= 2 ? 1 : undefined }));
    const chart = await charts.funnel({ title: ctx.title, subtitle: ctx.subtitle, steps, locale: ctx.lang });
    const header = [t('coordinator:csv.step'), t('coordinator:csv.count')];
    return { lines, chart, header, rows: [...steps.map((s) => [s.label, s.value]), [t('coordinator:funnel.waiting'), f.waiting]] };
  },
};
