/**
 * "My beneficiaries": the caseload with each person's internship status and hours at a glance, a
 * search by name or code, and one person's card with the hours per service area against the caps
 * and the shortcuts to report or correct hours, update the internship or send an invite.
 */
import type { Flow, TurnContext } from '../conversation/flow';
import { remainingHours } from './hour-rules';
import { pickerStep } from './beneficiary-picker';
import { areaLabel, formatDate, formatNumber, statusLabel } from './tutor-format';
import { loadBeneficiary, str, type TutorKit } from './tutor.context';
import type { BeneficiaryFile } from './tutor.ports';
import { HOURS_FLOW } from './hour-report.flow';
import { INTERNSHIP_FLOW } from './internship.flow';
import { INVITE_FLOW } from './invite.flow';
import { HOUR_FIX_FLOW } from './hour-correction.flow';

export const BENEFICIARIES_FLOW = 'tutor.beneficiaries';

function cardText(ctx: TurnContext, file: BeneficiaryFile): string {
  const lines = [ctx.t('tutor:card.title', { name: file.fullName, code: file.code, status: statusLabel(ctx, file.internshipStatus) })];
  lines.push(ctx.t(file.linked ? 'tutor:card.linked' : 'tutor:card.notLinked'));
  if (file.path) {
    lines.push(ctx.t('tutor:card.pathStart', { date: formatDate(ctx.lang, file.path.startDate) }));
    for (const rule of file.path.rules.serviceAreas) {
      const done = rule.capHours - remainingHours(file.path.rules, rule.area, file.entries);
      lines.push(ctx.t('tutor:card.areaLine', { area: areaLabel(ctx, rule.area), done: formatNumber(ctx.lang, done), cap: formatNumber(ctx.lang, rule.capHours) }));
    }
  }
  const i = file.internship;
  if (i?.hostCompany) lines.push(ctx.t('tutor:internship.cardHost', { host: i.hostCompany, ateco: i.atecoSection ?? '—', province: i.province ?? '—' }));
  if (i?.startDate) lines.push(ctx.t('tutor:internship.cardDates', { start: formatDate(ctx.lang, i.startDate), planned: i.plannedEndDate ? formatDate(ctx.lang, i.plannedEndDate) : '—', end: i.endDate ? formatDate(ctx.lang, i.endDate) : '—' }));
  return lines.join('\n');
}

export function createBeneficiariesFlow(kit: TutorKit): Flow {
  return {
    id: BENEFICIARIES_FLOW,
    roles: ['tutor'],
    steps: {
      start: pickerStep(kit, { promptKey: 'tutor:list.title', listInText: true, picked: async (_ctx, id) => ({ next: { to: 'step', step: 'card', data: { b: id } } }) }),
      card: {
        async enter(ctx) {
          const loaded = await loadBeneficiary(kit, ctx, str(ctx.state.data, 'b') ?? '', 'beneficiary.read', 'beneficiary.card');
          return loaded.ok ? undefined : loaded.outcome;
        },
        async prompt(ctx) {
          const file = await kit.store.beneficiaryFile(str(ctx.state.data, 'b') ?? '');
          if (!file) return { text: ctx.t('common:errors.notAllowed') };
          return {
            text: cardText(ctx, file),
            choices: [
              [{ label: ctx.t('tutor:menu.hours'), value: 'hours' }, { label: ctx.t('tutor:fix.button'), value: 'fix' }],
              [{ label: ctx.t('tutor:menu.internship'), value: 'internship' }, { label: ctx.t('tutor:menu.invite'), value: 'invite' }],
            ],
            nav: true,
          };
        },
        back: 'start',
        onChoice(ctx, value) {
          const b = str(ctx.state.data, 'b');
          if (value === 'hours') return { next: { to: 'flow', flow: HOURS_FLOW, data: { b }, step: 'area' } };
          if (value === 'fix') return { next: { to: 'flow', flow: HOUR_FIX_FLOW, data: { b } } };
          if (value === 'internship') return { next: { to: 'flow', flow: INTERNSHIP_FLOW, data: { b }, step: 'show' } };
          if (value === 'invite') return { next: { to: 'flow', flow: INVITE_FLOW, data: { b }, step: 'check' } };
          return { next: { to: 'repeat' } };
        },
      },
    },
  };
}
