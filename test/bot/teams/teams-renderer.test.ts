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
