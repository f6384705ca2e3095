/**
 * "My path" for demo beneficiaries: phases with status, hours done (non-voided entries) against
 * planned per area, what each phase means, the next step, the internship and the tutor's contact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, textOf, type Harness } from '../../support/ponte-harness';
import { link, personId } from '../appointments/journey-helpers';
import { monthsBetween, nextStepKey } from '../../../core/beneficiary/path.view';
import type { PathOverview } from '../../../core/beneficiary/beneficiary.ports';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

describe('my path', () => {
  it('shows phases, hours done / planned per area and the next step', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    const text = textOf(await ahmed.press('🧭 My path'));
    expect(text).toContain('🧭 Your path in PUOI, started on July 26, 2026');
    expect(text).toContain('✅ Reception and intake: done');
    expect(text).toContain('🔄 Internship (tirocinio): in progress');
    expect(text).toContain('• Reception: 4 / 4 h');
    expect(text).toContain('• Tutoring during the internship: 7.5 / 16 h');
    expect(text).toContain('👉 Next step: go to your internship every day, on time.');
  });

  it('counts only hours that are not voided', async () => {
    const id = await personId(h, 'B-0001');
    const path = await h.ponte.prisma.path.findFirstOrThrow({ where: { beneficiaryId: id } });
    const entry = await h.ponte.prisma.hourEntry.findFirstOrThrow({ where: { pathId: path.id, area: 'reception' } });
    await h.ponte.prisma.hourEntry.update({ where: { id: entry.id }, data: { voidedAt: h.clock.now() } });
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'it');
    expect(textOf(await ahmed.press('Il mio percorso'))).toContain('• Accoglienza: 2 / 4 h');
  });

  it('explains a phase: meaning, what to bring, the internship with months done', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'fr');
    await ahmed.press('Mon parcours');
    const reception = textOf(await ahmed.press('Accueil et prise en charge'));
    expect(reception).toContain('Apportez votre permesso di soggiorno');
    expect(reception).toContain('📆 Du 26 juillet 2026 au 2 août 2026');
    expect(textOf(await ahmed.press('Suivant'))).toContain('Orientation spécialisée');
    const text = textOf(await ahmed.press('Suivant'));
    expect(text).toContain('Stage (tirocinio)');
    expect(text).toContain('🏢 Entreprise : Edilizia Sabauda srl');
    expect(text).toContain('▶️ Début : 9 septembre 2026');
    expect(text).toContain('🏁 Fin prévue : 9 mars 2027');
    expect(text).toContain('📈 2 mois faits');
  });

  it("gives the tutor's name and how to reach them, and a way to write", async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'en');
    await ahmed.press('My path');
    const text = textOf(await ahmed.press('👤 My tutor'));
    expect(text).toContain('👤 Your tutor: Giulia Ferrero');
    expect(text).toContain('📞 Phone: +39 011 555 0101');
    expect(textOf(await ahmed.press('Write to my tutor'))).toContain('Write your message for Giulia Ferrero');
  });

  it('in Arabic: right-to-left, with Latin names, dates and numbers isolated', async () => {
    const ahmed = await link(h, 'ahmed', { beneficiary: 'B-0001' }, 'ar');
    const replies = await ahmed.press('🧭 مساري');
    expect(replies.every((m) => m.dir === 'rtl')).toBe(true);
    const raw = replies.map((m) => m.text).join('\n');
    expect(raw).toContain('\u2068PUOI\u2069');
    expect(raw).toMatch(/• \u2068الاستقبال\u2069: \u20684\u2069 \/ \u20684\u2069 ساعة/);
    await ahmed.press('التدريب المهني (tirocinio)');
    const detail = ahmed.lastText();
    expect(detail).toContain('🏢 الشركة: Edilizia Sabauda srl');
    expect(detail).toContain('📈 مضى شهران'); // Arabic dual, chosen by Intl.PluralRules
  });

  it('another beneficiary waiting for the clearance sees that as the next step', async () => {
    const mariam = await link(h, 'mariam', { beneficiary: 'B-0005' }, 'en');
    expect(textOf(await mariam.press('My path'))).toContain('your organisation asked for the clearance (Nulla Osta)');
  });
});

describe('next step and months (pure)', () => {
  const base = (over: Partial<PathOverview>): PathOverview => ({
    programmeCode: 'PUOI',
    startDate: '2026-01-01',
    endDate: null,
    entityName: null,
    phases: [
      { phase: 'reception', status: 'done', startDate: null, endDate: null },
      { phase: 'specialist_orientation', status: 'done', startDate: null, endDate: null },
      { phase: 'internship', status: 'not_started', startDate: null, endDate: null },
      { phase: 'job_orientation', status: 'not_started', startDate: null, endDate: null },
    ],
    areas: [],
    internship: null,
    tutor: null,
    ...over,
  });
  it.each([
    [{ phases: base({}).phases.map((p) => (p.phase === 'reception' ? { ...p, status: 'in_progress' as const } : p)) }, 'reception'],
    [{ internship: { status: 'clearance_refused', clearanceStatus: 'refused', hostCompany: null, startDate: null, plannedEndDate: null, endDate: null } }, 'clearanceRefused'],
    [{ internship: { status: 'not_activated', clearanceStatus: 'granted', hostCompany: null, startDate: null, plannedEndDate: null, endDate: null } }, 'findCompany'],
    [{}, 'findCompany'],
  ])('%# → %s', (over, key) => expect(nextStepKey(base(over))).toBe(key));

  it('counts whole months', () => {
    expect(monthsBetween('2026-09-09', '2026-11-23')).toBe(2);
    expect(monthsBetween('2026-09-30', '2026-10-29')).toBe(0);
    expect(monthsBetween('2026-11-30', '2026-11-01')).toBe(0);
  });
});
