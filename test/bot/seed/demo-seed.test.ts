/** The demo must look like DOMAIN.md and obey the programme's own rules, or it teaches the wrong thing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUOI, areaRule, type ServiceArea } from '../../../core/programme/programme';
import { seedDemo } from '../../../bot/seed/demo.seed';
import { createHarness, type Harness } from '../../support/ponte-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ demo: true });
});
afterAll(async () => h.close());

describe('demo seed', () => {
  it('has 30+ beneficiaries across every internship status, in Piemonte provinces', async () => {
    const { prisma } = h.ponte;
    expect(await prisma.beneficiaryProfile.count()).toBeGreaterThanOrEqual(30);
    const statuses = new Set((await prisma.internship.findMany({ select: { status: true } })).map((i) => i.status));
    for (const s of ['clearance_requested', 'clearance_refused', 'not_activated', 'activated', 'in_progress', 'concluded', 'ceased', 'cancelled']) expect(statuses).toContain(s);
    const provinces = new Set((await prisma.entity.findMany()).map((e) => e.province));
    expect(provinces.size).toBeGreaterThanOrEqual(4);
    expect((await prisma.entity.findMany()).every((e) => e.region === 'Piemonte')).toBe(true);
  });

  it('never exceeds a service area cap, nor 8 hours a day', async () => {
    const entries = await h.ponte.prisma.hourEntry.findMany({ where: { voidedAt: null } });
    const perArea = new Map<string, number>();
    const perDay = new Map<string, number>();
    for (const e of entries) {
      perArea.set(`${e.pathId}:${e.area}`, (perArea.get(`${e.pathId}:${e.area}`) ?? 0) + e.hours);
      perDay.set(`${e.pathId}:${e.date}`, (perDay.get(`${e.pathId}:${e.date}`) ?? 0) + e.hours);
    }
    for (const [key, hours] of perArea) expect(hours, key).toBeLessThanOrEqual(areaRule(PUOI, key.split(':')[1] as ServiceArea)!.capHours);
    for (const [key, hours] of perDay) expect(hours, key).toBeLessThanOrEqual(PUOI.maxHoursPerDay);
    expect(entries.length).toBeGreaterThan(100);
  });

  it('is idempotent: a second run adds no people and returns the same unused codes', async () => {
    const before = await h.ponte.prisma.person.count();
    const again = await seedDemo(h.ponte.prisma, { now: h.clock.now() });
    expect(await h.ponte.prisma.person.count()).toBe(before);
    expect(again).toEqual(h.demo);
  });
});

describe('demo appointments', () => {
  it('come with their 24 h and 2 h reminders in the outbox, outside quiet hours', async () => {
    const appointments = await h.ponte.prisma.appointment.count({ where: { status: 'scheduled', startsAt: { gt: h.clock.now() } } });
    const reminders = await h.ponte.prisma.outboxMessage.findMany({ where: { kind: 'appointment_reminder' } });
    expect(appointments).toBeGreaterThan(10);
    // Appointments tomorrow may have lost their 24 h reminder to the past; every one keeps its 2 h reminder.
    expect(reminders.filter((r) => r.key.endsWith(':-120m'))).toHaveLength(appointments);
    for (const r of reminders) {
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', hour: '2-digit', hourCycle: 'h23' }).format(r.dueAt));
      expect(hour >= 8 && hour < 21, `${r.key} at ${r.dueAt.toISOString()}`).toBe(true);
    }
  });
});
