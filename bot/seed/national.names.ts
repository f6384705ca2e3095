/**
 * Invented names for the national demo: first names and surnames common in the beneficiaries'
 * countries of origin, combined at random (no real people), each with the language its speakers
 * most likely choose; Italian names for staff; words for entity and company names.
 */

export interface Origin {
  language: string;
  weight: number;
  first: readonly string[];
  last: readonly string[];
}

export const ORIGINS: readonly Origin[] = [
  { language: 'en', weight: 14, first: ['Chinedu', 'Emeka', 'Ifeanyi', 'Oluwaseun', 'Tunde', 'Blessing', 'Chioma', 'Ngozi', 'Adebayo', 'Uchenna', 'Precious', 'Godwin', 'Favour', 'Kelechi'], last: ['Okafor', 'Eze', 'Adeyemi', 'Okonkwo', 'Ogunleye', 'Nwosu', 'Balogun', 'Obi', 'Ibekwe', 'Okoro', 'Adeleke', 'Nnamdi'] },
  { language: 'en', weight: 9, first: ['Lamin', 'Ebrima', 'Modou', 'Alieu', 'Fatou', 'Isatou', 'Mariama', 'Ousman', 'Bakary', 'Musa'], last: ['Jallow', 'Ceesay', 'Sowe', 'Touray', 'Jammeh', 'Darboe', 'Sanneh', 'Manneh', 'Njie', 'Conteh'] },
  { language: 'en', weight: 3, first: ['Kwame', 'Kofi', 'Kwabena', 'Yaw', 'Ama', 'Akosua', 'Abena', 'Kojo'], last: ['Mensah', 'Asante', 'Owusu', 'Boateng', 'Osei', 'Appiah', 'Agyeman', 'Darko'] },
  { language: 'fr', weight: 8, first: ['Mamadou', 'Cheikh', 'Moussa', 'Abdoulaye', 'Aminata', 'Awa', 'Khady', 'Ibrahima', 'Babacar', 'Ndeye'], last: ['Diop', 'Ndiaye', 'Fall', 'Sow', 'Gueye', 'Faye', 'Sarr', 'Diouf', 'Mbaye', 'Seck'] },
  { language: 'fr', weight: 8, first: ['Seydou', 'Bakary', 'Oumar', 'Souleymane', 'Kadiatou', 'Fatoumata', 'Adama', 'Drissa'], last: ['Traoré', 'Keita', 'Coulibaly', 'Diarra', 'Konaté', 'Sissoko', 'Doumbia', 'Sangaré'] },
  { language: 'fr', weight: 7, first: ['Alpha', 'Thierno', 'Aissatou', 'Mariame', 'Ousmane', 'Saliou', 'Hawa', 'Sekou'], last: ['Diallo', 'Barry', 'Bah', 'Camara', 'Condé', 'Sylla', 'Soumah', 'Baldé'] },
  { language: 'fr', weight: 6, first: ['Yao', 'Koffi', 'Konan', 'Aya', 'Adjoua', 'Serge', 'Didier', 'Ange'], last: ['Kouassi', 'Kouadio', 'Koné', 'Ouattara', "N'Guessan", 'Bamba', 'Touré', 'Yapi'] },
  { language: 'ur', weight: 11, first: ['Muhammad', 'Ali', 'Usman', 'Bilal', 'Hamza', 'Imran', 'Ayesha', 'Sana', 'Zain', 'Faisal', 'Naveed'], last: ['Khan', 'Ahmed', 'Hussain', 'Malik', 'Butt', 'Iqbal', 'Raza', 'Qureshi', 'Chaudhry', 'Mirza'] },
  { language: 'bn', weight: 10, first: ['Rahim', 'Karim', 'Farhan', 'Sabbir', 'Tanvir', 'Nusrat', 'Tahmina', 'Shahid', 'Rakib', 'Mim'], last: ['Uddin', 'Rahman', 'Hossain', 'Akter', 'Islam', 'Begum', 'Miah', 'Chowdhury', 'Sarker', 'Alam'] },
  { language: 'ps', weight: 4, first: ['Gul', 'Zalmay', 'Wahid', 'Naqibullah', 'Rahmatullah', 'Habibullah', 'Mirwais', 'Shabnam', 'Malalai'], last: ['Zadran', 'Popal', 'Stanikzai', 'Wardak', 'Mohmand', 'Safi', 'Shinwari', 'Ahmadzai'] },
  { language: 'fa', weight: 4, first: ['Ahmad', 'Mahdi', 'Reza', 'Sediqa', 'Nasrin', 'Farid', 'Hamid', 'Zahra', 'Mariam'], last: ['Karimi', 'Hashimi', 'Ahmadi', 'Rezaei', 'Hosseini', 'Mohammadi', 'Noori', 'Sultani', 'Amiri', 'Jafari'] },
  { language: 'so', weight: 5, first: ['Abdullahi', 'Abdirahman', 'Hodan', 'Halima', 'Fadumo', 'Ayaan', 'Hassan', 'Yusuf', 'Said'], last: ['Warsame', 'Abdi', 'Farah', 'Mohamud', 'Osman', 'Jama', 'Aden', 'Ismail'] },
  { language: 'ti', weight: 4, first: ['Yonas', 'Tesfaye', 'Dawit', 'Senait', 'Filmon', 'Haben', 'Semhar', 'Mehari', 'Yohannes'], last: ['Gebremedhin', 'Tesfay', 'Haile', 'Berhane', 'Kidane', 'Tekle', 'Woldu', 'Ghebre', 'Asfaha'] },
  { language: 'ar', weight: 4, first: ['Mohamed', 'Ahmed', 'Osman', 'Ibrahim', 'Mustafa', 'Amna', 'Fatima', 'Hawa', 'Adam', 'Yahia'], last: ['Abdalla', 'Elhassan', 'Mahmoud', 'Idris', 'Suleiman', 'Hamid', 'Omer', 'Babiker'] },
  { language: 'ar', weight: 3, first: ['Youssef', 'Karim', 'Omar', 'Amine', 'Mehdi', 'Nour', 'Salma', 'Ayoub', 'Yasmine'], last: ['El Amrani', 'Benali', 'Bouzid', 'Haddad', 'Mansour', 'Trabelsi', 'Ben Salah', 'El Idrissi', 'Hamdi'] },
];

/** Share of beneficiaries who chose Italian for the bot (most have good Italian by the internship). */
export const ITALIAN_SHARE = 0.2;

export const ITALIAN_FIRST = ['Giulia', 'Marco', 'Chiara', 'Luca', 'Sara', 'Francesca', 'Alessandro', 'Elena', 'Davide', 'Martina', 'Andrea', 'Federica', 'Matteo', 'Valentina', 'Simone', 'Silvia', 'Stefano', 'Laura', 'Paolo', 'Anna', 'Giorgio', 'Roberta', 'Fabio', 'Ilaria', 'Nicola', 'Serena', 'Emanuele', 'Alessia', 'Riccardo', 'Daniela'];
export const ITALIAN_LAST = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Vitale', 'Serra', 'Fabbri', 'Pellegrini'];

export const ENTITY_NAME_PATTERNS: Record<string, readonly string[]> = {
  social_cooperative: ['Cooperativa Sociale {w}', 'Società Cooperativa {w}', 'Consorzio Sociale {w}'],
  training_body: ['Centro di Formazione {w}', 'Ente di Formazione {w}', 'Istituto Professionale {w}'],
  employment_agency: ['Agenzia per il Lavoro {w}', '{w} Lavoro', 'Servizi per il Lavoro {w}'],
  union: ['CISL Servizi {p}', 'CGIL Servizi per il Lavoro {p}', 'UIL Lavoro {p}'],
  employer_association: ['Confartigianato Formazione {p}', 'CNA Servizi {p}', 'Confcooperative {p}'],
  bilateral_body: ['Ente Bilaterale {w} {p}', 'Ente Bilaterale Edilizia {p}', 'Ente Bilaterale Turismo {p}'],
};
export const ENTITY_WORDS = ['Il Ponte', 'Orizzonte', 'Il Girasole', 'Nuovi Passi', 'La Rete', 'Approdo', 'Mosaico', 'Futura', 'Il Faro', 'Terra Comune', 'Accoglienza', 'Insieme', 'La Bussola', 'Crocevia', 'Arcobaleno', 'Porto Sicuro', 'Radici', 'Germoglio'];

/** Host company names per ATECO section ({s}: a surname, {p}: the province), and the legal forms to append. */
export const COMPANY_PATTERNS: Record<string, readonly string[]> = {
  F: ['Edilizia {s}', 'Costruzioni {s}', 'Impresa Edile {s}'],
  S: ['Lavanderia {s}', 'Servizi alla Persona {s}', 'Parrucchieria {s}'],
  A: ['Azienda Agricola {s}', 'Cascina {s}', 'Vivai {s}', 'Cooperativa Agricola {p}'],
  N: ['Logistica {s}', 'Pulizie {s}', 'Servizi Integrati {p}', 'Multiservizi {s}'],
  Q: ['RSA {s}', 'Cooperativa Assistenza {p}', 'Casa di Cura {s}'],
  C: ['Metalmeccanica {s}', 'Officina {s}', 'Falegnameria {s}', 'Panificio {s}', 'Caseificio {s}'],
  G: ['Supermercati {s}', 'Ortofrutta {s}', 'Ferramenta {s}'],
  I: ['Ristorante {s}', 'Hotel {s}', 'Trattoria {s}', 'Mensa {p}'],
  H: ['Trasporti {s}', 'Autotrasporti {s}'],
  M: ['Studio Tecnico {s}'],
  P: ['Scuola di Lingue {s}'],
};
export const LEGAL_FORMS = ['srl', 'snc', 'sas', 'spa', ''];
