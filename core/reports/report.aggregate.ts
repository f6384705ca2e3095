/**
 * The figures of the coordinator reports, computed from plain rows (pure, so they are tested on their
 * own). Definitions follow ../shared/DOMAIN.md:
 * - the status table counts internships with a clearance (Nulla Osta) granted; "activated" is in
 *   progress + concluded + ceased, and total = not activated + activated (Torino: 23 + 106 + 62 = 191
 *   activated, 71 + 191 = 262). An internship stored as `activated` (started, not yet reported as in
 *   progress) counts as in progress, so the identity always holds;
 * - the funnel is requested → granted → started → cancelled after the clearance (granted = started +
 *   cancelled once every granted internship is decided);
 * - employment outcomes are shares of the follow-ups that are due (PUOI/Percorsi report them against
 *   concluded internships: 419 of 1,782 = 23.5% at 3 months).
 */
import type { ProgrammeRules, ServiceArea } from '../programme/programme';
import type { FollowUpFact, HoursFacts, InternshipFact } from './report.ports';

export interface StatusRow {
  province: string;
  notActivated: number;
  activated: number;
  inProgress: number;
  concluded: number;
  ceased: number;
  total: number;
}

const STARTED = new Set(['activated', 'in_progress', 'concluded', 'ceased']);
const NOT_STARTED = new Set(['not_activated', 'cancelled', 'clearance_granted']);
const CLEARANCE_ASKED = new Set(['requested', 'granted', 'refused']);

/** Rows per province (alphabetical) and a last row with the totals (province = ''). */
export function internshipStatusTable(facts: readonly InternshipFact[]): { rows: StatusRow[]; total: StatusRow } {
  const by = new Map<string, StatusRow>();
  const empty = (province: string): StatusRow => ({ province, notActivated: 0, activated: 0, inProgress: 0, concluded: 0, ceased: 0, total: 0 });
  for (const f of facts) {
    if (f.clearanceStatus !== 'granted') continue;
    const row = by.get(f.province) ?? empty(f.province);
    if (f.status === 'activated' || f.status === 'in_progress') row.inProgress++;
    else if (f.status === 'concluded') row.concluded++;
    else if (f.status === 'ceased') row.ceased++;
    else if (NOT_STARTED.has(f.status)) row.notActivated++;
    else continue;
    by.set(f.province, row);
  }
  const rows = [...by.values()].sort((a, b) => a.province.localeCompare(b.province, 'it'));
  const total = empty('');
  for (const r of rows) {
    r.activated = r.inProgress + r.concluded + r.ceased;
    r.total = r.notActivated + r.activated;
    for (const k of ['notActivated', 'activated', 'inProgress', 'concluded', 'ceased', 'total'] as const) total[k] += r[k];
  }
  return { rows, total };
}

export interface FunnelFigures {
  requested: number;
  granted: number;
  started: number;
  cancelled: number;
  /** Granted but neither started nor cancelled yet. */
  waiting: number;
}

export function clearanceFunnel(facts: readonly InternshipFact[]): FunnelFigures {
  const f: FunnelFigures = { requested: 0, granted: 0, started: 0, cancelled: 0, waiting: 0 };
  for (const x of facts) {
    if (!CLEARANCE_ASKED.has(x.clearanceStatus)) continue;
    f.requested++;
    if (x.clearanceStatus !== 'granted') continue;
    f.granted++;
    if (STARTED.has(x.status)) f.started++;
    else if (x.status === 'cancelled') f.cancelled++;
    else f.waiting++;
  }
  return f;
}

export interface OutcomeRow {
  months: number;
  /** Follow-ups due (the denominator). */
  due: number;
  answered: number;
  employed: number;
  /** employed / due, in percent with one decimal; 0 when nothing is due. */
  percent: number;
}

export function employmentOutcomes(facts: readonly FollowUpFact[], months: readonly number[]): OutcomeRow[] {
  return months.map((m) => {
    const due = facts.filter((f) => f.monthsAfter === m);
    const answered = due.filter((f) => f.status === 'answered');
    const employed = answered.filter((f) => f.employed === true).length;
    return { months: m, due: due.length, answered: answered.length, employed, percent: percent(employed, due.length) };
  });
}

export interface AtecoRow {
  section: string;
  companies: number;
  internships: number;
}

/** Host companies (distinct names, case-insensitive) per ATECO section, of internships that started. */
export function hostCompaniesByAteco(facts: readonly InternshipFact[]): AtecoRow[] {
  const by = new Map<string, { companies: Set<string>; internships: number }>();
  for (const f of facts) {
    if (!STARTED.has(f.status) || !f.atecoSection || !f.hostCompany) continue;
    const section = f.atecoSection.trim().toUpperCase();
    const e = by.get(section) ?? { companies: new Set<string>(), internships: 0 };
    e.companies.add(f.hostCompany.trim().toLowerCase());
    e.internships++;
    by.set(section, e);
  }
  return [...by.entries()]
    .map(([section, e]) => ({ section, companies: e.companies.size, internships: e.internships }))
    .sort((a, b) => b.companies - a.companies || a.section.localeCompare(b.section));
}

export interface HoursRow {
  area: ServiceArea;
  /** Hours delivered in total. */
  delivered: number;
  /** Beneficiaries who received hours in the area. */
  beneficiaries: number;
  /** Average hours per beneficiary who received any. */
  average: number;
  /** The programme's cap per beneficiary. */
  cap: number;
  /** Hours planned in total (sum of the paths' plans). */
  planned: number;
  /** Paths above the cap (should be 0: the tutor flow refuses it). */
  overCap: number;
}

export function hoursByArea(facts: HoursFacts, rules: ProgrammeRules): HoursRow[] {
  return rules.serviceAreas.map((rule) => {
    const perPath = new Map<string, number>();
    for (const h of facts.delivered) if (h.area === rule.area) perPath.set(h.pathId, (perPath.get(h.pathId) ?? 0) + h.hours);
    const delivered = round1([...perPath.values()].reduce((a, b) => a + b, 0));
    const planned = round1(facts.planned.filter((p) => p.area === rule.area).reduce((a, p) => a + p.plannedHours, 0));
    return {
      area: rule.area,
      delivered,
      beneficiaries: perPath.size,
      average: perPath.size ? round1(delivered / perPath.size) : 0,
      cap: rule.capHours,
      planned,
      overCap: [...perPath.values()].filter((h) => h > rule.capHours + 1e-9).length,
    };
  });
}

export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
