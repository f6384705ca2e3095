/** Ids of the appointment flows, for menus and for other features that link to them. */
export const MY_APPOINTMENTS_FLOW = 'appointments.mine';
export const RESPOND_FLOW = 'appointments.respond';
export const SCHEDULE_FLOW = 'appointments.schedule';
export const TUTOR_APPOINTMENTS_FLOW = 'appointments.tutor';
