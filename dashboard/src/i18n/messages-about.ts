/** The about dialog of the desk pages: what Kendali is and whose work it carries. */
export const aboutMessagesId = {
  aboutOpen: 'Tentang',
  aboutTitle: 'Tentang Kendali',
  aboutClose: 'Tutup',
  aboutSummary: 'Kendali adalah platform telemetri pusat kendali kota, sumber terbuka (Apache-2.0).',
  aboutCitiesServed: 'Kota yang dipantau',
  aboutCredits: 'Kredit',
  aboutBoundaries:
    'Batas wilayah kecamatan: BPS – Statistics Indonesia / OCHA ROAP, via HDX (COD-AB Indonesia, 2020), CC BY-IGO 3.0. Dilebur dari desa/kelurahan dan disederhanakan. BPS, OCHA dan PBB tidak mendukung produk ini.',
  aboutLicence: 'Lisensi CC BY-IGO 3.0',
  aboutFonts: 'Huruf: Inter, JetBrains Mono dan Noto Sans Symbols 2, di bawah SIL Open Font License 1.1.',
} as const;

export type AboutMessageKey = keyof typeof aboutMessagesId;

export const aboutMessagesEn: Readonly<Record<AboutMessageKey, string>> = {
  aboutOpen: 'About',
  aboutTitle: 'About Kendali',
  aboutClose: 'Close',
  aboutSummary: 'Kendali is an open-source city control-room telemetry platform (Apache-2.0).',
  aboutCitiesServed: 'Cities watched',
  aboutCredits: 'Credits',
  aboutBoundaries:
    'Kecamatan boundaries: BPS – Statistics Indonesia / OCHA ROAP, via HDX (COD-AB Indonesia, 2020), CC BY-IGO 3.0. Dissolved from villages and simplified. BPS, OCHA and the UN do not endorse this product.',
  aboutLicence: 'CC BY-IGO 3.0 licence',
  aboutFonts: 'Type: Inter, JetBrains Mono and Noto Sans Symbols 2, under the SIL Open Font License 1.1.',
};
