/**
 * The appointments feature as a FeatureModule: the beneficiary's "My appointments" and answers, the
 * tutor's list and "schedule an appointment", the reminder and notice renderers.
 *
 * Other features use `service` (e.g. "stop reminders" in the beneficiary's data screen).
 */
import type { AuditLog } from '../ports/audit';
import type { FeatureModule } from '../conversation/flow';
import type { QuietHours } from '../time/quiet-hours';
import type { AppointmentStore } from './appointments.ports';
import { createAppointmentService, type AppointmentService } from './appointments.service';
import { createAppointmentRenderers } from './appointment.renderers';
import { createBeneficiaryAppointmentFlows } from './beneficiary-appointments.flow';
import { createTutorAppointmentFlows } from './tutor-appointments.flow';
import { createScheduleFlow } from './schedule.flow';
import { MY_APPOINTMENTS_FLOW, TUTOR_APPOINTMENTS_FLOW } from './flow-ids';

export interface AppointmentsDeps {
  store: AppointmentStore;
  audit: AuditLog;
  quietHours: QuietHours;
  /** Minutes before an appointment at which reminders go (the programme's rule, e.g. PUOI: 1440 and 120). */
  reminderOffsetsMinutes: readonly number[];
}

export function createAppointmentsModule(deps: AppointmentsDeps): FeatureModule & { service: AppointmentService } {
  const service = createAppointmentService({ store: deps.store, audit: deps.audit, policy: { quietHours: deps.quietHours, offsetsMinutes: deps.reminderOffsetsMinutes } });
  const mine = createBeneficiaryAppointmentFlows({ store: deps.store, service });
  const tutor = createTutorAppointmentFlows({ store: deps.store, service });
  return {
    service,
    flows: [...mine.flows, ...tutor.flows, createScheduleFlow({ store: deps.store, service, audit: deps.audit })],
    actions: [...mine.actions, ...tutor.actions],
    renderers: createAppointmentRenderers(deps.store),
    menu: [
      { role: 'beneficiary', id: 'appointments', labelKey: 'appointments:menu.mine', flow: MY_APPOINTMENTS_FLOW, order: 20 },
      { role: 'tutor', id: 'tutor-appointments', labelKey: 'appointments:menu.tutor', flow: TUTOR_APPOINTMENTS_FLOW, order: 30 },
    ],
  };
}
