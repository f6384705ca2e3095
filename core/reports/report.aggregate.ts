/**
 * The figures of the coordinator reports, from counts (pure, so they are tested on their own).
 * Definitions follow ../shared/DOMAIN.md:
 * - the status table counts internships with a clearance (Nulla Osta) granted: not activated (granted,
 *   waiting to start), cancelled after the clearance (their own column: they will never start), and
 *   activated = in progress + concluded + ceased (Torino: 23 + 106 + 62 = 191); total = not activated +
 *   cancelled + activated. An internship stored as `activated` (started, not yet reported as in
 *   progress) counts as in progress, so the identity always holds;
 * - the funnel: requested → granted / refused / pending a decision; granted → started / cancelled /
 *   waiting to start;
 * - employment outcomes are shares of the follow-ups that are due (PUOI/Percorsi report them against
 *   concluded internships: 419 of 1,782 = 23.5% at 3 months). A share of nothing is null, not 0.
 */
import type { ProgrammeRules, ServiceArea } from '../programme/programme';
import type { AreaHours, AtecoCount, FollowUpCount, InternshipCount } from './report.ports';

export interface StatusRow {
  province: string;
  notActivated: number;
  cancelled: number;
  activated: number;
  inProgress: number;
  concluded: number;
  ceased: number;
  total: number;
}

export const STATUS_COLUMNS = ['notActivated', 'cancelled', 'activated', 'inProgress', 'concluded', 'ceased', 'total'] as const;

const STARTED = new Set(['activated', 'in_progress', 'concluded', 'ceased']);
const WAITING = new Set(['not_activated', 'clearance_granted']);

/**
 * Rows per place (alphabetical) and a total row (province = ''). `placeOf` groups provinces, e.g.
 * into regions for a national coordinator.
 */
export function internshipStatusTable(facts: readonly InternshipCount[], placeOf: (province: string) => string = (p) => p): { rows: StatusRow[]; total: StatusRow } {
  const by = new Map<string, StatusRow>();
  const empty = (province: string): StatusRow => ({ province, notActivated: 0, cancelled: 0, activated: 0, inProgress: 0, concluded: 0, ceased: 0, total: 0 });
  for (const f of facts) {
    if (f.clearanceStatus !== 'granted') continue;
    const column = f.status === 'activated' || f.status === 'in_progress' ? 'inProgress' : f.status === 'concluded' ? 'concluded' : f.status === 'ceased' ? 'ceased' : f.status === 'cancelled' ? 'cancelled' : WAITING.has(f.status) ? 'notActivated' : null;
    if (!column) continue;
    const place = placeOf(f.province);
    const row = by.get(place) ?? empty(place);
    row[column] += f.count;
    by.set(place, row);
  }
  const rows = [...by.values()].sort((a, b) => a.province.localeCompare(b.province, 'it'));
  const total = empty('');
  for (const r of rows) {
    r.activated = r.inProgress + r.concluded + r.ceased;
    r.total = r.notActivated + r.cancelled + r.activated;
    for (const k of STATUS_COLUMNS) total[k] += r[k];
  }
  return { rows, total };
}

export interface FunnelFigures {
  requested: number;
  granted: number;
  refused: number;
  /** Requested, no decision yet. */
  pending: number;
  started: number;
  cancelled: number;
  /** Granted but neither started nor cancelled yet. */
  waiting: number;
}

export function clearanceFunnel(facts: readonly InternshipCount[]): FunnelFigures {
  const f: FunnelFigures = { requested: 0, granted: 0, refused: 0, pending: 0, started: 0, cancelled: 0, waiting: 0 };
  for (const x of facts) {
    if (x.clearanceStatus === 'refused') f.refused += x.count;
    else if (x.clearanceStatus === 'requested') f.pending += x.count;
    else if (x.clearanceStatus === 'granted') {
      f.granted += x.count;
      if (STARTED.has(x.status)) f.started += x.count;
      else if (x.status === 'cancelled') f.cancelled += x.count;
      else f.waiting += x.count;
    } else continue;
    f.requested += x.count;
  }
  return f;
}

export interface OutcomeRow {
  months: number;
  /** Follow-ups due (the denominator). */
  due: number;
  answered: number;
  employed: number;
  /** employed / due, in percent with one decimal; null when nothing is due. */
  percent: number | null;
}

export function employmentOutcomes(facts: readonly FollowUpCount[], months: readonly number[]): OutcomeRow[] {
  return months.map((m) => {
    const of = facts.filter((f) => f.monthsAfter === m);
    const sum = (list: readonly FollowUpCount[]) => list.reduce((a, f) => a + f.count, 0);
    const due = sum(of);
    const answered = sum(of.filter((f) => f.status === 'answered'));
    const employed = sum(of.filter((f) => f.status === 'answered' && f.employed === true));
    return { months: m, due, answered, employed, percent: percent(employed, due) };
  });
}

/** Sections with the most companies first. */
export function hostCompaniesByAteco(facts: readonly AtecoCount[]): AtecoCount[] {
  return [...facts].sort((a, b) => b.companies - a.companies || a.section.localeCompare(b.section));
}

export interface HoursRow {
  area: ServiceArea;
  /** Hours delivered in total. */
  delivered: number;
  /** Beneficiaries (paths) who received hours in the area. */
  beneficiaries: number;
  /** Average hours per beneficiary who received any; null when nobody did. */
  average: number | null;
  /** The programme's cap per beneficiary. */
  cap: number;
  /** Hours planned in total (sum of the paths' plans). */
  planned: number;
  /** Paths above the cap (should be 0: the tutor flow refuses it). */
  overCap: number;
}

/** One row per service area of the programme, in the programme's order. */
export function hoursByArea(facts: readonly AreaHours[], rules: ProgrammeRules): HoursRow[] {
  return rules.serviceAreas.map((rule) => {
    const f = facts.find((x) => x.area === rule.area);
    const delivered = round1(f?.delivered ?? 0);
    const people = f?.paths ?? 0;
    return { area: rule.area, delivered, beneficiaries: people, average: people ? round1(delivered / people) : null, cap: rule.capHours, planned: round1(f?.planned ?? 0), overCap: f?.overCap ?? 0 };
  });
}

/** part / whole in percent with one decimal; null when the whole is empty. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
