/** "My path": the overview, a screen per phase, and the tutor's contact (with a way to write to them). */
import type { Flow } from '../conversation/flow';
import { goto } from '../conversation/flow';
import { rows } from '../conversation/system-flows.impl';
import { PATH_PHASES, type PathPhase } from '../programme/programme';
import type { BeneficiaryStore } from './beneficiary.ports';
import { pathOverviewText, phaseDetailText, tutorText } from './path.view';

export const PATH_FLOW = 'beneficiary.path';
/** The relay feature's "write to my tutor" flow (core/relay). */
const WRITE_TO_TUTOR_FLOW = 'relay.write';

export function createPathFlow(deps: { store: BeneficiaryStore }): Flow {
  return {
    id: PATH_FLOW,
    roles: ['beneficiary'],
    steps: {
      start: {
        async prompt(ctx) {
          const p = await deps.store.pathOf(ctx.person!.id);
          if (!p) return { text: ctx.t('beneficiary:path.none'), nav: true };
          const phases = rows(PATH_PHASES.map((ph) => ({ label: ctx.t(`beneficiary:phase.${ph}.name`), value: `p.${ph}` })), 2);
          return { text: pathOverviewText(ctx, p), choices: [...phases, [{ label: ctx.t('beneficiary:buttons.tutor'), value: 'tutor' }]], nav: true };
        },
        onChoice(ctx, value) {
          if (value === 'tutor') return goto('tutor');
          const phase = PATH_PHASES.find((p) => `p.${p}` === value);
          return phase ? goto('phase', { phase }) : goto('start');
        },
      },
      phase: {
        back: 'start',
        async prompt(ctx) {
          const p = await deps.store.pathOf(ctx.person!.id);
          const phase = ctx.state.data.phase as PathPhase;
          if (!p || !PATH_PHASES.includes(phase)) return { text: ctx.t('beneficiary:path.none'), nav: true };
          const i = PATH_PHASES.indexOf(phase);
          const move = [];
          if (i > 0) move.push({ label: ctx.t('beneficiary:buttons.previous'), value: `p.${PATH_PHASES[i - 1]}` });
          if (i < PATH_PHASES.length - 1) move.push({ label: ctx.t('beneficiary:buttons.next'), value: `p.${PATH_PHASES[i + 1]}` });
          return { text: phaseDetailText(ctx, p, phase, ctx.now, ctx.person!.timezone), choices: [move, [{ label: ctx.t('beneficiary:buttons.tutor'), value: 'tutor' }]], nav: true };
        },
        onChoice(ctx, value) {
          if (value === 'tutor') return goto('tutor');
          const phase = PATH_PHASES.find((p) => `p.${p}` === value);
          return goto('phase', { phase: phase ?? ctx.state.data.phase });
        },
      },
      tutor: {
        back: 'start',
        async prompt(ctx) {
          const p = await deps.store.pathOf(ctx.person!.id);
          const text = p ? tutorText(ctx, p) : ctx.t('beneficiary:tutor.none');
          return { text, choices: p?.tutor ? [[{ label: ctx.t('beneficiary:buttons.write'), value: 'write' }]] : [], nav: true };
        },
        onChoice: () => ({ next: { to: 'flow', flow: WRITE_TO_TUTOR_FLOW } }),
      },
    },
  };
}
