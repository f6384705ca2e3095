import { describe, expect, it } from 'vitest';
import { findProvince, PROVINCES } from '../../../core/programme/provinces';

describe('Italian provinces', () => {
  it('lists 107 provinces with unique sigle and names', () => {
    expect(PROVINCES).toHaveLength(107);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(107);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(107);
  });

  it.each([
    ['TO', 'Torino'],
    ['to', 'Torino'],
    ['Torino', 'Torino'],
    ['  torino ', 'Torino'],
    ['Forli Cesena', 'Forlì-Cesena'],
    ["l'aquila", "L'Aquila"],
    ['L’Aquila', "L'Aquila"],
    ['Monza', 'Monza e della Brianza'],
    ['VB', 'Verbano-Cusio-Ossola'],
  ])('%s → %s', (typed, name) => expect(findProvince(typed)?.name).toBe(name));

  it.each(['XX', 'Turin', '', 'T0'])('refuses %s', (typed) => expect(findProvince(typed)).toBeUndefined());

  it('knows the region, for coordinators scoped by region', () => {
    expect(findProvince('CN')?.region).toBe('Piemonte');
    expect(findProvince('Bari')?.region).toBe('Puglia');
  });
});
