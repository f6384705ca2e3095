/**
 * The Bengali demo beneficiary (Rahim Uddin, B-0003) runs scripts/demo-beneficiary-bn.txt. The script
 * uses button numbers (the Bengali labels come with the translation pass); until the translator adds
 * Bengali for every namespace, Ponte does not offer it, and this test picks English instead. The
 * Bengali glossary and tips keywords are searched either way (search covers every language).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/ponte-harness';
import { readScript, runScript, transcript } from '../core/beneficiary/script-runner';

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ demo: true, start: '2026-11-23T09:00:00Z' });
});
afterEach(async () => h.close());

describe('Rahim Uddin in Bengali (or the language offered in its place)', () => {
  it('runs the demo script: path, glossary, tip, appointment confirmation, export', async () => {
    const bengali = h.ponte.translator.languages().includes('bn');
    const code = h.demo!.beneficiary[2]!;
    const steps = await runScript(h, 'rahim', readScript('demo-beneficiary-bn.txt', code, bengali ? {} : { 'বাংলা': 'English' }));
    transcript(steps, 'demo-beneficiary-bn.transcript.txt');
    const account = await h.ponte.prisma.channelAccount.findFirstOrThrow({ where: { externalId: 'rahim' }, include: { person: true } });
    expect(account.person?.code).toBe('B-0003');
    expect(account.person?.language).toBe(bengali ? 'bn' : 'en');
    const at = (i: number) => steps[i]!.output;
    // 4: my path; 7: glossary search; 10: tip; 11: next screen; 14: confirmation; 17: export.
    expect(at(4)).toContain('🧭');
    expect(at(7)).toContain('Busta paga');
    expect(at(10)).toMatch(/💡 .*\(1\/\d\)/);
    expect(at(11)).toMatch(/💡 .*\(2\/\d\)/);
    expect(at(14)).toContain('✅');
    expect(at(17)).toMatch(/📎 ponte-data-B-0003-2026-11-23\.json/);
    const a = await h.ponte.prisma.appointment.findFirstOrThrow({ where: { beneficiaryId: account.personId! } });
    expect(a.response).toBe('confirmed');
    if (!bengali) expect(at(4)).toContain('Your path in PUOI');
  });
});
