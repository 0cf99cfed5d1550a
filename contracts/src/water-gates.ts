/**
 * Water gates and water-level posts of Kota Tangerang with their flood alert levels (Siaga),
 * read by the simulators (where water rises) and the alarm rules (which level is reached).
 *
 * Alert levels follow the Indonesian convention: Siaga 4 is normal, Siaga 1 the highest. A post
 * is at Siaga n once its level reaches that threshold (`siagaLevel`). Pintu Air 10 and Kali Ledug
 * use the figures in DOMAIN.md; every other threshold, every position and every river distance is
 * an estimate for simulation (approximate), not an official figure.
 */
export interface WaterGate {
  /** Stable id, also used in simulated device ids (`wl-<id>`) and device metadata (`gate`). */
  readonly id: string;
  readonly name: string;
  readonly river: string;
  /** Kecamatan the post stands in, as in `places.ts`. */
  readonly district: string;
  readonly lat: number;
  readonly lon: number;
  /** Typical dry-weather level, cm above the gauge zero. */
  readonly normalCm: number;
  /** Level at which Siaga 3 (waspada) starts, cm. */
  readonly siaga3Cm: number;
  /** Level at which Siaga 2 (siaga) starts, cm. */
  readonly siaga2Cm: number;
  /** Level at which Siaga 1 (awas) starts, cm. */
  readonly siaga1Cm: number;
  /** Distance along the river from the first post of this river inside the city, km (approximate): upstream posts have smaller values. */
  readonly riverKm: number;
}

/** 4 = normal … 1 = highest alert. */
export type SiagaLevel = 4 | 3 | 2 | 1;

/** The alert level a water level stands at: Siaga 1 from `siaga1Cm` up, and so on; below `siaga3Cm`, Siaga 4. */
export function siagaLevel(gate: Pick<WaterGate, 'siaga3Cm' | 'siaga2Cm' | 'siaga1Cm'>, levelCm: number): SiagaLevel {
  if (levelCm >= gate.siaga1Cm) return 1;
  if (levelCm >= gate.siaga2Cm) return 2;
  if (levelCm >= gate.siaga3Cm) return 3;
  return 4;
}

type Thresholds = readonly [normalCm: number, siaga3Cm: number, siaga2Cm: number, siaga1Cm: number];

const gate = (
  id: string,
  name: string,
  river: string,
  district: string,
  [lat, lon]: readonly [number, number],
  [normalCm, siaga3Cm, siaga2Cm, siaga1Cm]: Thresholds,
  riverKm: number,
): WaterGate => ({ id, name, river, district, lat, lon, normalCm, siaga3Cm, siaga2Cm, siaga1Cm, riverKm });

// Small drainage rivers: roughly 1 m of normal water with 40-50 cm between alert levels (approximate).
const smallRiver: Thresholds = [90, 150, 190, 230];

/**
 * Kota Tangerang: Pintu Air 10 (Bendung Pasar Baru) on the Cisadane, Kali Ledug on the Cirarab,
 * and the public-works office's posts (DOMAIN.md names Alamanda, Bulakan, Cipulir Estate,
 * Jembatan Polor, Kali Ledug, Kali Sabi, Puri Kartika, Pintu Air Sarakan and Taman Cibodas; the
 * other posts here are plausible additions). Rivers listed upstream first; all flow north.
 */
export const kotaTangerangWaterGates: readonly WaterGate[] = [
  // Cisadane: a large river (Pintu Air 10 thresholds from DOMAIN.md; the other two posts approximate).
  gate('cisadane-kelapa-indah', 'Pos Cisadane Kelapa Indah', 'Cisadane', 'Tangerang', [-6.2045, 106.6385], [190, 290, 390, 490], 0),
  gate('pintu-air-10', 'Pintu Air 10 (Bendung Pasar Baru)', 'Cisadane', 'Karawaci', [-6.1745, 106.6268], [200, 300, 400, 500], 4),
  gate('cisadane-sewan', 'Pos Cisadane Sewan', 'Cisadane', 'Neglasari', [-6.1465, 106.6362], [210, 310, 410, 510], 8),
  // Cirarab, along the western edge (Kali Ledug thresholds from DOMAIN.md: ≤ 180 safe, 220, 260, 300).
  gate('kali-ledug', 'Kali Ledug', 'Cirarab', 'Periuk', [-6.1712, 106.5718], [150, 220, 260, 300], 0),
  gate('pintu-air-sarakan', 'Pintu Air Sarakan', 'Cirarab', 'Periuk', [-6.1518, 106.5801], [140, 210, 250, 290], 3),
  // Kali Sabi, from Cibodas north through Periuk (approximate).
  gate('taman-cibodas', 'Taman Cibodas', 'Kali Sabi', 'Cibodas', [-6.2118, 106.6012], smallRiver, 0),
  gate('kali-sabi', 'Kali Sabi', 'Kali Sabi', 'Cibodas', [-6.1981, 106.6019], smallRiver, 2),
  gate('periuk-damai', 'Periuk Damai', 'Kali Sabi', 'Periuk', [-6.1788, 106.5925], smallRiver, 4),
  gate('bulakan', 'Bulakan', 'Kali Sabi', 'Periuk', [-6.1655, 106.5972], smallRiver, 5),
  // Kali Angke, through Ciledug and Karang Tengah towards Jakarta (approximate).
  gate('ciledug-indah', 'Ciledug Indah', 'Kali Angke', 'Ciledug', [-6.2378, 106.7045], [100, 160, 210, 260], 0),
  gate('puri-kartika', 'Puri Kartika', 'Kali Angke', 'Ciledug', [-6.2265, 106.7082], [100, 160, 210, 260], 1.5),
  gate('jembatan-polor', 'Jembatan Polor', 'Kali Angke', 'Karang Tengah', [-6.2148, 106.7061], [100, 160, 210, 260], 3),
  gate('alamanda', 'Alamanda', 'Kali Angke', 'Karang Tengah', [-6.2031, 106.7152], [100, 160, 210, 260], 4.5),
  // Kali Pesanggrahan on the Jakarta border, and the Mookervart canal east of the Cisadane (approximate).
  gate('cipulir-estate', 'Cipulir Estate', 'Kali Pesanggrahan', 'Larangan', [-6.2361, 106.7552], [110, 180, 230, 280], 0),
  gate('mookervart-poris', 'Pos Mookervart Poris', 'Mookervart', 'Batuceper', [-6.1702, 106.6748], [120, 180, 220, 260], 0),
];

const gatesByCity: Readonly<Record<string, readonly WaterGate[]>> = { 'kota-tangerang': kotaTangerangWaterGates };

/** The water gates and posts known for a city (by city id); empty where none are listed. */
export function waterGatesOf(cityId: string): readonly WaterGate[] {
  return gatesByCity[cityId] ?? [];
}

const gatesById = new Map(Object.values(gatesByCity).flatMap((gates) => gates.map((g) => [g.id, g] as const)));

/** A gate by id (the `gate` metadata of a water-level device), or undefined. */
export function waterGateById(id: string): WaterGate | undefined {
  return gatesById.get(id);
}
