/**
 * Italy's provinces (and metropolitan cities) with their two-letter sigla and region. Entities,
 * beneficiary profiles and internships all store the province by NAME ("Torino"), so that reports and
 * coordinators' province scopes group one place once; tutors may type the name or the sigla.
 * Sardinia: the 2016 set (SS, NU, CA, OR, SU); update when its 2025 reform takes effect in the data.
 */

export interface Province {
  code: string;
  name: string;
  region: string;
}

const BY_REGION: Record<string, Array<[string, string]>> = {
  Piemonte: [['TO', 'Torino'], ['VC', 'Vercelli'], ['NO', 'Novara'], ['CN', 'Cuneo'], ['AT', 'Asti'], ['AL', 'Alessandria'], ['BI', 'Biella'], ['VB', 'Verbano-Cusio-Ossola']],
  "Valle d'Aosta": [['AO', 'Aosta']],
  Lombardia: [['VA', 'Varese'], ['CO', 'Como'], ['SO', 'Sondrio'], ['MI', 'Milano'], ['BG', 'Bergamo'], ['BS', 'Brescia'], ['PV', 'Pavia'], ['CR', 'Cremona'], ['MN', 'Mantova'], ['LC', 'Lecco'], ['LO', 'Lodi'], ['MB', 'Monza e della Brianza']],
  'Trentino-Alto Adige': [['BZ', 'Bolzano'], ['TN', 'Trento']],
  Veneto: [['VR', 'Verona'], ['VI', 'Vicenza'], ['BL', 'Belluno'], ['TV', 'Treviso'], ['VE', 'Venezia'], ['PD', 'Padova'], ['RO', 'Rovigo']],
  'Friuli-Venezia Giulia': [['UD', 'Udine'], ['GO', 'Gorizia'], ['TS', 'Trieste'], ['PN', 'Pordenone']],
  Liguria: [['IM', 'Imperia'], ['SV', 'Savona'], ['GE', 'Genova'], ['SP', 'La Spezia']],
  'Emilia-Romagna': [['PC', 'Piacenza'], ['PR', 'Parma'], ['RE', 'Reggio Emilia'], ['MO', 'Modena'], ['BO', 'Bologna'], ['FE', 'Ferrara'], ['RA', 'Ravenna'], ['FC', 'Forlì-Cesena'], ['RN', 'Rimini']],
  Toscana: [['MS', 'Massa-Carrara'], ['LU', 'Lucca'], ['PT', 'Pistoia'], ['FI', 'Firenze'], ['LI', 'Livorno'], ['PI', 'Pisa'], ['AR', 'Arezzo'], ['SI', 'Siena'], ['GR', 'Grosseto'], ['PO', 'Prato']],
  Umbria: [['PG', 'Perugia'], ['TR', 'Terni']],
  Marche: [['PU', 'Pesaro e Urbino'], ['AN', 'Ancona'], ['MC', 'Macerata'], ['AP', 'Ascoli Piceno'], ['FM', 'Fermo']],
  Lazio: [['VT', 'Viterbo'], ['RI', 'Rieti'], ['RM', 'Roma'], ['LT', 'Latina'], ['FR', 'Frosinone']],
  Abruzzo: [['AQ', "L'Aquila"], ['TE', 'Teramo'], ['PE', 'Pescara'], ['CH', 'Chieti']],
  Molise: [['CB', 'Campobasso'], ['IS', 'Isernia']],
  Campania: [['CE', 'Caserta'], ['BN', 'Benevento'], ['NA', 'Napoli'], ['AV', 'Avellino'], ['SA', 'Salerno']],
  Puglia: [['FG', 'Foggia'], ['BA', 'Bari'], ['TA', 'Taranto'], ['BR', 'Brindisi'], ['LE', 'Lecce'], ['BT', 'Barletta-Andria-Trani']],
  Basilicata: [['PZ', 'Potenza'], ['MT', 'Matera']],
  Calabria: [['CS', 'Cosenza'], ['CZ', 'Catanzaro'], ['RC', 'Reggio Calabria'], ['KR', 'Crotone'], ['VV', 'Vibo Valentia']],
  Sicilia: [['TP', 'Trapani'], ['PA', 'Palermo'], ['ME', 'Messina'], ['AG', 'Agrigento'], ['CL', 'Caltanissetta'], ['EN', 'Enna'], ['CT', 'Catania'], ['RG', 'Ragusa'], ['SR', 'Siracusa']],
  Sardegna: [['SS', 'Sassari'], ['NU', 'Nuoro'], ['CA', 'Cagliari'], ['OR', 'Oristano'], ['SU', 'Sud Sardegna']],
};

export const PROVINCES: readonly Province[] = Object.entries(BY_REGION).flatMap(([region, list]) => list.map(([code, name]) => ({ code, name, region })));

/** Lower case, no accents, apostrophes and dashes as spaces: "forli cesena" = "Forlì-Cesena". */
function key(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´'\-.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const INDEX = new Map<string, Province>();
for (const p of PROVINCES) {
  INDEX.set(key(p.name), p);
  INDEX.set(key(p.code), p);
}
// Names people commonly use for the same place.
for (const [alias, code] of [['reggio nell emilia', 'RE'], ['reggio di calabria', 'RC'], ['monza', 'MB'], ['bolzano bozen', 'BZ'], ['aquila', 'AQ'], ['massa carrara', 'MS'], ['pesaro', 'PU'], ['verbania', 'VB']] as const) {
  INDEX.set(alias, PROVINCES.find((p) => p.code === code)!);
}

/** The province a tutor typed, by name or sigla, in any case, with or without accents; undefined if unknown. */
export function findProvince(typed: string): Province | undefined {
  return INDEX.get(key(typed));
}

/** Italy's regions, by the names the data uses (the keys of the province table). */
export const REGIONS: readonly string[] = Object.keys(BY_REGION);

const REGION_INDEX = new Map<string, string>(REGIONS.map((r) => [key(r), r]));
// Names people commonly use for the same region.
for (const [alias, region] of [['valle d aosta vallee d aoste', "Valle d'Aosta"], ['trentino alto adige sudtirol', 'Trentino-Alto Adige'], ['friuli', 'Friuli-Venezia Giulia'], ['emilia', 'Emilia-Romagna'], ['sardinia', 'Sardegna'], ['sicily', 'Sicilia'], ['tuscany', 'Toscana'], ['lombardy', 'Lombardia'], ['piedmont', 'Piemonte'], ['apulia', 'Puglia']] as const) {
  REGION_INDEX.set(alias, region);
}

/** The region typed, in any case, with or without accents and dashes ("emilia romagna"); undefined if unknown. */
export function findRegion(typed: string): string | undefined {
  return REGION_INDEX.get(key(typed));
}

/** Provinces of a region, by name. */
export function provincesOf(region: string): Province[] {
  return PROVINCES.filter((p) => p.region === region);
}
