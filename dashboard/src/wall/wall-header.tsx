import { useI18n } from '../i18n/i18n-context';
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

/** Brand, the scene on screen (with where it stands in the rotation), the WIB clock and the date. */
export function WallHeader({ scene, now }: { readonly scene: SceneId; readonly now: number }) {
  const { t, format } = useI18n();
  return (
    <header className="wall-header">
      <Brand subtitle={t.centreShort} />
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
          <span className="clock-zone">{t.timeZone}</span>
        </time>
        <span className="clock-date">{format.date(now)}</span>
      </div>
      <LanguageToggle />
    </header>
  );
}
