/**
 * Builds one coordinator report as a single message: a readable summary (at most MAX_TEXT_ROWS rows,
 * the rest in the file), a PNG chart and a CSV file (semicolon-separated with a BOM, so Italian and
 * French Excel open it as columns; comma for English).
 */
import type { Attachment, OutgoingMessage } from '../messages';
import type { TranslationParams } from '../ports/translator';
import type { CoordinatorScope } from '../coordinator/coordinator-scope';
import { toCsv, type CsvOptions } from './csv';
import type { ChartRenderer, ReportKind, ReportSource } from './report.ports';
import { REPORT_BUILDERS } from './report.builders';
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

/** CSV options per language: Excel in Italian, French... expects `;` and decimal commas. */
export function csvOptionsFor(lang: string): CsvOptions {
  return lang === 'en' ? { bom: true } : { delimiter: ';', decimalSeparator: ',', bom: true };
}

export async function buildReport(kind: ReportKind, ctx: ReportContext, source: ReportSource, charts: ChartRenderer): Promise<OutgoingMessage> {
  const { t } = ctx;
  const nf = new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 1 });
  const num = (n: number) => nf.format(n);
  // A national status table is by region (107 provinces do not fit a phone).
  const title = t(kind === 'status' && ctx.scope.region === null ? 'coordinator:report.status.titleNational' : `coordinator:report.${kind}.title`);
  const subtitle = t(ctx.scopeLabel ? 'coordinator:report.subtitle' : 'coordinator:report.subtitleNational', { scope: ctx.scopeLabel, date: formatDay(ctx.today, ctx.lang) });
  // The chart font has no emoji: the chart title starts at the first letter.
  const chartTitle = title.replace(/^[^\p{L}\p{N}]+/u, '');
  const built = await REPORT_BUILDERS[kind]({ ...ctx, num, title: chartTitle, subtitle }, source, charts);
  const csv = new TextEncoder().encode(toCsv(built.header, built.rows, csvOptionsFor(ctx.lang)));
  const base = `ponte-${kind}-${ctx.today}`;
  const attachments: Attachment[] = [
    { kind: 'image', filename: `${base}.png`, mimeType: 'image/png', bytes: built.chart, caption: title },
    { kind: 'document', filename: `${base}.csv`, mimeType: 'text/csv', bytes: csv },
  ];
  const text = [`${title}\n${subtitle}`, ...built.lines, t('coordinator:report.attached')].join('\n\n');
  return { text, attachments };
}
