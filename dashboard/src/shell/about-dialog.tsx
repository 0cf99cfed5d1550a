import { useRef } from 'react';
import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';

const boundariesLicence = 'https://creativecommons.org/licenses/by/3.0/igo/legalcode';

/** "About": what Kendali is, the cities it watches, and the credits the data and type it ships ask for. */
export function AboutButton() {
  const { t, lang } = useI18n();
  const { cities } = useCities();
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="quiet-button" onClick={() => dialog.current?.showModal()}>
        {t.aboutOpen}
      </button>
      <dialog ref={dialog} className="about-dialog" aria-labelledby="about-title">
        <h2 id="about-title">{t.aboutTitle}</h2>
        <p>{t.aboutSummary}</p>
        <h3>{t.aboutCitiesServed}</h3>
        <ul>
          {cities.map((city) => (
            <li key={city.id}>
              {city.names[lang]} · {city.districts.length} kecamatan · {city.zone.abbreviation}
            </li>
          ))}
        </ul>
        <h3>{t.aboutCredits}</h3>
        <p className="about-credit">
          {t.aboutBoundaries}{' '}
          <a href={boundariesLicence} target="_blank" rel="noreferrer">
            {t.aboutLicence}
          </a>
        </p>
        <p className="about-credit">{t.aboutFonts}</p>
        <form method="dialog">
          <button type="submit" className="quiet-button">
            {t.aboutClose}
          </button>
        </form>
      </dialog>
    </>
  );
}
