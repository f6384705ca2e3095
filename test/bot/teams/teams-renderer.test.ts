import { describe, expect, it } from 'vitest';
import { renderForTeams } from '../../../bot/teams/teams.renderer';

const target = { conversationId: 'a:1', personal: true };
const csv = { kind: 'document' as const, filename: 'ponte-status.csv', mimeType: 'text/csv; charset=utf-8', bytes: new TextEncoder().encode('\uFEFFProvincia;Totale\r\nTorino;13\r\n') };
const png = { kind: 'image' as const, filename: 'chart.png', mimeType: 'image/png', bytes: new Uint8Array([137, 80, 78, 71]) };

describe('Teams rendering of files', () => {
  it('attaches files as data URLs and also sends a small text file as readable text', () => {
    const out = renderForTeams([{ text: 'Report', attachments: [png, csv] }], target);
    expect(out[0]!.attachments?.map((a) => a.contentUrl?.slice(0, 15))).toEqual(['data:image/png;', 'data:text/csv; ']);
    expect(out).toHaveLength(2);
    expect(out[1]!.text).toBe('📄 ponte-status.csv\nProvincia;Totale\r\nTorino;13\r\n');
  });

  it('does not copy images or large files as text', () => {
    const big = { ...csv, bytes: new Uint8Array(30_000).fill(65) };
    expect(renderForTeams([{ text: 'x', attachments: [png, big] }], target)).toHaveLength(1);
  });
});

describe('Teams shows suggested actions only under the last message of a turn', () => {
  const screen = (text: string, labels: string[]) => ({ text, choices: [labels.map((l, i) => ({ label: l, data: `v3.${i}` }))] });
  const actionsOf = (a: ReturnType<typeof renderForTeams>[number]) => (a.attachments ?? []).flatMap((x) => ((x.content as { body?: Array<{ actions?: Array<{ title: string; data: unknown }> }> })?.body ?? []).flatMap((b) => b.actions ?? []));

  it('buttons on a message that is not the last become card buttons; the last keeps suggested actions', () => {
    const out = renderForTeams([screen('Saved.', ['Undo']), screen('Menu', ['A', 'B'])], target);
    expect(out[0]!.suggestedActions).toBeUndefined();
    expect(actionsOf(out[0]!).map((a) => a.title)).toEqual(['Undo']);
    expect(out[1]!.suggestedActions?.actions.map((a) => a.title)).toEqual(['A', 'B']);
  });

  it('buttons meant to work later (feature actions) are always on a card, even on the last message', () => {
    const reminder = { text: 'Tomorrow 10:00', choices: [[{ label: "✅ I'll be there", data: 'ap:c:abc' }, { label: "❌ I can't come", data: 'ap:d:abc' }]] };
    const [out] = renderForTeams([reminder], target);
    expect(out!.suggestedActions).toBeUndefined();
    expect(actionsOf(out!).map((a) => [a.title, a.data])).toEqual([
      ["✅ I'll be there", { ponte: 'ap:c:abc' }],
      ["❌ I can't come", { ponte: 'ap:d:abc' }],
    ]);
  });

  it('a file text copy after the last message takes its place as last: the buttons go on a card', () => {
    const out = renderForTeams([{ ...screen('Report', ['Again']), attachments: [csv] }], target);
    expect(out.every((a) => a.suggestedActions === undefined)).toBe(true);
    expect(actionsOf(out[0]!).map((a) => a.title)).toEqual(['Again']);
  });

  it('card text keeps its lines: one TextBlock per line', () => {
    const [out] = renderForTeams([screen('Please check:\n👤 Ahmed\n\n📌 Tutoring', ['1', '2', '3', '4'])], target);
    const body = (out!.attachments![0]!.content as { body: Array<{ type: string; text?: string; spacing?: string }> }).body;
    expect(body.filter((b) => b.type === 'TextBlock').map((b) => [b.text, b.spacing])).toEqual([
      ['Please check:', 'none'],
      ['👤 Ahmed', 'none'],
      ['📌 Tutoring', 'medium'],
    ]);
  });

  it('a form renders as inputs with a submit that marks the form, other buttons carry no inputs', () => {
    const form = {
      data: 'v7.form',
      intro: 'Report hours',
      fields: [
        { name: 'b', label: 'Beneficiary', kind: 'choice' as const, options: [{ label: 'B-0001 · Ahmed', value: 'p1' }], value: 'p1' },
        { name: 'hours', label: 'Hours', kind: 'number' as const, min: 0.5, max: 24, error: 'Not a number' },
        { name: 'date', label: 'Day', kind: 'date' as const, maxDate: '2026-11-23' },
        { name: 'note', label: 'Note', kind: 'text' as const, maxLength: 300 },
      ],
      submitLabel: 'Continue',
      errors: ['Check the person'],
      choices: [[{ label: 'Menu', data: 'g.menu' }]],
    };
    const [out] = renderForTeams([{ text: 'Who?', choices: [[{ label: 'B-0001 · Ahmed', data: 'v7.b.p1' }]], form }], target);
    const body = (out!.attachments![0]!.content as { body: Array<Record<string, unknown>> }).body;
    expect(body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock', 'Input.ChoiceSet', 'Input.Number', 'TextBlock', 'Input.Date', 'Input.Text', 'ActionSet', 'ActionSet']);
    expect(body[2]).toMatchObject({ id: 'b', value: 'p1', choices: [{ title: 'B-0001 · Ahmed', value: 'p1' }] });
    expect(body[4]).toMatchObject({ text: 'Not a number', color: 'attention' });
    expect(body[5]).toMatchObject({ id: 'date', max: '2026-11-23' });
    expect(body[7]).toMatchObject({ actions: [{ type: 'Action.Submit', title: 'Continue', data: { ponte: 'v7.form', ponteForm: '1' } }] });
    expect(body[8]).toMatchObject({ actions: [{ title: 'Menu', data: { ponte: 'g.menu' }, associatedInputs: 'none' }] });
    expect(out!.suggestedActions).toBeUndefined();
  });
});
