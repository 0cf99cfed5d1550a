import type { IspuCategory } from '../air-quality/ispu';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';

const categoryLabels: Record<IspuCategory, MessageKey> = {
  baik: 'ispuBaik',
  sedang: 'ispuSedang',
  'tidak-sehat': 'ispuTidakSehat',
  'sangat-tidak-sehat': 'ispuSangatTidakSehat',
  berbahaya: 'ispuBerbahaya',
};

/** ISPU colour always paired with the category's name: colour is never the only signal. */
export function IspuBadge({ category }: { readonly category: IspuCategory }) {
  const { t } = useI18n();
  return <span className={`ispu-badge ispu-${category}`}>{t[categoryLabels[category]]}</span>;
}
