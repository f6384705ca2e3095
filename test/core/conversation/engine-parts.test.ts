import { describe, expect, it } from 'vitest';
import { decodeAction, encodeGlobal, encodeScreenAction, MAX_ACTION_BYTES } from '../../../core/conversation/action-data';
import { COMMAND_WORDS, commandLexicon, parseTextCommand } from '../../../core/conversation/text-commands';
import { I18nextTranslator } from '../../../bot/i18n/translator';
import { matchChoice } from '../../../core/conversation/engine';
import { KeyedSerializer } from '../../../core/conversation/keyed-serializer';
import { isolate, needsIsolation, stripIsolation } from '../../../core/conversation/bidi';
import { lockedUntil, triesLeft } from '../../../core/onboarding/code-lockout';
import { formatInviteCode, makeInviteCode, normalizeInviteCode } from '../../../core/onboarding/invite-code';
import { matchLanguage } from '../../../core/languages';

describe('button data', () => {
  it('round-trips screen, global and feature actions', () => {
    expect(decodeAction(encodeScreenAction(42, 'i.path'))).toEqual({ kind: 'screen', version: 42, value: 'i.path' });
    expect(decodeAction(encodeGlobal('menu'))).toEqual({ kind: 'global', command: 'menu' });
    expect(decodeAction('ap:confirm:abc')).toEqual({ kind: 'feature', prefix: 'ap', rest: 'confirm:abc' });
    expect(decodeAction('g.reboot')).toEqual({ kind: 'invalid' });
    expect(decodeAction('💥')).toEqual({ kind: 'invalid' });
  });

  it('refuses data over Telegram’s 64 bytes', () => {
    expect(() => encodeScreenAction(1, 'x'.repeat(MAX_ACTION_BYTES))).toThrow(/too long/);
  });
});

describe('text commands', () => {
  it.each([
    ['/start', { command: 'start' }],
    ['/start ABCD-2345', { command: 'start', payload: 'ABCD-2345' }],
    ['/menu@PonteBot', { command: 'menu' }],
    ['Menu', { command: 'menu' }],
    ['aiuto', { command: 'help' }],
    ['/lingua', { command: 'language' }],
    ['annulla', { command: 'cancel' }],
    ['\u200Bmenu\u200F', { command: 'menu' }],
  ])('%s', (text, want) => expect(parseTextCommand(text)).toEqual(want));

  it.each(['hello', 'menu please', '/menu now', 'start the report', '3 ore tutoraggio Ahmed ieri'])('ordinary text: %s', (text) => {
    expect(parseTextCommand(text)).toBeUndefined();
  });

  it('"stop" is its own command (stop reminders), not "cancel"', () => {
    expect(parseTextCommand('stop')).toEqual({ command: 'stop' });
    expect(parseTextCommand('/stop')).toEqual({ command: 'stop' });
  });
});

describe('command words of every language (locale data)', async () => {
  const translator = await I18nextTranslator.create();
  const { lexicon, conflicts } = commandLexicon(translator);

  it('every language has a word for every command, and no word means two commands', () => {
    expect(conflicts).toEqual([]);
    for (const lng of translator.languages()) {
      for (const command of COMMAND_WORDS) {
        const words = translator.t(lng, `common:commands.${command}`).split('|');
        expect(words.length, `${lng} ${command}`).toBeGreaterThan(0);
        for (const w of words) expect(parseTextCommand(w, lexicon), `${lng} ${command}: ${w}`).toMatchObject({ command });
      }
    }
  });

  it.each([
    ['aiuto', 'help'],
    ['مساعدة', 'help'],
    ['مدد', 'help'],
    ['সাহায্য', 'help'],
    ['ሓገዝ', 'help'],
    ['Caawimaad', 'help'],
    ['إلغاء', 'cancel'],
    ['الغاء', 'cancel'], // typed without the hamza
    ['ANNULLA!', 'cancel'],
    ['زبان', 'language'],
    ['ቋንቋ', 'language'],
    ['القائمة', 'menu'],
    ['menù', 'menu'],
    ['رجوع', 'back'],
    ['توقف', 'stop'],
    ['jooji', 'stop'],
    ['ደው በል', 'stop'],
    ['basta', 'stop'],
  ])('%s → %s', (word, command) => expect(parseTextCommand(word, lexicon)).toMatchObject({ command }));

  it.each(['مساعدة في العقد', 'help me with my CV', 'stop the internship?', 'x'.repeat(500)])('not a command: %s', (text) => {
    expect(parseTextCommand(text, lexicon)).toBeUndefined();
  });
});

describe('typed answers to buttons', () => {
  const choices: Array<[string, string]> = [['✅ I agree', 'yes'], ['❌ I do not agree', 'no']];
  it('matches a label regardless of case and invisible marks, or a number', () => {
    expect(matchChoice(choices, '✅ i AGREE', true)).toBe('yes');
    expect(matchChoice(choices, '\u2068✅ I agree\u2069', true)).toBe('yes');
    expect(matchChoice(choices, '2', true)).toBe('no');
    expect(matchChoice(choices, '2', false)).toBeUndefined();
    expect(matchChoice(choices, '9', true)).toBeUndefined();
  });
});

describe('per-chat ordering', () => {
  it('runs one key in order and other keys alongside', async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = s.run('a', async () => {
      await gate;
      log.push('a1');
    });
    const a2 = s.run('a', async () => log.push('a2'));
    const b1 = s.run('b', async () => log.push('b1'));
    await b1;
    expect(log).toEqual(['b1']);
    release();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
  });

  it('keeps going after a failed task', async () => {
    const s = new KeyedSerializer();
    await expect(s.run('k', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(s.run('k', async () => 7)).resolves.toBe(7);
  });
});

describe('bidi isolation', () => {
  it('isolates values in right-to-left sentences and RTL values anywhere', () => {
    expect(needsIsolation(true, 'B-0042')).toBe(true);
    expect(needsIsolation(false, 'Ahmed')).toBe(false);
    expect(needsIsolation(false, 'أحمد')).toBe(true);
    expect(isolate('B-0042')).toBe('\u2068B-0042\u2069');
    expect(isolate(isolate('x'))).toBe('\u2068x\u2069');
    expect(stripIsolation('a\u2068b\u2069')).toBe('ab');
  });
});

describe('invite codes', () => {
  it.each([
    ['abcd-2345', 'ABCD2345'],
    ['ABCD–2345', 'ABCD2345'], // en dash
    ['ABCD—2345', 'ABCD2345'], // em dash
    ['ABCD−2345', 'ABCD2345'], // minus sign
    ['ABCD‑2345', 'ABCD2345'], // non-breaking hyphen
    ['ABCD ‐ 2345', 'ABCD2345'], // hyphen with spaces
    ['ABCD_2345.', 'ABCD2345'],
    ['abcd-٢٣٤٥', 'ABCD2345'], // Arabic-Indic digits
    ['ABCD-۲۳۴۵', 'ABCD2345'], // Persian digits
    ['ABCD-২৩৪৫', 'ABCD2345'], // Bengali digits
    ['ABCD-२३४५', 'ABCD2345'], // Devanagari digits
    ['ＡＢＣＤ－２３４５', 'ABCD2345'], // fullwidth
    ['\u2068ABCD-2345\u2069\u200F', 'ABCD2345'],
    ['a b c d 2 3 4 5', 'ABCD2345'],
  ])('reads %s as %s', (typed, code) => expect(normalizeInviteCode(typed)).toBe(code));

  it('normalises what people type', () => {
    expect(normalizeInviteCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD 2345')).toBe('ABCD2345');
    expect(normalizeInviteCode('abcd2345')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD-234')).toBeUndefined();
    expect(normalizeInviteCode('ABCD-2345-X')).toBeUndefined();
    expect(normalizeInviteCode('ÄBCD-2345')).toBeUndefined();
  });

  it('makes codes that normalise to themselves and format as XXXX-XXXX', () => {
    let seed = 7;
    const rnd = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 131 + 17) % 256));
    for (let i = 0; i < 50; i++) {
      const code = makeInviteCode(rnd);
      expect(normalizeInviteCode(formatInviteCode(code))).toBe(code);
    }
  });
});

describe('code lockout', () => {
  const t0 = new Date('2026-11-23T10:00:00Z').getTime();
  const at = (min: number) => new Date(t0 + min * 60_000);
  it('locks for 15 minutes after the fifth failure within 15 minutes', () => {
    const fails = [0, 1, 2, 3, 4].map(at);
    expect(lockedUntil(fails, at(4))).toEqual(at(19));
    expect(lockedUntil(fails, at(18.9))).toEqual(at(19));
    expect(lockedUntil(fails, at(19))).toBeUndefined();
  });
  it('does not lock on five failures spread over more than 15 minutes', () => {
    expect(lockedUntil([0, 4, 8, 12, 16].map(at), at(16))).toBeUndefined();
  });
  it('counts tries left within the window', () => {
    expect(triesLeft([0, 1].map(at), at(2))).toBe(3);
    expect(triesLeft([0, 1].map(at), at(20))).toBe(5);
  });
});

describe('language hints', () => {
  it.each([
    ['en-GB', 'en'],
    ['ar_EG', 'ar'],
    ['prs', 'fa'],
    ['de', undefined],
    [undefined, undefined],
  ])('%s → %s', (hint, want) => expect(matchLanguage(hint, ['it', 'en', 'fr', 'ar', 'fa'])).toBe(want));
});
