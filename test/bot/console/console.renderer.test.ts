import { describe, expect, it } from 'vitest';
import { interpretLine, renderForTerminal } from '../../../bot/console/console.renderer';

describe('terminal rendering', () => {
  it('numbers every button across the messages of one reply', () => {
    const r = renderForTerminal([
      { text: 'Saved.', choices: [[{ label: 'Undo', data: 'hu:1' }]] },
      { text: 'Menu', choices: [[{ label: 'Report hours', data: 'v1.a' }, { label: '\u2068Help\u2069', data: 'v1.b' }]] },
    ]);
    expect(r.text).toContain('  1. Undo\n');
    expect(r.text).toContain('  3. Help');
    expect(r.choices.map((c) => c.data)).toEqual(['hu:1', 'v1.a', 'v1.b']);
  });

  it('reads a line as a button number, a button label, or free text', () => {
    const choices = [{ label: '✅ I agree', data: 'yes' }, { label: '❌ No', data: 'no' }];
    expect(interpretLine('2', choices)).toEqual({ type: 'action', data: 'no' });
    expect(interpretLine('✅ i agree', choices)).toEqual({ type: 'action', data: 'yes' });
    expect(interpretLine('3', choices)).toEqual({ type: 'text', text: '3' });
    expect(interpretLine('hello', choices)).toEqual({ type: 'text', text: 'hello' });
  });

  it('prefers a label over a position when the labels are numbers', () => {
    const hours = ['0.5', '1', '1.5', '2', '3'].map((h) => ({ label: h, data: `v1.${h}` }));
    expect(interpretLine('2', hours)).toEqual({ type: 'action', data: 'v1.2' });
    expect(interpretLine('5', hours)).toEqual({ type: 'action', data: 'v1.3' });
  });
});
