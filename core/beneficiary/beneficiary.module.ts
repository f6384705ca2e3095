/**
 * The beneficiary's journey as a FeatureModule: my path, words of work (glossary), job-search tips,
 * my data (export, reminders on/off, delete), "stop" reminders, and free text answered anywhere.
 * Appointments and "talk to my tutor" are their own modules (core/appointments, core/relay).
 */
import type { AuditLog } from '../ports/audit';
import type { Translator } from '../ports/translator';
import type { FeatureModule } from '../conversation/flow';
import type { BeneficiaryStore } from './beneficiary.ports';
import type { BeneficiaryContent } from './content-pick';
import { createPathFlow, PATH_FLOW } from './path.flow';
import { createGlossaryFlow, GLOSSARY_FLOW } from './glossary.flow';
import { createTipsFlow, TIPS_FLOW } from './tips.flow';
import { createDataRightsFlow, createStopRemindersFlow, DATA_FLOW, type ReminderSwitch } from './data-rights.flow';
import { createFreeText } from './free-text.flow';

export interface BeneficiaryDeps {
  store: BeneficiaryStore;
  audit: AuditLog;
  /** Glossary and tips, loaded once at start-up (bot/content/content.loader). */
  content: BeneficiaryContent;
  /** The appointments feature's service: stopping reminders cancels the pending ones. */
  reminders: ReminderSwitch;
  /** For the intents' keywords of every language (locale data). */
  translator: Translator;
}

export function createBeneficiaryModule(deps: BeneficiaryDeps): FeatureModule {
  const freeText = createFreeText(deps);
  return {
    flows: [createPathFlow(deps), createGlossaryFlow(deps.content), createTipsFlow(deps.content), createDataRightsFlow(deps), createStopRemindersFlow(deps), freeText.flow],
    onUnhandled: freeText.onUnhandled,
    menu: [
      { role: 'beneficiary', id: 'path', labelKey: 'beneficiary:menu.path', flow: PATH_FLOW, order: 10 },
      { role: 'beneficiary', id: 'glossary', labelKey: 'beneficiary:menu.glossary', flow: GLOSSARY_FLOW, order: 30 },
      { role: 'beneficiary', id: 'tips', labelKey: 'beneficiary:menu.tips', flow: TIPS_FLOW, order: 40 },
      { role: 'beneficiary', id: 'data', labelKey: 'beneficiary:menu.data', flow: DATA_FLOW, order: 60 },
    ],
  };
}
