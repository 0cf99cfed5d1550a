/**
 * Cities and their districts (kecamatan) with approximate centres, used to place devices and
 * to group the wall by district. Coordinates are approximate (good enough for simulation).
 */
export interface District {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

export interface City {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly districts: readonly District[];
}

const district = (name: string, lat: number, lon: number): District => ({
  id: name.toLowerCase().replaceAll(' ', '-'),
  name,
  lat,
  lon,
});

export const kotaTangerang: City = {
  id: 'kota-tangerang',
  name: 'Kota Tangerang',
  lat: -6.1703,
  lon: 106.6403,
  districts: [
    district('Tangerang', -6.18, 106.63),
    district('Karawaci', -6.19, 106.61),
    district('Cibodas', -6.205, 106.605),
    district('Jatiuwung', -6.19, 106.58),
    district('Periuk', -6.17, 106.585),
    district('Neglasari', -6.15, 106.64),
    district('Batuceper', -6.165, 106.665),
    district('Benda', -6.125, 106.68),
    district('Cipondoh', -6.183, 106.683),
    district('Pinang', -6.22, 106.67),
    district('Karang Tengah', -6.21, 106.712),
    district('Ciledug', -6.232, 106.712),
    district('Larangan', -6.235, 106.738),
  ],
};

export const kotaSerang: City = {
  id: 'kota-serang',
  name: 'Kota Serang',
  lat: -6.12,
  lon: 106.1503,
  districts: [
    district('Serang', -6.118, 106.153),
    district('Cipocok Jaya', -6.135, 106.18),
    district('Curug', -6.17, 106.14),
    district('Kasemen', -6.06, 106.17),
    district('Taktakan', -6.125, 106.11),
    district('Walantaka', -6.13, 106.23),
  ],
};

/** Centres approximate (DOMAIN.md names the seven kecamatan only). */
export const tangerangSelatan: City = {
  id: 'tangerang-selatan',
  name: 'Tangerang Selatan',
  lat: -6.2889,
  lon: 106.7181,
  districts: [
    district('Ciputat', -6.307, 106.742),
    district('Ciputat Timur', -6.293, 106.763),
    district('Pamulang', -6.342, 106.728),
    district('Pondok Aren', -6.263, 106.706),
    district('Serpong', -6.314, 106.667),
    district('Serpong Utara', -6.247, 106.666),
    district('Setu', -6.343, 106.683),
  ],
};

export const cities = { [kotaTangerang.id]: kotaTangerang, [kotaSerang.id]: kotaSerang, [tangerangSelatan.id]: tangerangSelatan } as const;
