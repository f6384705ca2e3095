/**
 * The digest's full lists as CSV files (the message shows the first names of each block): one row per
 * item, with the block it belongs to. Split into files of at most MAX_FILE_BYTES, so every message
 * stays within the channels' limits (Teams: about 100 KB, a file sent inline grows by a third).
 */
import type { Attachment } from '../messages';
import type { TranslationParams } from '../ports/translator';
import { toCsvParts, type CsvCell } from '../reports/csv';
import { csvOptionsFor } from '../reports/report.build';
import { localDate } from '../time/zoned-time';
import { blocksOf, type DigestBlock, type DigestItems, type DigestQuery, type DigestSource } from './digest.ports';

export const MAX_FILE_BYTES = 60_000;
/** Items read per query while collecting a whole list. */
const BATCH = 500;

type T = (key: string, params?: TranslationParams) => string;

/** YYYY-MM-DD HH:MM in the coordinator's time zone: a spreadsheet sorts it. */
const stamp = (at: Date, tz: string) => `${localDate(at, tz)} ${new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: tz }).format(at)}`;

function row<B extends DigestBlock>(t: T, block: B, item: DigestItems[B], tz: string): CsvCell[] {
  const section = t(`coordinator:digest.${block}.short`);
  const none = t('coordinator:digest.noTutor');
  const it = item as DigestItems[DigestBlock];
  switch (block) {
    case 'declined': {
      const d = it as DigestItems['declined'];
      return [section, d.beneficiary.fullName, d.beneficiary.code, d.tutor?.fullName ?? none, stamp(d.startsAt, tz), null];
    }
    case 'unreachable': {
      const u = it as DigestItems['unreachable'];
      return [section, u.beneficiary.fullName, u.beneficiary.code, u.channel, stamp(u.since, tz), null];
    }
    case 'endingSoon': {
      const e = it as DigestItems['endingSoon'];
      return [section, e.beneficiary.fullName, e.beneficiary.code, e.tutor?.fullName ?? none, e.endDate, e.days];
    }
    case 'clearances': {
      const c = it as DigestItems['clearances'];
      return [section, c.beneficiary.fullName, c.beneficiary.code, c.entity, c.requestedOn, c.days];
    }
    case 'followUps': {
      const f = it as DigestItems['followUps'];
      return [section, f.tutor?.fullName ?? none, f.tutor?.code ?? null, null, f.oldestDue, f.count];
    }
    case 'missingReports': {
      const m = it as DigestItems['missingReports'];
      return [section, m.tutor.fullName, m.tutor.code, null, null, m.beneficiaries];
    }
    default: {
      const i = it as DigestItems['inactive'];
      return [section, i.beneficiary.fullName, i.beneficiary.code, null, null, i.days];
    }
  }
}

/** Every item of every non-empty block, as CSV attachments (none when the digest is empty). */
export async function digestCsvFiles(t: T, source: DigestSource, q: DigestQuery, o: { lang: string; timezone: string }): Promise<Attachment[]> {
  const rows: CsvCell[][] = [];
  for (const block of blocksOf(q.kind)) {
    for (let offset = 0; ; offset += BATCH) {
      const slice = await source.page(q, block, { offset, limit: BATCH });
      rows.push(...slice.items.map((item) => row(t, block, item, o.timezone)));
      if (offset + BATCH >= slice.total || slice.items.length === 0) break;
    }
  }
  if (rows.length === 0) return [];
  const header = ['section', 'name', 'code', 'detail', 'date', 'number'].map((c) => t(`coordinator:digestCsv.${c}`));
  const parts = toCsvParts(header, rows, csvOptionsFor(o.lang), MAX_FILE_BYTES);
  const base = `ponte-${q.kind === 'daily' ? 'urgent' : 'summary'}-${q.today}`;
  return parts.map((text, i) => ({ kind: 'document', filename: parts.length > 1 ? `${base}-${i + 1}.csv` : `${base}.csv`, mimeType: 'text/csv', bytes: new TextEncoder().encode(text) }));
}
