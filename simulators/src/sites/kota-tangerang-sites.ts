import type { NamedSite } from './named-site';

/**
 * Themed parks with public Wi-Fi (DOMAIN.md: 40 access points in 23 parks; the first eight are
 * named there, the rest are other parks and lakes of the city). Positions approximate.
 */
export const kotaTangerangParks: readonly NamedSite[] = [
  { id: 'taman-potret', name: 'Taman Potret', district: 'Tangerang', lat: -6.2081, lon: 106.6376 },
  { id: 'taman-bambu', name: 'Taman Bambu', district: 'Cipondoh', lat: -6.1815, lon: 106.6902 },
  { id: 'kampung-markisa', name: 'Kampung Markisa', district: 'Karawaci', lat: -6.1902, lon: 106.6083 },
  { id: 'taman-laksa', name: 'Taman Laksa', district: 'Tangerang', lat: -6.2011, lon: 106.6389 },
  { id: 'teras-cisadane', name: 'Teras Cisadane', district: 'Tangerang', lat: -6.1789, lon: 106.6322 },
  { id: 'situ-cipondoh', name: 'Situ Cipondoh', district: 'Cipondoh', lat: -6.1889, lon: 106.6771 },
  { id: 'kampung-bekelir', name: 'Kampung Bekelir', district: 'Tangerang', lat: -6.1781, lon: 106.6358 },
  { id: 'flying-deck', name: 'Flying Deck', district: 'Tangerang', lat: -6.1866, lon: 106.6341 },
  { id: 'taman-gajah-tunggal', name: 'Taman Gajah Tunggal', district: 'Tangerang', lat: -6.1968, lon: 106.6351 },
  { id: 'taman-elektrik', name: 'Taman Elektrik', district: 'Tangerang', lat: -6.1795, lon: 106.6388 },
  { id: 'taman-prestasi', name: 'Taman Prestasi', district: 'Tangerang', lat: -6.1768, lon: 106.6312 },
  { id: 'taman-jaring', name: 'Taman Jaring', district: 'Neglasari', lat: -6.1561, lon: 106.6392 },
  { id: 'situ-bulakan', name: 'Situ Bulakan', district: 'Periuk', lat: -6.1629, lon: 106.5955 },
  { id: 'situ-cangkring', name: 'Situ Cangkring', district: 'Periuk', lat: -6.1698, lon: 106.5849 },
  { id: 'situ-kunciran', name: 'Situ Kunciran', district: 'Pinang', lat: -6.2268, lon: 106.6632 },
  { id: 'alun-alun-ahmad-yani', name: 'Alun-alun Ahmad Yani', district: 'Tangerang', lat: -6.1771, lon: 106.6345 },
];

/** Signalised junctions watched by the traffic office (ATCS; DOMAIN.md: CCTV at 33). Positions approximate. */
export const kotaTangerangJunctions: readonly NamedSite[] = [
  { id: 'simpang-tanah-tinggi', name: 'Simpang Tanah Tinggi', district: 'Tangerang', lat: -6.1839, lon: 106.6440 },
  { id: 'simpang-cikokol', name: 'Simpang Cikokol', district: 'Tangerang', lat: -6.2052, lon: 106.6425 },
  { id: 'simpang-kebon-nanas', name: 'Simpang Kebon Nanas', district: 'Cipondoh', lat: -6.2133, lon: 106.6502 },
  { id: 'simpang-cimone', name: 'Simpang Cimone', district: 'Karawaci', lat: -6.1856, lon: 106.6121 },
  { id: 'simpang-jatiuwung', name: 'Simpang Jatiuwung', district: 'Jatiuwung', lat: -6.1905, lon: 106.5832 },
  { id: 'simpang-poris', name: 'Simpang Poris', district: 'Batuceper', lat: -6.1712, lon: 106.6791 },
  { id: 'simpang-pinang', name: 'Simpang Pinang', district: 'Pinang', lat: -6.2221, lon: 106.6688 },
  { id: 'simpang-ciledug', name: 'Simpang Ciledug', district: 'Ciledug', lat: -6.2298, lon: 106.7128 },
  { id: 'simpang-kreo', name: 'Simpang Kreo', district: 'Larangan', lat: -6.2387, lon: 106.7319 },
  { id: 'simpang-benda', name: 'Simpang Benda', district: 'Benda', lat: -6.1262, lon: 106.6811 },
  { id: 'simpang-gondrong', name: 'Simpang Gondrong', district: 'Cipondoh', lat: -6.1939, lon: 106.6962 },
  { id: 'simpang-periuk', name: 'Simpang Periuk', district: 'Periuk', lat: -6.1722, lon: 106.5875 },
  { id: 'simpang-bitung', name: 'Simpang Bitung', district: 'Cibodas', lat: -6.2057, lon: 106.6008 },
  { id: 'simpang-karang-tengah', name: 'Simpang Karang Tengah', district: 'Karang Tengah', lat: -6.2104, lon: 106.7133 },
  { id: 'simpang-daan-mogot', name: 'Simpang Daan Mogot', district: 'Batuceper', lat: -6.1622, lon: 106.6644 },
  { id: 'simpang-sewan', name: 'Simpang Sewan', district: 'Neglasari', lat: -6.1498, lon: 106.6418 },
];
