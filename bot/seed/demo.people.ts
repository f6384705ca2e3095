/**
 * The demo programme's cast, shaped like ../shared/DOMAIN.md: Piemonte, PUOI, entities of each kind,
 * beneficiaries of each protection category and every internship status. Names are invented.
 */
export const DEMO_REGION = 'Piemonte';

export const DEMO_ENTITIES = [
  { code: 'E-TO-01', name: 'Cooperativa Sociale Il Ponte', type: 'social_cooperative', province: 'Torino' },
  { code: 'E-TO-02', name: 'Agenzia per il Lavoro Mole', type: 'employment_agency', province: 'Torino' },
  { code: 'E-CN-01', name: 'Centro di Formazione Granda', type: 'training_body', province: 'Cuneo' },
  { code: 'E-AL-01', name: 'Ente Bilaterale Alessandria', type: 'bilateral_body', province: 'Alessandria' },
  { code: 'E-NO-01', name: 'CISL Servizi Novara', type: 'union', province: 'Novara' },
] as const;

export const DEMO_TUTORS = [
  { code: 'T-0001', fullName: 'Giulia Ferrero', entity: 'E-TO-01', phone: '+39 011 555 0101' },
  { code: 'T-0002', fullName: 'Marco Bianco', entity: 'E-TO-02', phone: '+39 011 555 0102' },
  { code: 'T-0003', fullName: 'Chiara Gallo', entity: 'E-CN-01', phone: '+39 0171 555 0103' },
  { code: 'T-0004', fullName: 'Luca Rosso', entity: 'E-AL-01', phone: '+39 0131 555 0104' },
  { code: 'T-0005', fullName: 'Sara Conti', entity: 'E-NO-01', phone: '+39 0321 555 0105' },
] as const;

export const DEMO_COORDINATOR = { code: 'C-0001', fullName: 'Elena Martini', region: DEMO_REGION };
export const DEMO_ADMIN = { code: 'A-0001', fullName: 'Paolo Ricci' };

type Status = 'clearance_requested' | 'clearance_refused' | 'not_activated' | 'activated' | 'in_progress' | 'concluded' | 'ceased' | 'cancelled';

export interface DemoBeneficiary {
  code: string;
  fullName: string;
  language: string;
  category: 'international_protection' | 'humanitarian' | 'special_case' | 'special_protection' | 'ex_unaccompanied_minor';
  tutor: string;
  status: Status;
  /** Days since the path started. */
  pathAgeDays: number;
  host?: { company: string; ateco: string };
}

const row = (code: string, fullName: string, language: string, category: DemoBeneficiary['category'], tutor: string, status: Status, pathAgeDays: number, host?: [string, string]): DemoBeneficiary => ({
  code,
  fullName,
  language,
  category,
  tutor,
  status,
  pathAgeDays,
  host: host ? { company: host[0], ateco: host[1] } : undefined,
});

export const DEMO_BENEFICIARIES: DemoBeneficiary[] = [
  row('B-0001', 'Ahmed Hassan', 'ar', 'international_protection', 'T-0001', 'in_progress', 120, ['Edilizia Sabauda srl', 'F']),
  row('B-0002', 'Fatima Diallo', 'fr', 'ex_unaccompanied_minor', 'T-0001', 'activated', 60, ['Ristorante Il Gianduja', 'I']),
  row('B-0003', 'Rahim Uddin', 'bn', 'humanitarian', 'T-0001', 'not_activated', 45),
  row('B-0004', 'Abdullahi Warsame', 'so', 'international_protection', 'T-0001', 'concluded', 320, ['Logistica Po spa', 'N']),
  row('B-0005', 'Mariam Tesfay', 'ti', 'international_protection', 'T-0001', 'clearance_requested', 20),
  row('B-0006', 'Ahmed Karimi', 'fa', 'special_protection', 'T-0001', 'in_progress', 150, ['Cascina Val Susa', 'A']),
  row('B-0007', 'Bilal Khan', 'ur', 'special_case', 'T-0002', 'ceased', 200, ['Metalmeccanica Dora', 'C']),
  row('B-0008', 'Gul Ahmad Zadran', 'ps', 'international_protection', 'T-0002', 'in_progress', 130, ['Supermercati Subalpini', 'G']),
  row('B-0009', 'Ousmane Camara', 'fr', 'ex_unaccompanied_minor', 'T-0002', 'concluded', 400, ['Hotel Lingotto', 'I']),
  row('B-0010', 'Joy Okafor', 'en', 'humanitarian', 'T-0002', 'activated', 70, ['RSA Collina Serena', 'Q']),
  row('B-0011', 'Mohamed Traoré', 'fr', 'international_protection', 'T-0002', 'not_activated', 40),
  row('B-0012', 'Sadia Akter', 'bn', 'special_protection', 'T-0002', 'cancelled', 90),
  row('B-0013', 'Yonas Gebremedhin', 'ti', 'international_protection', 'T-0003', 'in_progress', 215, ['Caseificio delle Langhe', 'C']),
  row('B-0014', 'Amina Yusuf', 'so', 'humanitarian', 'T-0003', 'concluded', 380, ['Cooperativa Pulizie Cuneo', 'N']),
  row('B-0015', 'Lamin Jallow', 'en', 'ex_unaccompanied_minor', 'T-0003', 'activated', 65, ['Vivai Monviso', 'A']),
  row('B-0016', 'Karim Benali', 'ar', 'special_case', 'T-0003', 'ceased', 210, ['Edilizia Alpina', 'F']),
  row('B-0017', 'Imran Hossain', 'bn', 'international_protection', 'T-0003', 'clearance_requested', 15),
  row('B-0018', 'Habiba Noori', 'fa', 'international_protection', 'T-0003', 'clearance_refused', 80),
  row('B-0019', 'Samuel Mensah', 'en', 'humanitarian', 'T-0004', 'in_progress', 125, ['Trasporti Tanaro', 'H']),
  row('B-0020', 'Aisha Bello', 'en', 'special_protection', 'T-0004', 'concluded', 500, ['Pasticceria Mandrogna', 'C']),
  row('B-0021', 'Youssef El Amrani', 'ar', 'ex_unaccompanied_minor', 'T-0004', 'not_activated', 50),
  row('B-0022', 'Naveed Ahmed', 'ur', 'international_protection', 'T-0004', 'activated', 55, ['Officina Meccanica Bormida', 'C']),
  row('B-0023', 'Mamadou Sow', 'fr', 'international_protection', 'T-0004', 'ceased', 230, ['Agricola Monferrato', 'A']),
  row('B-0024', 'Saba Haile', 'ti', 'humanitarian', 'T-0004', 'concluded', 360, ['Servizi Turistici Acqui', 'N']),
  row('B-0025', 'Farhan Rahman', 'bn', 'special_case', 'T-0005', 'in_progress', 220, ['Ristorazione Collettiva Novarese', 'I']),
  row('B-0026', 'Halima Abdi', 'so', 'ex_unaccompanied_minor', 'T-0005', 'activated', 62, ['Assistenza Domiciliare Ticino', 'Q']),
  row('B-0027', 'Sayed Hashimi', 'ps', 'international_protection', 'T-0005', 'clearance_requested', 10),
  row('B-0028', 'Chinedu Eze', 'en', 'humanitarian', 'T-0005', 'concluded', 420, ['Riseria Novarese', 'C']),
  row('B-0029', 'Zainab Sesay', 'en', 'special_protection', 'T-0005', 'not_activated', 35),
  row('B-0030', 'Omar Faruk', 'ar', 'international_protection', 'T-0005', 'in_progress', 128, ['Costruzioni Sesia', 'F']),
  row('B-0031', 'Aliou Ba', 'fr', 'ex_unaccompanied_minor', 'T-0001', 'ceased', 215, ['Panificio San Salvario', 'C']),
  row('B-0032', 'Tahmina Begum', 'bn', 'humanitarian', 'T-0002', 'concluded', 450, ['Sartoria Quadrilatero', 'C']),
  row('B-0033', 'Kofi Asante', 'en', 'international_protection', 'T-0003', 'in_progress', 132, ['Autoriparazioni Bra', 'G']),
  row('B-0034', 'Hamza Mirza', 'ur', 'special_protection', 'T-0004', 'in_progress', 126, ['Vetreria Valenza', 'C']),
  row('B-0035', 'Nasrin Ahmadi', 'fa', 'international_protection', 'T-0005', 'activated', 58, ['Mensa Aziendale Trecate', 'I']),
  row('B-0036', 'Ibrahima Keita', 'fr', 'ex_unaccompanied_minor', 'T-0002', 'clearance_refused', 75),
];
