import { KpiTiles } from '../kpi-tiles';
import type { SceneId } from '../wall-params';
import { EnvironmentSide } from './environment-side';
import { FloodSide } from './flood-side';
import { MobilitySide } from './mobility-side';
import type { SceneSideProps } from './scene-types';
import { WifiSide } from './wifi-side';

/** The right-hand column of a scene; the overview shows every key figure. */
export function SceneSide({ scene, ...props }: SceneSideProps & { readonly scene: SceneId }) {
  switch (scene) {
    case 'overview':
      return (
        <div className="scene-side scene-side-overview">
          <KpiTiles kpis={props.kpis} />
        </div>
      );
    case 'environment':
      return <EnvironmentSide {...props} />;
    case 'flood':
      return <FloodSide {...props} />;
    case 'mobility':
      return <MobilitySide {...props} />;
    case 'wifi':
      return <WifiSide {...props} />;
  }
}
