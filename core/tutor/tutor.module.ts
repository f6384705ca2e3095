/**
 * The tutor feature, assembled: menu items, flows, the global buttons (undo `hu:`, the undo offered
 * when "annulla" follows a save `hx:`, follow-up `fu:`)
 * and the one-line report typed at the main menu. The composition root (bot/app.ts) creates it with
 * the Prisma stores; tests can pass in-memory ones.
 */
import type { FeatureModule, MenuItem } from '../conversation/flow';
import { AccessGuard } from '../access/access.guard';
import { parseHourReport } from './hour-report.parser';
import { createHoursFlow, HOURS_FLOW, looksLikeReport } from './hour-report.flow';
import { offerUndo, undoEntry, UNDO_OFFER_PREFIX, UNDO_PREFIX } from './hour-report.logic';
import { createInternshipFlow, INTERNSHIP_FLOW } from './internship.flow';
import { createFollowUpAction, createFollowUpFlow, FOLLOW_UPS_FLOW } from './follow-up.flow';
import { createInviteFlow, INVITE_FLOW } from './invite.flow';
import { BENEFICIARIES_FLOW, createBeneficiariesFlow } from './beneficiaries.flow';
import { createHourCorrectionFlow } from './hour-correction.flow';
import { todayOf, type TutorDeps, type TutorKit } from './tutor.context';

export type { TutorDeps } from './tutor.context';
export { FOLLOW_UP_PREFIX, FOLLOW_UPS_FLOW } from './follow-up.flow';
export { UNDO_PREFIX, UNDO_WINDOW_MS } from './hour-report.logic';

/**
 * Menu orders 10–30 and 50–70 are the tutor's; 40 ('appointments.schedule') and 80 ('relay.inbox')
 * are left to the appointments / messages feature, which adds its own items.
 */
export const TUTOR_MENU: MenuItem[] = [
  { role: 'tutor', id: 'tutor.beneficiaries', labelKey: 'tutor:menu.beneficiaries', flow: BENEFICIARIES_FLOW, order: 10 },
  { role: 'tutor', id: 'tutor.hours', labelKey: 'tutor:menu.hours', flow: HOURS_FLOW, order: 20 },
  { role: 'tutor', id: 'tutor.internship', labelKey: 'tutor:menu.internship', flow: INTERNSHIP_FLOW, order: 30 },
  { role: 'tutor', id: 'tutor.invite', labelKey: 'tutor:menu.invite', flow: INVITE_FLOW, order: 50 },
  { role: 'tutor', id: 'tutor.followups', labelKey: 'tutor:menu.followups', flow: FOLLOW_UPS_FLOW, order: 60 },
];

export function createTutorModule(deps: TutorDeps): FeatureModule {
  const kit: TutorKit = { ...deps, guard: new AccessGuard(deps.audit) };
  return {
    flows: [createBeneficiariesFlow(kit), createHoursFlow(kit), createHourCorrectionFlow(kit), createInternshipFlow(kit), createFollowUpFlow(kit), createInviteFlow(kit)],
    menu: TUTOR_MENU,
    actions: [
      { prefix: UNDO_PREFIX, roles: ['tutor'], handle: (ctx, rest) => undoEntry(kit, ctx, rest) },
      { prefix: UNDO_OFFER_PREFIX, roles: ['tutor'], handle: (ctx, rest) => offerUndo(kit, ctx, rest) },
      createFollowUpAction(kit),
    ],
    // "3 ore tutoraggio Ahmed ieri" typed at the main menu opens the report with the line filled in.
    textAtMenu(ctx, text) {
      if (!ctx.person?.roles.includes('tutor')) return undefined;
      if (!looksLikeReport(parseHourReport(text, todayOf(ctx)))) return undefined;
      return { next: { to: 'flow', flow: HOURS_FLOW, data: { line: text } } };
    },
  };
}
