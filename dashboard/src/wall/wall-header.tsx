import { useCities } from '../city/cities-context';
import { useI18n } from '../i18n/i18n-context';
import { fill } from '../i18n/messages-devices';
import type { MessageKey } from '../i18n/messages';
import { Brand } from '../shell/brand';
import { LanguageToggle } from '../shell/language-toggle';
import type { SceneId } from './wall-params';
import { sceneIds } from './wall-params';

const sceneTitles: Readonly<Record<SceneId, MessageKey>> = {
  overview: 'sceneOverview',
  environment: 'sceneEnvironment',
  flood: 'sceneFlood',
  mobility: 'sceneMobility',
  wifi: 'sceneWifi',
};

/** Brand, the scene on screen (with where it stands in the rotation), the clock in the city's zone and the date. */
export function WallHeader({ scene, now }: { readonly scene: SceneId; readonly now: number }) {
  const { t, lang, format } = useI18n();
  const { cities } = useCities();
  const room = cities.map((city) => city.names[lang]).join(' · ');
  return (
    <header className="wall-header">
      <Brand subtitle={fill(t.centreShort, { city: room })} />
      <div className="scene-title" data-scene={scene}>
        <h2>{t[sceneTitles[scene]]}</h2>
        <ol className="scene-steps" aria-hidden="true">
          {sceneIds.map((id) => (
            <li key={id} className={id === scene ? 'is-current' : undefined} />
          ))}
        </ol>
      </div>
      <div className="clock">
        <time className="clock-time" dateTime={new Date(now).toISOString()}>
          {format.clock(now)}
          <span className="clock-zone">{format.zone}</span>
        </time>
        <span className="clock-date">{format.date(now)}</span>
      </div>
      <LanguageToggle />
    </header>
  );
}
