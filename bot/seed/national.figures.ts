/**
 * The shape of the national demo, from ../shared/seeds and DOMAIN.md: 4,500 PUOI paths, 429 promoting
 * entities in every region and province, 3,734 clearances granted, of which 2,121 internships started
 * and 1,613 not started (1,493 cancelled after the clearance, 120 still waiting to start: a live
 * programme has some), the started ones split like Piemonte's (in progress 14 %, concluded 53 %, ceased
 * 33 %), employment after 3 / 6 / 12 months like Percorsi's (23.5 % / 33.1 % / 48.3 % of the
 * follow-ups due), host companies in Piemonte's first ATECO sections.
 */
import type { StoryStatus } from './path-history';

export const NATIONAL_SEED = 20190327; // the PUOI notice's date: any fixed number would do

export const NATIONAL_COUNTS = { beneficiaries: 4500, entities: 429 } as const;

/** How many paths are in each status; they add up to NATIONAL_COUNTS.beneficiaries. */
export const STATUS_COUNTS: Record<StoryStatus, number> = {
  none: 86,
  clearance_requested: 220,
  clearance_refused: 460,
  clearance_granted: 50,
  not_activated: 70,
  cancelled: 1493,
  activated: 62,
  in_progress: 230,
  concluded: 1125,
  ceased: 704,
};

/** Days since the path started, per status, so that dates are plausible (an internship lasts 6 months from day 45). */
export const PATH_AGE_DAYS: Record<StoryStatus, readonly [number, number]> = {
  none: [3, 30],
  clearance_requested: [10, 45],
  clearance_refused: [50, 300],
  clearance_granted: [41, 55],
  not_activated: [41, 90],
  cancelled: [60, 500],
  activated: [41, 60],
  in_progress: [60, 226],
  ceased: [146, 700],
  concluded: [235, 900],
};

/** Share of beneficiaries per region (about where people in the reception system live). */
export const REGION_WEIGHTS: Record<string, number> = {
  Lombardia: 14, Lazio: 10, Sicilia: 10, 'Emilia-Romagna': 9, Piemonte: 8, Campania: 8, Puglia: 7, Toscana: 7, Veneto: 6, Calabria: 5,
  Liguria: 3, Marche: 3, 'Friuli-Venezia Giulia': 2.5, Sardegna: 2, Abruzzo: 2, Umbria: 1.5, 'Trentino-Alto Adige': 1.5, Basilicata: 1, Molise: 1, "Valle d'Aosta": 0.3,
};

/** Regional capitals weigh more than the other provinces of their region. */
export const REGIONAL_CAPITALS = new Set(['Torino', 'Aosta', 'Milano', 'Trento', 'Venezia', 'Trieste', 'Genova', 'Bologna', 'Firenze', 'Perugia', 'Ancona', 'Roma', "L'Aquila", 'Campobasso', 'Napoli', 'Bari', 'Potenza', 'Catanzaro', 'Palermo', 'Cagliari']);
export const CAPITAL_WEIGHT = 5;

/** Employment among the follow-ups due (Percorsi), and how many of them the tutors answered. */
export const OUTCOME_RATES: Record<number, number> = { 3: 0.235, 6: 0.331, 12: 0.483 };
export const ANSWERED_SHARE = 0.9;
/** Follow-ups that fell due this recently are still waiting for the tutor's answer. */
export const RECENT_DUE_DAYS = 21;

export const CATEGORY_WEIGHTS = [['international_protection', 40], ['humanitarian', 10], ['special_case', 8], ['special_protection', 17], ['ex_unaccompanied_minor', 25]] as const;
export const CEASE_REASON_WEIGHTS = [['found_job', 25], ['own_choice', 30], ['company_choice', 20], ['absences', 20], ['other', 5]] as const;
export const CONTRACT_WEIGHTS = [['fixed_term', 55], ['apprenticeship', 15], ['permanent', 15], ['agency', 10], ['other', 5]] as const;
export const ENTITY_TYPE_WEIGHTS = [['social_cooperative', 30], ['training_body', 25], ['employment_agency', 20], ['union', 8], ['employer_association', 9], ['bilateral_body', 8]] as const;

/** Host companies' sectors: Piemonte's first sections (F, S, A, N, Q, C, G, I), then a few more. */
export const ATECO_WEIGHTS = [['F', 18], ['S', 14], ['A', 13], ['N', 12], ['Q', 11], ['C', 10], ['G', 9], ['I', 8], ['H', 3], ['M', 1], ['P', 1]] as const;
/** A host company takes this many interns on average over the programme. */
export const INTERNS_PER_COMPANY = 1.4;

/** A path closes this long after its internship ended (the 8 hours of orientation after it are done). */
export const CLOSE_AFTER_DAYS = 120;
/** Internships under way whose tutor reported hours in the last week. */
export const REPORTED_THIS_WEEK_SHARE = 0.75;

/** Beneficiaries a tutor follows, at most. */
export const CASELOAD = 9;

/** Linked to the bot in the demo: blocked it (never sent to), or silent for a month or more. */
export const UNREACHABLE_SHARE = 0.02;
export const INACTIVE_SHARE = 0.15;
/** Upcoming appointments the beneficiary said they cannot come to. */
export const DECLINED_SHARE = 0.04;
