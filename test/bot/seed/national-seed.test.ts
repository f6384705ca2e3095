/**
 * The national demo must look like the programme's figures (../shared/seeds, DOMAIN.md), obey the
 * programme's rules, and be deterministic and idempotent. Counts are read with plain SQL on the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES } from '../../../core/programme/provinces';
import { PUOI } from '../../../core/programme/programme';
import { seedNational } from '../../../bot/seed/national.seed';
import { planNational } from '../../../bot/seed/national.plan';
import { STATUS_COUNTS } from '../../../bot/seed/national.figures';
import type { DemoCodes } from '../../../bot/seed/demo.seed';
import { openRawSql, type RawSql } from '../../support/raw-sql';
import { createHarness, type Harness } from '../../support/ponte-harness';

let h: Harness;
let db: RawSql;
let codes: DemoCodes;
const progress: string[] = [];
beforeAll(async () => {
  h = await createHarness();
  codes = await seedNational(h.ponte.prisma, { now: h.clock.now(), progress: (l) => progress.push(l) });
  db = await openRawSql(h.databaseUrl, { readonly: true });
}, 120_000);
afterAll(async () => {
  await db.close();
  await h.close();
});

const all = <T>(sql: string, ...params: unknown[]) => db.all<T>(sql, ...params);
const one = (sql: string, ...params: unknown[]) => db.one(sql, ...params);

describe('national seed: the programme', () => {
  it('has 4,500 beneficiaries, 429 entities in every region and province, hundreds of tutors, a coordinator per region and a national one', async () => {
    expect(await one(`SELECT COUNT(*) n FROM "BeneficiaryProfile"`)).toBe(4500);
    expect(await one(`SELECT COUNT(*) n FROM "Entity"`)).toBe(429);
    const provinces = await all<{ province: string; region: string; entities: number }>(`SELECT province, region, COUNT(*) entities FROM "Entity" GROUP BY province, region`);
    expect(provinces).toHaveLength(PROVINCES.length);
    for (const p of PROVINCES) expect(provinces.find((x) => x.province === p.name)?.region, p.name).toBe(p.region);
    const tutors = await one(`SELECT COUNT(*) n FROM "PersonRole" WHERE role = 'tutor'`);
    expect(tutors).toBeGreaterThan(400);
    expect(tutors).toBeLessThan(1000);
    const coordinators = await all<{ region: string | null }>(`SELECT p.region FROM "Person" p JOIN "PersonRole" r ON r."personId" = p.id WHERE r.role = 'coordinator'`);
    expect(coordinators.filter((c) => c.region === null)).toHaveLength(1);
    expect(new Set(coordinators.map((c) => c.region).filter(Boolean))).toEqual(new Set(PROVINCES.map((p) => p.region)));
    // Every beneficiary has a tutor of their own entity, and no tutor follows more than 9.
    expect(await one(`SELECT COUNT(*) n FROM "BeneficiaryProfile" bp JOIN "Person" t ON t.id = bp."tutorId" WHERE t."entityId" <> bp."entityId"`)).toBe(0);
    expect(await one(`SELECT MAX(c) n FROM (SELECT COUNT(*) c FROM "BeneficiaryProfile" GROUP BY "tutorId") t`)).toBeLessThanOrEqual(9);
  });

  it('reproduces the clearance figures: 3,734 granted, 2,121 started, 1,613 not started after the clearance', async () => {
    const status = Object.fromEntries((await all<{ status: string; n: number }>(`SELECT status, COUNT(*) n FROM "Internship" GROUP BY status`)).map((r) => [r.status, r.n]));
    for (const [s, n] of Object.entries(STATUS_COUNTS)) if (s !== 'none') expect(status[s] ?? 0, s).toBe(n);
    expect(await one(`SELECT COUNT(*) n FROM "Internship" WHERE "clearanceStatus" = 'granted'`)).toBe(3734);
    expect(await one(`SELECT COUNT(*) n FROM "Internship" WHERE status IN ('activated', 'in_progress', 'concluded', 'ceased')`)).toBe(2121);
    expect(await one(`SELECT COUNT(*) n FROM "Internship" WHERE "clearanceStatus" = 'granted' AND status IN ('cancelled', 'not_activated', 'clearance_granted')`)).toBe(1613);
    // Started ones split like Piemonte's 217: in progress ~14 %, concluded ~53 %, ceased ~33 %.
    expect(status.concluded! / 2121).toBeCloseTo(115 / 217, 1);
    expect(status.ceased! / 2121).toBeCloseTo(72 / 217, 1);
  });

  it('mixes statuses in every region, like Piemonte (no region with only one kind)', async () => {
    const rows = await all<{ region: string; started: number; cancelled: number; total: number }>(`
      SELECT e.region, SUM(CASE WHEN i.status IN ('activated','in_progress','concluded','ceased') THEN 1 ELSE 0 END) started, SUM(CASE WHEN i.status = 'cancelled' THEN 1 ELSE 0 END) cancelled, COUNT(*) total
      FROM "Internship" i JOIN "Path" p ON p.id = i."pathId" JOIN "BeneficiaryProfile" bp ON bp."personId" = p."beneficiaryId" JOIN "Entity" e ON e.id = bp."entityId"
      GROUP BY e.region`);
    expect(rows).toHaveLength(20);
    for (const r of rows.filter((x) => x.total >= 40)) {
      expect(r.started / r.total, r.region).toBeGreaterThan(0.3);
      expect(r.cancelled / r.total, r.region).toBeGreaterThan(0.15);
    }
    expect(rows.find((r) => r.region === 'Lombardia')!.total).toBeGreaterThan(rows.find((r) => r.region === 'Molise')!.total * 5);
  });

  it('has employment outcomes like Percorsi: 23.5 % / 33.1 % / 48.3 % of the follow-ups due', async () => {
    for (const [months, rate] of [[3, 23.5], [6, 33.1], [12, 48.3]] as const) {
      const due = await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE "monthsAfter" = ? AND "dueDate" <= ?`, months, '2026-11-23');
      const employed = await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE "monthsAfter" = ? AND employed = TRUE`, months);
      expect(due, `${months} months due`).toBeGreaterThan(300);
      expect((100 * employed) / due).toBeCloseTo(rate, 0);
    }
    expect(await one(`SELECT COUNT(*) n FROM "OutcomeFollowUp" WHERE status = 'pending' AND "dueDate" < '2026-11-23'`)).toBeGreaterThan(0);
  });

  it('has host companies in the ATECO sections of Piemonte, companies taking 1-2 interns each', async () => {
    const sections = await all<{ s: string; n: number; c: number }>(`SELECT "atecoSection" s, COUNT(*) n, COUNT(DISTINCT LOWER("hostCompany")) c FROM "Internship" WHERE "atecoSection" IS NOT NULL GROUP BY s ORDER BY n DESC`);
    expect(sections.slice(0, 8).map((r) => r.s).sort()).toEqual(['A', 'C', 'F', 'G', 'I', 'N', 'Q', 'S']);
    const interns = sections.reduce((a, r) => a + r.n, 0);
    const companies = sections.reduce((a, r) => a + r.c, 0);
    expect(interns / companies).toBeGreaterThan(1.1);
    expect(interns / companies).toBeLessThan(2);
  });

  it('never exceeds a service area cap nor 8 hours a day, and hours fall inside the path', async () => {
    for (const rule of PUOI.serviceAreas) expect(await one(`SELECT COUNT(*) n FROM (SELECT SUM(hours) h FROM "HourEntry" WHERE area = ? GROUP BY "pathId" HAVING SUM(hours) > ?) t`, rule.area, rule.capHours), rule.area).toBe(0);
    expect(await one(`SELECT COUNT(*) n FROM (SELECT SUM(hours) h FROM "HourEntry" GROUP BY "pathId", date HAVING SUM(hours) > 8) t`)).toBe(0);
    expect(await one(`SELECT COUNT(*) n FROM "HourEntry" h JOIN "Path" p ON p.id = h."pathId" WHERE h.date < p."startDate" OR h.date > '2026-11-23'`)).toBe(0);
    expect(await one(`SELECT COUNT(*) n FROM "HourEntry"`)).toBeGreaterThan(40_000);
  });

  it('has upcoming appointments with their reminders, some declined, and people linked to the bot (some blocked it, some silent)', async () => {
    const appointments = await one(`SELECT COUNT(*) n FROM "Appointment"`);
    expect(appointments).toBeGreaterThan(500);
    expect(await one(`SELECT COUNT(*) n FROM "Appointment" WHERE response = 'declined'`)).toBeGreaterThan(10);
    expect(await one(`SELECT COUNT(*) n FROM "OutboxMessage" WHERE kind = 'appointment_reminder'`)).toBeGreaterThan(appointments);
    expect(await one(`SELECT COUNT(*) n FROM "ChannelAccount" WHERE "unreachableAt" IS NOT NULL`)).toBeGreaterThan(50);
    expect(await one(`SELECT COUNT(*) n FROM "ChannelAccount" WHERE "unreachableAt" IS NULL`)).toBeGreaterThan(300);
  });

  it('gives names from the beneficiaries\' countries and languages of the ten locales', async () => {
    const langs = (await all<{ language: string }>(`SELECT DISTINCT p.language FROM "Person" p JOIN "BeneficiaryProfile" bp ON bp."personId" = p.id`)).map((r) => r.language);
    expect(new Set(langs)).toEqual(new Set(['it', 'en', 'fr', 'ar', 'ur', 'bn', 'ps', 'fa', 'so', 'ti']));
    expect(await one(`SELECT COUNT(DISTINCT "fullName") n FROM "Person"`)).toBeGreaterThan(1500);
  });
});

describe('national seed: how it runs', () => {
  it('prints progress, and --json gets a sample of codes per role (not 4,500)', async () => {
    expect(progress.at(-1)).toBe('national seed: beneficiaries 4,500/4,500');
    expect(codes.beneficiary).toHaveLength(3);
    expect(codes.tutor).toHaveLength(3);
    expect(codes.coordinator).toHaveLength(3);
    expect(Object.values(codes.caseload).every((names) => names.length > 0)).toBe(true);
  });

  it('is idempotent: a second run adds nothing and returns the same unused codes', async () => {
    const before = await all<{ t: string; n: number }>(`SELECT 'p' t, COUNT(*) n FROM "Person" UNION ALL SELECT 'h', COUNT(*) FROM "HourEntry" UNION ALL SELECT 'o', COUNT(*) FROM "OutboxMessage"`);
    expect(await seedNational(h.ponte.prisma, { now: h.clock.now() })).toEqual(codes);
    expect(await all(`SELECT 'p' t, COUNT(*) n FROM "Person" UNION ALL SELECT 'h', COUNT(*) FROM "HourEntry" UNION ALL SELECT 'o', COUNT(*) FROM "OutboxMessage"`)).toEqual(before);
  }, 60_000);

  it('is deterministic: the same day gives the same programme', async () => {
    const a = planNational(h.clock.now(), 'x');
    const b = planNational(h.clock.now(), 'x');
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.beneficiaries[0]!.code).toBe('B-1001');
    const stored = (await all<{ fullName: string }>(`SELECT "fullName" FROM "Person" WHERE code = 'B-1001'`))[0]!;
    expect(stored.fullName).toBe(a.beneficiaries[0]!.fullName);
  });
});
