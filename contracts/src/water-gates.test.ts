import { describe, expect, it } from 'vitest';
import { kotaTangerang } from './cities/built-in-cities';
import { siagaLevel, waterGateById, waterGatesOf } from './water-gates';

const kotaTangerangWaterGates = kotaTangerang.waterGates;

describe('water gates', () => {
  it('reads Siaga levels from the thresholds, Siaga 1 the highest', () => {
    const pintuAir10 = waterGateById('pintu-air-10');
    expect(pintuAir10).toMatchObject({ river: 'Cisadane', normalCm: 200, siaga3Cm: 300, siaga2Cm: 400, siaga1Cm: 500 });
    if (!pintuAir10) throw new Error('no Pintu Air 10');
    expect([199, 299.9, 300, 399, 400, 499, 500, 800].map((levelCm) => siagaLevel(pintuAir10, levelCm))).toEqual([4, 4, 3, 3, 2, 2, 1, 1]);
    expect(waterGateById('kali-ledug')).toMatchObject({ siaga3Cm: 220, siaga2Cm: 260, siaga1Cm: 300 });
  });

  it('lists Kota Tangerang’s gates with ordered thresholds in its districts, each post at its own place along its river', () => {
    expect(waterGatesOf('kota-tangerang')).toBe(kotaTangerangWaterGates);
    expect(waterGatesOf('kota-serang')).toEqual([]);
    const districts = new Set(kotaTangerang.districts.map((district) => district.name));
    const ids = new Set<string>();
    const placesOnRivers = new Set<string>();
    for (const gate of kotaTangerangWaterGates) {
      expect(ids.has(gate.id)).toBe(false);
      ids.add(gate.id);
      expect(districts.has(gate.district), gate.id).toBe(true);
      expect(gate.normalCm < gate.siaga3Cm && gate.siaga3Cm < gate.siaga2Cm && gate.siaga2Cm < gate.siaga1Cm, gate.id).toBe(true);
      expect(placesOnRivers.has(`${gate.river} ${gate.riverKm}`), gate.id).toBe(false);
      placesOnRivers.add(`${gate.river} ${gate.riverKm}`);
    }
    for (const named of ['Alamanda', 'Bulakan', 'Cipulir Estate', 'Jembatan Polor', 'Kali Ledug', 'Kali Sabi', 'Puri Kartika', 'Pintu Air Sarakan', 'Taman Cibodas']) {
      expect(kotaTangerangWaterGates.map((gate) => gate.name)).toContain(named);
    }
  });
});
