import { describe, expect, it } from 'vitest';
import { loadContent } from '../../../bot/content/content.loader';
import { searchGlossary, searchTips, withinOneEdit } from '../../../core/content/glossary.search';
import { normalizeText } from '../../../core/content/text-normalize';

const { glossary, tips } = loadContent();

function top(query: string): string | undefined {
  return searchGlossary(query, glossary)[0]?.id;
}

describe('normalizeText', () => {
  it('folds case, Latin accents, punctuation and spaces', () => {
    expect(normalizeText('  Fiche   de PAIE!! ')).toBe('fiche de paie');
    expect(normalizeText('Indennità – Tirocinio')).toBe('indennita tirocinio');
    expect(normalizeText('Centro per l’Impiego')).toBe('centro per l impiego');
  });

  it('removes zero-width and bidi control characters', () => {
    expect(normalizeText('bu\u200Bsta\u200D pa\u2068ga\u2069\u200F')).toBe('busta paga');
    expect(normalizeText('\uFEFFcpi\u202E')).toBe('cpi');
  });

  it('folds Arabic-script variants and removes harakat and tatweel', () => {
    expect(normalizeText('قَسِيمَة الرَّاتِب')).toBe(normalizeText('قسيمه الراتب'));
    expect(normalizeText('إقامة')).toBe(normalizeText('اقامه'));
    expect(normalizeText('آمادگی')).toBe(normalizeText('امادگي'));
    expect(normalizeText('الـــراتب')).toBe(normalizeText('الراتب'));
    expect(normalizeText('کد مالیاتی')).toBe(normalizeText('كد مالياتي'));
    expect(normalizeText('تنخواہ')).toBe(normalizeText('تنخواه'));
    expect(normalizeText('ﻗﺴﻴﻤﺔ')).toBe(normalizeText('قسيمة')); // presentation forms via NFKC
  });

  it('folds Arabic-Indic and Persian digits', () => {
    expect(normalizeText('۸۰۰ ٢٩٠ 290')).toBe('800 290 290');
  });

  it('leaves Bengali and Ethiopic letters as they are', () => {
    expect(normalizeText('বেতনের স্লিপ')).toBe('বেতনের স্লিপ');
    expect(normalizeText('ወረቐት ደሞዝ።')).toBe('ወረቐት ደሞዝ');
  });
});

describe('withinOneEdit', () => {
  it('accepts one insertion, deletion, substitution or swap', () => {
    expect(withinOneEdit('payslip', 'payslp')).toBe(true);
    expect(withinOneEdit('payslip', 'paysliip')).toBe(true);
    expect(withinOneEdit('payslip', 'paysljp')).toBe(true);
    expect(withinOneEdit('payslip', 'payslpi')).toBe(true);
    expect(withinOneEdit('payslip', 'pyaslpi')).toBe(false);
  });
});

describe('searchGlossary', () => {
  it('finds busta_paga from English, Italian, French and Arabic', () => {
    for (const q of ['payslip', 'busta paga', 'fiche de paie', 'قسيمة الراتب']) expect(top(q), q).toBe('busta_paga');
  });

  it('Arabic with and without diacritics and with variant letters', () => {
    expect(top('قَسِيمَةُ الرَّاتِبِ')).toBe('busta_paga');
    expect(top('قسيمه الراتب')).toBe('busta_paga');
    expect(top('تصريح الاقامه')).toBe('permesso_soggiorno');
    expect(top('تَصْرِيحُ الإِقَامَةِ')).toBe('permesso_soggiorno');
  });

  it('Farsi/Dari typed with Arabic or Persian keyboard letters (ی ک / ي ك)', () => {
    expect(top('کد مالیاتی')).toBe('codice_fiscale');
    expect(top('كد مالياتي')).toBe('codice_fiscale');
    expect(top('فیش معاش')).toBe('busta_paga');
    expect(top('فيش معاش')).toBe('busta_paga');
  });

  it('Urdu, also typed with Arabic heh and yeh', () => {
    expect(top('تنخواہ کی پرچی')).toBe('busta_paga');
    expect(top('تنخواه كي پرچي')).toBe('busta_paga');
    expect(top('رہائشی اجازت نامہ')).toBe('permesso_soggiorno');
  });

  it('Bengali, Pashto, Tigrinya and Somali', () => {
    expect(top('বেতনের স্লিপ')).toBe('busta_paga');
    expect(top('د معاش پاڼه')).toBe('busta_paga');
    expect(top('ወረቐት ደሞዝ')).toBe('busta_paga');
    expect(top('warqadda mushaharka')).toBe('busta_paga');
  });

  it('matches Italian terms and abbreviations from any language context', () => {
    expect(top('codice fiscale')).toBe('codice_fiscale');
    expect(top('Patto di Servizio')).toBe('patto_servizio');
    expect(top('DID')).toBe('did');
    expect(top('cpi')).toBe('cpi');
    expect(top('CU')).toBe('certificazione_unica');
    expect(top('nullaosta')).toBe('nulla_osta');
  });

  it('tolerates one typo in Latin words of 5+ letters', () => {
    expect(top('payslp')).toBe('busta_paga');
    expect(top('pasylip')).toBe('busta_paga');
    expect(top('questrua')).toBe('questura');
    expect(top('tirocino')).toBe('tirocinio');
    expect(top('apprendistatto')).toBe('apprendistato');
  });

  it('does not apply typo tolerance to short words', () => {
    expect(searchGlossary('spdi', glossary).map((h) => h.id)).not.toContain('spid');
  });

  it('matches word prefixes', () => {
    expect(top('payslips')).toBe('busta_paga');
    expect(top('apprendist')).toBe('apprendistato');
    expect(top('somministr')).toBe('somministrazione');
  });

  it('ignores zero-width and bidi characters in the query', () => {
    expect(top('pay\u200Bslip')).toBe('busta_paga');
    expect(top('\u2067قسيمة\u200C الراتب\u2069')).toBe('busta_paga');
    expect(top('\u200Fbusta\u200E paga')).toBe('busta_paga');
  });

  it('returns nothing for nonsense or empty queries', () => {
    expect(searchGlossary('xqzvw blorptk', glossary)).toEqual([]);
    expect(searchGlossary('', glossary)).toEqual([]);
    expect(searchGlossary('  \u200B ', glossary)).toEqual([]);
    expect(searchGlossary('di', glossary)).toEqual([]);
  });

  it('sorts best first and honours the limit', () => {
    const hits = searchGlossary('contratto', glossary, { limit: 3 });
    expect(hits.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(['contratto_tempo_determinato', 'contratto_tempo_indeterminato']).toContain(hits[0]?.id);
  });
});

describe('searchTips', () => {
  it('finds topics in several languages', () => {
    expect(searchTips('payslip', tips)[0]?.id).toBe('payslip');
    expect(searchTips('sfruttamento', tips)[0]?.id).toBe('help_exploitation');
    expect(searchTips('caporalato', tips)[0]?.id).toBe('help_exploitation');
    expect(searchTips('entretien', tips)[0]?.id).toBe('interview');
    expect(searchTips('cpia', tips)[0]?.id).toBe('language_courses');
    expect(searchTips('استغلال', tips)[0]?.id).toBe('help_exploitation');
    expect(searchTips('سی وی', tips)[0]?.id).toBe('cv_italian_europass');
    expect(searchTips('xqzvw', tips)).toEqual([]);
  });
});
