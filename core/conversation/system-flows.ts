/** Ids of the flows the engine itself relies on. */
export const ONBOARDING_FLOW = 'onboarding';
export const MENU_FLOW = 'menu';
export const LANGUAGE_FLOW = 'language';
/** Optional: "stop" typed anywhere asks to stop reminders here (core/beneficiary registers it); without it "stop" cancels. */
export const STOP_REMINDERS_FLOW = 'reminders.stop';
