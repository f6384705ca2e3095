/**
 * The path, as the beneficiary reads it: the PUOI phases with their status, the hours done and
 * planned per service area, what each phase means, what to bring or do, and the next step; the
 * internship (host company, dates, months done) and the tutor with how to reach them. Pure.
 */
import type { TurnContext } from '../conversation/flow';
import type { PathPhase, ServiceArea } from '../programme/programme';
import { localDate } from '../time/zoned-time';
import type { PathOverview, PhaseStatus } from './beneficiary.ports';
import { formatDay, formatHours, plural } from './locale-format';

type Reader = Pick<TurnContext, 't' | 'lang'>;

const ICON: Record<PhaseStatus, string> = { done: '✅', in_progress: '🔄', not_started: '⚪' };

/** The service area whose hours a phase delivers (educational tutoring runs along the internship). */
export const PHASE_AREA: Record<PathPhase, ServiceArea> = {
  reception: 'reception',
  specialist_orientation: 'specialist_orientation',
  internship: 'tutoring',
  job_orientation: 'job_orientation',
};

/** Which "next step" text applies: the first phase not done, refined by the internship's state. */
export function nextStepKey(p: PathOverview): string {
  const status = (phase: PathPhase) => p.phases.find((x) => x.phase === phase)?.status ?? 'not_started';
  const i = p.internship;
  if (status('reception') !== 'done') return 'reception';
  if (i && (i.status === 'cancelled' || i.status === 'ceased') && status('job_orientation') !== 'in_progress') return 'talkToTutor';
  if (status('internship') === 'not_started') {
    // The clearance is asked once the PFI is ready, so its state says more than the orientation's.
    if (i?.clearanceStatus === 'refused' || i?.status === 'clearance_refused') return 'clearanceRefused';
    if (i?.status === 'cancelled') return 'talkToTutor';
    if (i?.clearanceStatus === 'requested' || i?.status === 'clearance_requested') return 'clearanceWait';
    return status('specialist_orientation') === 'done' ? 'findCompany' : 'orientation';
  }
  if (status('specialist_orientation') !== 'done') return 'orientation';
  if (status('internship') === 'in_progress') return 'internship';
  if (status('job_orientation') !== 'done') return 'jobSearch';
  return 'done';
}

/** Whole months from `from` to `to` (YYYY-MM-DD), never negative. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

function hoursLine(r: Reader, area: ServiceArea, p: PathOverview): string | undefined {
  const a = p.areas.find((x) => x.area === area);
  if (!a) return undefined;
  return r.t('beneficiary:path.hours', { area: r.t(`beneficiary:area.${area}`), done: formatHours(a.doneHours, r.lang), planned: formatHours(a.plannedHours, r.lang) });
}

/** The overview screen: one line per phase, hours per area, the next step. */
export function pathOverviewText(r: Reader, p: PathOverview): string {
  const lines = [r.t('beneficiary:path.title', { programme: p.programmeCode, date: formatDay(p.startDate, r.lang) }), ''];
  for (const ph of p.phases) lines.push(r.t('beneficiary:path.phaseLine', { icon: ICON[ph.status], phase: r.t(`beneficiary:phase.${ph.phase}.name`), status: r.t(`beneficiary:status.${ph.status}`) }));
  lines.push('', r.t('beneficiary:path.hoursTitle'));
  for (const a of p.areas) {
    const line = hoursLine(r, a.area, p);
    if (line) lines.push(line);
  }
  lines.push('', r.t('beneficiary:path.next', { next: r.t(`beneficiary:next.${nextStepKey(p)}`) }));
  return lines.join('\n');
}

/** One phase: status and dates, hours, what it means, what to bring or do (and the internship's facts). */
export function phaseDetailText(r: Reader, p: PathOverview, phase: PathPhase, now: Date, tz: string): string {
  const ph = p.phases.find((x) => x.phase === phase);
  const status = ph?.status ?? 'not_started';
  const lines = [`${ICON[status]} ${r.t(`beneficiary:phase.${phase}.name`)}`, r.t('beneficiary:path.status', { status: r.t(`beneficiary:status.${status}`) })];
  if (ph?.startDate) lines.push(r.t(ph.endDate ? 'beneficiary:path.datesFromTo' : 'beneficiary:path.datesFrom', { from: formatDay(ph.startDate, r.lang), to: formatDay(ph.endDate, r.lang) }));
  const hours = hoursLine(r, PHASE_AREA[phase], p);
  if (hours) lines.push(hours);
  if (phase === 'internship' && p.internship) lines.push('', internshipText(r, p, now, tz));
  lines.push('', r.t('beneficiary:path.meaning', { text: r.t(`beneficiary:phase.${phase}.meaning`) }), '', r.t('beneficiary:path.todo', { text: r.t(`beneficiary:phase.${phase}.todo`) }));
  return lines.join('\n');
}

function internshipText(r: Reader, p: PathOverview, now: Date, tz: string): string {
  const i = p.internship!;
  const lines = [r.t('beneficiary:internship.state', { status: r.t(`beneficiary:internship.status.${i.status}`) })];
  if (i.hostCompany) lines.push(r.t('beneficiary:internship.host', { company: i.hostCompany }));
  if (i.startDate) lines.push(r.t('beneficiary:internship.start', { date: formatDay(i.startDate, r.lang) }));
  if (i.plannedEndDate) lines.push(r.t('beneficiary:internship.plannedEnd', { date: formatDay(i.plannedEndDate, r.lang) }));
  if (i.endDate) lines.push(r.t('beneficiary:internship.end', { date: formatDay(i.endDate, r.lang) }));
  if (i.startDate) {
    const until = i.endDate ?? localDate(now, tz);
    lines.push(plural(r, 'beneficiary:internship.monthsDone', monthsBetween(i.startDate, until)));
  }
  return lines.join('\n');
}

/** The tutor's name and how to reach them. */
export function tutorText(r: Reader, p: PathOverview): string {
  if (!p.tutor) return r.t('beneficiary:tutor.none');
  const lines = [r.t('beneficiary:tutor.name', { name: p.tutor.fullName })];
  if (p.entityName) lines.push(r.t('beneficiary:tutor.entity', { entity: p.entityName }));
  if (p.tutor.phone) lines.push(r.t('beneficiary:tutor.phone', { phone: p.tutor.phone }));
  if (p.tutor.email) lines.push(r.t('beneficiary:tutor.email', { email: p.tutor.email }));
  lines.push('', r.t('beneficiary:tutor.writeHint'));
  return lines.join('\n');
}
