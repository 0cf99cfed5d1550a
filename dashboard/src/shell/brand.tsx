import './shell.css';
import { useI18n } from '../i18n/i18n-context';

export function Brand({ subtitle }: { readonly subtitle: string }) {
  const { t } = useI18n();
  return (
    <h1 className="brand">
      <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="10" />
        <circle cx="12" cy="12" r="4.5" />
        <path d="M12 0v6M12 18v6M0 12h6M18 12h6" />
      </svg>
      <span className="brand-name">{t.brand}</span>
      <span className="brand-centre">{subtitle}</span>
    </h1>
  );
}
