/**
 * "My data": what is stored about the person, as a screen in their language and as files to keep
 * (JSON for any program, and the same readable summary as text). Pure: bytes are built in memory.
 */
import type { Attachment } from '../messages';
import type { TurnContext } from '../conversation/flow';
import { LANGUAGES } from '../languages';
import type { MyData } from './beneficiary.ports';
import { formatDay, formatHours, plural } from './locale-format';

type Reader = Pick<TurnContext, 't' | 'lang'>;

/** The readable summary (also the .txt file). */
export function myDataText(r: Reader, d: MyData): string {
  const dash = '—';
  const p = d.person;
  const lines = [r.t('beneficiary:data.title'), ''];
  lines.push(r.t('beneficiary:data.name', { value: p.fullName }));
  lines.push(r.t('beneficiary:data.code', { value: p.code }));
  lines.push(r.t('beneficiary:data.language', { value: LANGUAGES.find((l) => l.code === p.language)?.nativeName ?? p.language }));
  lines.push(r.t('beneficiary:data.phone', { value: p.phone ?? dash }));
  lines.push(r.t('beneficiary:data.email', { value: p.email ?? dash }));
  if (d.profile) {
    lines.push(r.t('beneficiary:data.category', { value: r.t(`beneficiary:category.${d.profile.category}`) }));
    lines.push(r.t('beneficiary:data.organisation', { entity: d.profile.entity, province: d.profile.province }));
    if (d.profile.tutor) lines.push(r.t('beneficiary:data.tutor', { value: d.profile.tutor }));
    if (d.profile.nationality) lines.push(r.t('beneficiary:data.nationality', { value: d.profile.nationality }));
  }
  const path = d.paths.at(-1);
  if (path) {
    const hours = path.hourEntries.reduce((s, h) => s + h.hours, 0);
    lines.push(r.t('beneficiary:data.path', { date: formatDay(path.startDate, r.lang), hours: formatHours(hours, r.lang) }));
  }
  lines.push(plural(r, 'beneficiary:data.appointments', d.appointments.length));
  lines.push(plural(r, 'beneficiary:data.messages', d.messages.length));
  lines.push(r.t('beneficiary:data.chats', { value: [...new Set(d.chatAccounts.map((a) => a.channel))].join(', ') || dash }));
  lines.push(r.t(p.remindersEnabled ? 'beneficiary:data.remindersOn' : 'beneficiary:data.remindersOff'));
  lines.push('', r.t('beneficiary:data.who'));
  return lines.join('\n');
}

/** The export: ponte-data-<code>-<date>.json (all fields) and .txt (the summary above). */
export function exportFiles(r: Reader, d: MyData, now: Date): Attachment[] {
  const day = now.toISOString().slice(0, 10);
  const base = `ponte-data-${d.person.code}-${day}`;
  const json = JSON.stringify({ exportedAt: now.toISOString(), format: 'ponte-personal-data/1', ...d }, null, 2);
  const enc = new TextEncoder();
  return [
    { kind: 'document', filename: `${base}.json`, mimeType: 'application/json', bytes: enc.encode(json), caption: r.t('beneficiary:data.fileJson') },
    // A BOM so that Notepad and phone viewers pick UTF-8 for Arabic, Bengali or Tigrinya text.
    { kind: 'document', filename: `${base}.txt`, mimeType: 'text/plain; charset=utf-8', bytes: enc.encode(`\uFEFF${myDataText(r, d)}\n`), caption: r.t('beneficiary:data.fileTxt') },
  ];
}
