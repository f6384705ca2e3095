/**
 * The national demo as plain data, computed from a seeded generator (no I/O): entities in every
 * province, their tutors, a coordinator per region and a national one, 4,500 beneficiaries with their
 * paths (bot/seed/path-history.ts) shaped like national.figures.ts. The same `now` gives the same plan.
 */
import { PROVINCES, type Province } from '../../core/programme/provinces';
import { addLocalDays } from '../../core/time/zoned-time';
import { pathHistory, type PathRows, type PathStory, type StoryStatus } from './path-history';
import { apportion, createRng, type Rng } from './prng';
import * as F from './national.figures';
import { COMPANY_PATTERNS, ENTITY_NAME_PATTERNS, ENTITY_WORDS, ITALIAN_FIRST, ITALIAN_LAST, ITALIAN_SHARE, LEGAL_FORMS, ORIGINS } from './national.names';

export interface PlannedEntity { id: string; code: string; name: string; type: string; province: string; region: string }
export interface PlannedStaff { id: string; code: string; fullName: string; role: 'tutor' | 'coordinator' | 'admin'; entityId: string | null; region: string | null; phone: string | null }
export interface PlannedAccount { id: string; externalId: string; seenAt: Date; unreachableAt: Date | null }
export interface PlannedBeneficiary {
  id: string;
  code: string;
  fullName: string;
  language: string;
  category: string;
  entityId: string;
  tutorId: string;
  province: string;
  rows: PathRows;
  account: PlannedAccount | null;
}
export interface NationalPlan {
  entities: PlannedEntity[];
  staff: PlannedStaff[];
  beneficiaries: PlannedBeneficiary[];
}

const DAY = 86_400_000;
/** Ids like Prisma's cuids (lower-case letters and digits), derived from the codes. */
const idOf = (code: string) => `nat${code.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
const code4 = (prefix: string, n: number) => `${prefix}-${String(n).padStart(4, '0')}`;
const ONGOING: readonly StoryStatus[] = ['none', 'clearance_requested', 'clearance_granted', 'not_activated', 'activated', 'in_progress'];
const OVER: readonly StoryStatus[] = ['concluded', 'ceased', 'cancelled', 'clearance_refused'];

export function planNational(now: Date, programmeId: string): NationalPlan {
  const rng = createRng(F.NATIONAL_SEED);
  const provinces = [...PROVINCES];
  const weights = provinces.map((p) => (F.REGION_WEIGHTS[p.region] ?? 1) * (F.REGIONAL_CAPITALS.has(p.name) ? F.CAPITAL_WEIGHT : 1) / regionFactor(p.region));
  const peoplePer = apportion(F.NATIONAL_COUNTS.beneficiaries, weights, 5);
  const entitiesPer = apportion(F.NATIONAL_COUNTS.entities, weights, 1);

  const entities: PlannedEntity[] = [];
  const staff: PlannedStaff[] = [];
  const slots: Array<{ entity: PlannedEntity; tutorIds: string[]; size: number }> = [];
  let tutorNo = 1001;
  provinces.forEach((p, pi) => {
    const sizes = apportion(peoplePer[pi]!, Array.from({ length: entitiesPer[pi]! }, () => 0.5 + rng.next()), 1);
    sizes.forEach((size, ei) => {
      const entity = makeEntity(rng, p, ei);
      entities.push(entity);
      const tutorIds: string[] = [];
      for (let k = 0; k < Math.ceil(size / F.CASELOAD); k++) {
        const code = code4('T', tutorNo++);
        staff.push({ id: idOf(code), code, fullName: italianName(rng), role: 'tutor', entityId: entity.id, region: null, phone: `+39 3${rng.int(20, 49)} 555 ${String(rng.int(0, 9999)).padStart(4, '0')}` });
        tutorIds.push(idOf(code));
      }
      slots.push({ entity, tutorIds, size });
    });
  });
  const regions = [...new Set(provinces.map((p) => p.region))];
  regions.forEach((region, i) => staff.push({ id: idOf(code4('C', 1001 + i)), code: code4('C', 1001 + i), fullName: italianName(rng), role: 'coordinator', entityId: null, region, phone: null }));
  staff.push({ id: idOf(code4('C', 1001 + regions.length)), code: code4('C', 1001 + regions.length), fullName: italianName(rng), role: 'coordinator', entityId: null, region: null, phone: null });
  staff.push({ id: idOf('A-1001'), code: 'A-1001', fullName: italianName(rng), role: 'admin', entityId: null, region: null, phone: null });

  const statuses = rng.shuffle(Object.entries(F.STATUS_COUNTS).flatMap(([s, n]) => Array<StoryStatus>(n).fill(s as StoryStatus)));
  const hosts = hostCompanies(rng, slots, statuses);
  const beneficiaries: PlannedBeneficiary[] = [];
  let no = 0;
  for (const slot of slots) {
    for (let k = 0; k < slot.size; k++, no++) {
      const code = code4('B', 1001 + no);
      const status = statuses[no]!;
      const origin = rng.weighted(ORIGINS.map((o) => [o, o.weight] as const));
      const [minAge, maxAge] = F.PATH_AGE_DAYS[status];
      const story: PathStory = {
        key: idOf(code),
        personId: idOf(code),
        tutorId: slot.tutorIds[k % slot.tutorIds.length]!,
        programmeId,
        province: slot.entity.province,
        status,
        pathAgeDays: rng.int(minAge, maxAge),
        host: hosts.get(no),
        ceaseReason: rng.weighted(F.CEASE_REASON_WEIGHTS),
        followUp: () => null,
        closeAfterDays: F.CLOSE_AFTER_DAYS,
        appointment: ONGOING.includes(status) ? appointmentFor(rng, slot.entity, now) : undefined,
      };
      beneficiaries.push({
        id: idOf(code),
        code,
        fullName: `${rng.pick(origin.first)} ${rng.pick(origin.last)}`,
        language: rng.chance(ITALIAN_SHARE) ? 'it' : origin.language,
        category: rng.weighted(F.CATEGORY_WEIGHTS),
        entityId: slot.entity.id,
        tutorId: story.tutorId,
        province: slot.entity.province,
        rows: pathHistory(story, now),
        account: null,
      });
    }
  }
  answerFollowUps(rng, beneficiaries, now);
  reportRecentHours(rng, beneficiaries, now);
  linkAccounts(rng, beneficiaries, statuses, now);
  return { entities, staff, beneficiaries };
}

function regionFactor(region: string): number {
  return PROVINCES.filter((p) => p.region === region).reduce((s, p) => s + (F.REGIONAL_CAPITALS.has(p.name) ? F.CAPITAL_WEIGHT : 1), 0);
}

function italianName(rng: Rng): string {
  return `${rng.pick(ITALIAN_FIRST)} ${rng.pick(ITALIAN_LAST)}`;
}

function makeEntity(rng: Rng, p: Province, index: number): PlannedEntity {
  const type = rng.weighted(F.ENTITY_TYPE_WEIGHTS);
  const name = rng.pick(ENTITY_NAME_PATTERNS[type]!).replace('{w}', rng.pick(ENTITY_WORDS)).replace('{p}', p.name);
  const code = `E-${p.code}-${101 + index}`;
  return { id: idOf(code), code, name: name.includes(p.name) ? name : `${name} ${p.name}`, type, province: p.name, region: p.region };
}

/** Host companies of the started internships: a pool per province and sector, each taking ~1.4 interns. */
function hostCompanies(rng: Rng, slots: Array<{ entity: PlannedEntity; size: number }>, statuses: StoryStatus[]): Map<number, { company: string; ateco: string }> {
  const started = new Set<StoryStatus>(['activated', 'in_progress', 'concluded', 'ceased']);
  const groups = new Map<string, number[]>();
  let no = 0;
  for (const slot of slots) {
    for (let k = 0; k < slot.size; k++, no++) {
      if (!started.has(statuses[no]!)) continue;
      const key = `${slot.entity.province}|${rng.weighted(F.ATECO_WEIGHTS)}`;
      groups.set(key, [...(groups.get(key) ?? []), no]);
    }
  }
  const out = new Map<number, { company: string; ateco: string }>();
  // Names are unique nationally, so the ATECO report's distinct companies are the companies planned.
  const names = new Set<string>();
  const uniqueName = (ateco: string, province: string): string => {
    const base = rng.pick(COMPANY_PATTERNS[ateco]!).replace('{s}', rng.pick(ITALIAN_LAST)).replace('{p}', province);
    const form = base.startsWith('Cooperativa') ? '' : rng.pick(LEGAL_FORMS);
    const candidates = [base, `${base} ${province}`, ...Array.from({ length: 50 }, (_, i) => `${base} ${province} ${i + 2}`)];
    const name = candidates.map((c) => (form ? `${c} ${form}` : c)).find((c) => !names.has(c.toLowerCase()))!;
    names.add(name.toLowerCase());
    return name;
  };
  for (const [key, members] of groups) {
    const [province, ateco] = key.split('|') as [string, string];
    const pool = Array.from({ length: Math.ceil(members.length / F.INTERNS_PER_COMPANY) }, () => uniqueName(ateco, province));
    for (const member of members) out.set(member, { company: rng.pick(pool), ateco });
  }
  return out;
}

const STREETS = ['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Corso Italia', 'Via Dante', 'Via Verdi', 'Piazza della Repubblica', 'Via Cavour'];

function appointmentFor(rng: Rng, entity: PlannedEntity, now: Date): PathStory['appointment'] {
  const declined = rng.chance(F.DECLINED_SHARE);
  return {
    inDays: rng.int(1, 10),
    hourUtc: rng.int(7, 14),
    minute: rng.pick([0, 30]),
    place: entity.name,
    address: `${rng.pick(STREETS)} ${rng.int(1, 180)}, ${entity.province}`,
    declinedAt: declined ? new Date(now.getTime() - rng.int(1, 72) * 3_600_000) : undefined,
  };
}

/**
 * The tutors' answers to the follow-ups due: employment like Percorsi's among all due (a latent
 * chance per person, so whoever works at 3 months tends to work at 6 and 12), 90 % answered, the
 * ones due in the last three weeks not answered yet.
 */
function answerFollowUps(rng: Rng, people: PlannedBeneficiary[], now: Date): void {
  const chance = new Map(people.map((p) => [p.id, rng.next()]));
  const recent = addLocalDays(now.toISOString().slice(0, 10), -F.RECENT_DUE_DAYS);
  for (const months of Object.keys(F.OUTCOME_RATES).map(Number)) {
    const due = people.flatMap((p) => p.rows.followUps.filter((f) => f.monthsAfter === months).map((f) => ({ p, f })));
    const answered = due.filter(({ f }) => (f.dueDate as string) <= recent && rng.chance(F.ANSWERED_SHARE)).sort((a, b) => chance.get(a.p.id)! - chance.get(b.p.id)!);
    const employed = Math.min(answered.length, Math.round(F.OUTCOME_RATES[months]! * due.length));
    answered.forEach(({ p, f }, i) => {
      Object.assign(f, { status: 'answered', employed: i < employed, contractType: i < employed ? rng.weighted(F.CONTRACT_WEIGHTS) : 'none', answeredAt: now, answeredById: p.tutorId });
    });
  }
}

/** Most tutors of internships under way reported hours this week: their latest tutoring entry moves to one of the last days. */
function reportRecentHours(rng: Rng, people: PlannedBeneficiary[], now: Date): void {
  const today = now.toISOString().slice(0, 10);
  for (const p of people) {
    if (!['activated', 'in_progress'].includes(String(p.rows.internship?.status)) || !rng.chance(F.REPORTED_THIS_WEEK_SHARE)) continue;
    const last = p.rows.hours.filter((h) => h.area === 'tutoring').at(-1);
    if (last) last.date = addLocalDays(today, -rng.int(0, 5));
  }
}

/** Some people whose path is over are linked to the bot: a few blocked it, more have been silent for a month or more. */
function linkAccounts(rng: Rng, people: PlannedBeneficiary[], statuses: StoryStatus[], now: Date): void {
  const over = people.filter((_, i) => OVER.includes(statuses[i]!));
  const pickN = (n: number) => rng.shuffle([...over]).slice(0, n);
  const unreachable = new Set(pickN(Math.round(F.UNREACHABLE_SHARE * people.length)).map((p) => p.id));
  for (const p of over) {
    const blocked = unreachable.has(p.id);
    if (!blocked && !rng.chance(F.INACTIVE_SHARE * (people.length / over.length))) continue;
    const seenAt = new Date(now.getTime() - (blocked ? rng.int(2, 120) : rng.int(31, 200)) * DAY);
    p.account = { id: `${p.id}acc`, externalId: `seed-${p.code}`, seenAt, unreachableAt: blocked ? new Date(seenAt.getTime() + rng.int(1, 24) * 3_600_000) : null };
  }
}
