/**
 * Vocabulary of the hour-report parser (see hour-report.parser.ts), in key form (lower case, no
 * accents): service areas, relative days, weekdays, months, hour units and filler words. Phrases
 * are tokenised like the input, and sorted longest first so "orientamento al lavoro" wins over
 * "orientamento".
 */
import type { ServiceArea } from '../programme/programme';
import { tokenize } from './hour-report.text';

function phrases<T>(entries: ReadonlyArray<readonly [string, T]>): Array<[string[], T]> {
  return entries.map(([p, v]): [string[], T] => [tokenize(p).map((t) => t.key), v]).sort((a, b) => b[0].length - a[0].length);
}

const ORIENTATION_EITHER: ServiceArea[] = ['specialist_orientation', 'job_orientation'];
export const AREA_PHRASES = phrases<ServiceArea[]>([
  ...['accoglienza', 'presa in carico', 'accoglienza e presa in carico', 'accoglienza integrata', 'reception', 'intake', 'acc', 'accogl'].map((p): [string, ServiceArea[]] => [p, ['reception']]),
  ...['orientamento specialistico', 'orientamento di secondo livello', 'orientamento di ii livello', 'orientamento di 2 livello', 'orientamento secondo livello', 'orientamento ii livello', 'specialist orientation', 'specialistic orientation', 'second level orientation', 'second-level orientation', 'orient spec', 'orientamento spec', 'or spec', 'spec orientation', 'specialistico'].map((p): [string, ServiceArea[]] => [p, ['specialist_orientation']]),
  ...['tutoraggio', 'tutoraggio didattico', 'tutor didattico', 'tutoring', 'educational tutoring', 'tut', 'tutor', 'tutorag', 'tutoragg'].map((p): [string, ServiceArea[]] => [p, ['tutoring']]),
  ...[
    'orientamento lavoro',
    'orientamento al lavoro',
    'orientamento opportunità occupazionali',
    'orientamento alle opportunità occupazionali',
    "orientamento per l'individuazione delle opportunità occupazionali",
    'ricerca lavoro',
    'ricerca di lavoro',
    'ricerca del lavoro',
    'job orientation',
    'job search',
    'job-search',
    'orient lav',
    'orient lavoro',
    'orientamento lav',
    'or lav',
  ].map((p): [string, ServiceArea[]] => [p, ['job_orientation']]),
  ...['azione complementare', 'attività complementare', 'complementare', 'complementary', 'complementary action', 'compl', 'az compl'].map((p): [string, ServiceArea[]] => [p, ['complementary']]),
  ['orientamento', ORIENTATION_EITHER],
  ['orientation', ORIENTATION_EITHER],
  ['orient', ORIENTATION_EITHER],
]);

/**
 * Area words that typos and "tut."-style abbreviations are matched against (longer than 5 letters:
 * shorter words are too close to names). See `findAreas`.
 */
export const AREA_WORDS_FOR_TYPOS = new Set(AREA_PHRASES.flatMap(([words]) => words).filter((w) => w.length >= 6));

export const RELATIVE_DAYS = phrases<number>([
  ...['oggi', 'today', 'stamattina', 'stamani', 'stamane', 'stasera', 'oggi pomeriggio', 'this morning', 'this afternoon', 'tonight'].map((p) => [p, 0] as const),
  ...['ieri', 'yesterday', 'ieri mattina', 'ieri pomeriggio', 'ieri sera', 'yesterday morning', 'yesterday afternoon'].map((p) => [p, 1] as const),
  ...["l'altro ieri", "l'altroieri", 'altro ieri', 'altroieri', "ieri l'altro", 'avantieri', 'day before yesterday', 'the day before yesterday'].map((p) => [p, 2] as const),
  // Days to come: recognised so that the answer is "that is in the future", not "I did not understand".
  ...['domani', 'domattina', 'domani mattina', 'domani pomeriggio', 'tomorrow', 'tomorrow morning'].map((p) => [p, -1] as const),
  ...['dopodomani', 'day after tomorrow', 'the day after tomorrow'].map((p) => [p, -2] as const),
]);

/** 0 = Sunday, as the day-number arithmetic gives. */
export const WEEKDAYS = new Map<string, number>([
  ['domenica', 0], ['sunday', 0], ['lunedi', 1], ['monday', 1], ['martedi', 2], ['tuesday', 2], ['mercoledi', 3], ['wednesday', 3],
  ['giovedi', 4], ['thursday', 4], ['venerdi', 5], ['friday', 5], ['sabato', 6], ['saturday', 6],
]);
export const WEEKDAY_MODIFIERS = new Set(['scorso', 'scorsa', 'passato', 'passata', 'last', 'past']);
/** "lunedì prossimo", "next monday": a day to come (refused as future by the parser). */
export const NEXT_MODIFIERS = new Set(['prossimo', 'prossima', 'next', 'venturo', 'ventura', 'coming']);

export const MONTHS = new Map<string, number>();
[
  ['gennaio', 'january', 'gen', 'jan'], ['febbraio', 'february', 'feb'], ['marzo', 'march', 'mar'], ['aprile', 'april', 'apr'],
  ['maggio', 'may', 'mag'], ['giugno', 'june', 'giu', 'jun'], ['luglio', 'july', 'lug', 'jul'], ['agosto', 'august', 'ago', 'aug'],
  ['settembre', 'september', 'set', 'sep', 'sept'], ['ottobre', 'october', 'ott', 'oct'], ['novembre', 'november', 'nov'], ['dicembre', 'december', 'dic', 'dec'],
].forEach((names, i) => names.forEach((n) => MONTHS.set(n, i + 1)));

export const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hs', 'hour', 'hours', 'ora', 'ore']);
/** Numbers written as words; taken as hours only right before a unit ("due ore", "two hours"). */
export const NUMBER_WORDS = new Map<string, number>([
  ['uno', 1], ['una', 1], ['due', 2], ['tre', 3], ['quattro', 4], ['cinque', 5], ['sei', 6], ['sette', 7], ['otto', 8], ['nove', 9], ['dieci', 10], ['undici', 11], ['dodici', 12],
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12],
]);
export const MINUTE_UNITS = new Set(['min', 'mins', 'minuti', 'minuto', 'minute', 'minutes']);
export const HOUR_PHRASES = phrases<number>([
  ["mezz'ora", 0.5], ['mezzora', 0.5], ['mezza ora', 0.5], ['half an hour', 0.5], ['half hour', 0.5],
  ["un'ora", 1], ['un ora', 1], ['una ora', 1], ['an hour', 1], ['one hour', 1],
]);

/** After a quantity of hours, half an hour more ("2 ore e mezza", "1 hour and a half"). */
export const HALF_SUFFIXES: ReadonlyArray<readonly [string[], true]> = [
  [['and', 'a', 'half'], true],
  [['e', 'mezza'], true],
  [['e', 'mezzo'], true],
  [['and', 'half'], true],
];

/** Verbs that say "this is an hour report" even before hours or a service are typed ("segna Ahmed"). */
export const REPORT_VERBS = new Set(['segna', 'segnare', 'segnami', 'registra', 'registrare', 'registrami', 'aggiungi', 'aggiungere', 'inserisci', 'inserire', 'log', 'record']);

/** Words that are not the beneficiary, dropped at either edge of a run of leftover words. */
const FILLERS = [
  'con', 'per', 'e', 'ed', 'and', 'with', 'for', 'to', 'by', 'ho', 'abbiamo', 'fatto', 'fatta', 'fatte', 'fatti', 'svolto', 'svolta', 'svolte', 'svolti',
  'erogato', 'erogata', 'erogate', 'erogati', 'did', 'done', 'delivered', 'spent', 'il', 'i', 'gli', 'lo', 'the', 'on', 'of', 'at', 'in', 'nel', 'nella',
  'su', 'sul', 'sulla', 'giorno', 'day', 'data', 'date', 'un', 'una', 'uno', 'an', "un'", "l'", "dell'", "all'", "nell'", "dall'", "sull'",
  'beneficiario', 'beneficiaria', 'beneficiary', 'utente', 'tirocinante', 'trainee', 'intern',
  // Verbs and politeness around a report: "segna 2 ore…", "registra per Ahmed…", "please log…".
  'segna', 'segnare', 'segnami', 'segno', 'segnato', 'registra', 'registrare', 'registrami', 'registro', 'registrato', 'aggiungi', 'aggiungere', 'aggiungo',
  'aggiunto', 'inserisci', 'inserire', 'inserito', 'metti', 'mettere', 'annota', 'annotare', 'ciao', 'grazie', 'favore', 'perfavore', 'prego',
  'please', 'pls', 'log', 'add', 'record', 'report', 'register', 'enter', 'put', 'we', 'have', 'had', 'hi', 'hello', 'thanks', 'sessione', 'session',
];
/** Also names' particles ("Di Stefano", "El Amrani"): dropped only right before a recognised token. */
const NAME_PARTICLES = ['di', 'de', 'da', 'del', 'della', 'dello', 'dei', 'degli', 'delle', 'dal', 'dalla', 'al', 'alla', 'allo', 'ai', 'agli', 'alle', 'la', 'le', 'el'];
export const START_FILLERS = new Set([...FILLERS, 'a', 'ad']);
export const END_FILLERS = new Set([...FILLERS, ...NAME_PARTICLES]);
