import type { DeviceProfile } from '@kendali/contracts';

/** Where a new kind's editor starts: one required number field, everything an engineer fills in named. */
export const newProfileTemplate: DeviceProfile = {
  labels: { id: 'Nama jenis', en: 'Kind name' },
  description: 'What the device measures, and where it is mounted',
  intervalS: 60,
  headline: 'value',
  fields: {
    value: { type: 'number', unit: 'unit', min: 0, max: 100, required: true, labels: { id: 'Nilai', en: 'Value' }, description: 'What the value is' },
  },
};

/** A profile as the editor shows it: indented two spaces, keys in the document's own order. */
export const profileText = (profile: DeviceProfile): string => `${JSON.stringify(profile, null, 2)}\n`;
