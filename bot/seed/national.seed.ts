/**
 * `npm run seed -- --demo --scale national`: the national demo (bot/seed/national.plan.ts) written in
 * bulk: multi-row INSERTs, one transaction per chunk of beneficiaries, progress on the way.
 * Idempotent: rows are keyed by the people's codes (B-1001…B-5500, T-1001…, C-1001…, E-TO-101…); a
 * chunk is written whole or not at all, so a second run, or a run after a kill, adds only what is missing.
 */
import type { Prisma, PrismaClient } from '@prisma/client';
import { PUOI } from '../../core/programme/programme';
import type { Role } from '../../core/roles';
import { scheduleManyIn } from '../outbox/outbox.bulk';
import { appointmentReminders } from './path-history';
import { chunked, insertRows, type Row } from './bulk-insert';
import { openInviteCode, writePathRows, type DemoCodes } from './demo.seed';
import { planNational, type NationalPlan, type PlannedBeneficiary } from './national.plan';

/** Beneficiaries written per transaction (with their paths, hours, internships...: ~30 rows each). */
const CHUNK = 250;

export interface NationalSeedOptions {
  now: Date;
  /** Progress lines (stderr in the CLI); default: silent. */
  progress?: (line: string) => void;
}

export async function seedNational(prisma: PrismaClient, opts: NationalSeedOptions): Promise<DemoCodes> {
  const { now } = opts;
  const say = opts.progress ?? (() => undefined);
  const programme = await prisma.programme.upsert({ where: { code: PUOI.code }, create: { code: PUOI.code, name: PUOI.name, rulesJson: JSON.stringify(PUOI) }, update: {} });
  const plan = planNational(now, programme.id);

  const entities = await missing(prisma, 'entity', plan.entities);
  await insertRows(prisma, 'Entity', entities.map((e) => ({ ...e, programmeId: programme.id })));
  const staff = await missing(prisma, 'person', plan.staff);
  await prisma.$transaction(async (tx) => {
    await insertRows(tx, 'Person', staff.map((s) => personRow(s, now, { entityId: s.entityId, region: s.region, phone: s.phone, language: 'it' })));
    await insertRows(tx, 'PersonRole', staff.map((s) => ({ personId: s.id, role: s.role })));
  });
  say(`national seed: ${plan.entities.length} entities, ${plan.staff.length} staff (${entities.length + staff.length} new)`);

  let written = 0;
  for (const part of chunked(plan.beneficiaries, CHUNK)) {
    const todo = await missing(prisma, 'person', part);
    if (todo.length) await prisma.$transaction((tx) => writeBeneficiaries(tx, todo, now), { timeout: 60_000 });
    written += part.length;
    say(`national seed: beneficiaries ${written.toLocaleString('en')}/${plan.beneficiaries.length.toLocaleString('en')}`);
  }
  return sampleCodes(prisma, plan, now);
}

async function writeBeneficiaries(tx: Prisma.TransactionClient, people: PlannedBeneficiary[], now: Date): Promise<void> {
  await insertRows(tx, 'Person', people.map((b) => personRow(b, now, { language: b.language })));
  await insertRows(tx, 'PersonRole', people.map((b) => ({ personId: b.id, role: 'beneficiary' })));
  await insertRows(tx, 'BeneficiaryProfile', people.map((b) => ({ personId: b.id, category: b.category, province: b.province, entityId: b.entityId, tutorId: b.tutorId, nationality: null })));
  await writePathRows(tx, people.map((b) => b.rows));
  await insertRows(
    tx,
    'ChannelAccount',
    people.flatMap((b) => (b.account ? [{ id: b.account.id, channel: 'console', externalId: b.account.externalId, chatId: b.account.externalId, personId: b.id, consentAt: b.account.seenAt, unreachableAt: b.account.unreachableAt, unreachableReason: b.account.unreachableAt ? 'blocked' : null, createdAt: b.account.seenAt, lastSeenAt: b.account.seenAt }] : [])),
  );
  await scheduleManyIn(tx, people.flatMap((b) => (b.rows.appointment ? appointmentReminders(b.rows.appointment, b, now) : [])), now);
}

function personRow(p: { id: string; code: string; fullName: string }, now: Date, extra: Row): Row {
  return { id: p.id, code: p.code, fullName: p.fullName, timezone: 'Europe/Rome', remindersEnabled: true, createdAt: now, updatedAt: now, ...extra };
}

/**
 * The planned rows whose code is not in the table yet. A code that exists with another id belongs to
 * someone else (an import, an invite): the seed stops rather than attach people to them.
 */
async function missing<T extends { id: string; code: string }>(prisma: PrismaClient, table: 'entity' | 'person', planned: readonly T[]): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunked(planned, 500)) {
    const where = { code: { in: part.map((p) => p.code) } };
    const found = table === 'entity' ? await prisma.entity.findMany({ where, select: { id: true, code: true } }) : await prisma.person.findMany({ where, select: { id: true, code: true } });
    const byCode = new Map(found.map((f) => [f.code, f.id]));
    for (const p of part) {
      const id = byCode.get(p.code);
      if (id === undefined) out.push(p);
      else if (id !== p.id) throw new Error(`${p.code} already exists and is not part of the national demo: seed it into an empty database (DATABASE_URL)`);
    }
  }
  return out;
}

/** Invite codes for a few people per role (not 4,500): the first beneficiaries and tutors, the national and two regional coordinators. */
async function sampleCodes(prisma: PrismaClient, plan: NationalPlan, now: Date): Promise<DemoCodes> {
  const codes: DemoCodes = { beneficiary: [], tutor: [], coordinator: [], admin: [], caseload: {} };
  const invite = (id: string, role: Role) => openInviteCode(prisma, id, role, now);
  for (const b of plan.beneficiaries.slice(0, 3)) codes.beneficiary.push(await invite(b.id, 'beneficiary'));
  for (const t of plan.staff.filter((s) => s.role === 'tutor').slice(0, 3)) {
    const code = await invite(t.id, 'tutor');
    codes.tutor.push(code);
    codes.caseload[code] = plan.beneficiaries.filter((b) => b.tutorId === t.id).map((b) => b.fullName);
  }
  const coordinators = plan.staff.filter((s) => s.role === 'coordinator');
  for (const c of [coordinators.find((c) => c.region === null)!, ...coordinators.filter((c) => c.region === 'Piemonte' || c.region === 'Lombardia')]) codes.coordinator.push(await invite(c.id, 'coordinator'));
  codes.admin.push(await invite(plan.staff.find((s) => s.role === 'admin')!.id, 'admin'));
  return codes;
}
