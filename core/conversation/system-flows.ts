/** Ids of the flows the engine itself relies on. */
export const ONBOARDING_FLOW = 'onboarding';
export const MENU_FLOW = 'menu';
export const LANGUAGE_FLOW = 'language';
