import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { api } from '../telemetry/api-client';
import { downloadBlob } from './browser-files';
import type { DeviceRow } from './device-rows';
import { DeviceTable } from './device-table';
import type { DeviceFilters } from './device-toolbar';
import { DeviceToolbar } from './device-toolbar';
import { ServerProblem } from '../shell/server-problem';
import type { DeviceList } from './use-device-list';

interface DeviceListColumnProps {
  readonly rows: readonly DeviceRow[];
  readonly list: DeviceList;
  readonly filters: DeviceFilters;
  readonly onFilters: (filters: DeviceFilters) => void;
  readonly selectedId: string | null;
  readonly now: number;
  readonly canEdit: boolean;
  readonly onSelect: (id: string) => void;
  readonly onRegister: () => void;
  readonly onImport: () => void;
}

/** Register / import / export, search and filters, and the live list. */
export function DeviceListColumn({ rows, list, filters, onFilters, selectedId, now, canEdit, onSelect, onRegister, onImport }: DeviceListColumnProps) {
  const { t } = useI18n();
  const [exportProblem, setExportProblem] = useState<unknown>(null);
  const exportCsv = () => {
    setExportProblem(null);
    api
      .exportDevices('csv')
      .then((blob) => downloadBlob(blob, 'kendali-devices.csv'))
      .catch((error: unknown) => setExportProblem(error));
  };
  return (
    <section className="list-column" aria-label={t.navDevices}>
      {canEdit && (
        <div className="form-buttons list-actions">
          <button type="button" className="primary-button" onClick={onRegister}>
            + {t.actionRegister}
          </button>
          <button type="button" onClick={onImport}>
            {t.actionImport}
          </button>
          <button type="button" onClick={exportCsv}>
            {t.actionExport}
          </button>
        </div>
      )}
      <ServerProblem error={exportProblem} />
      <DeviceToolbar filters={filters} onChange={onFilters} count={rows.length} loading={list.loading && rows.length === 0} />
      {list.error && (
        <p className="server-problem" role="alert">
          <span aria-hidden="true">▲ </span>
          {t.listFailed} {list.error}
        </p>
      )}
      <div className="table-scroll">
        <DeviceTable rows={rows} selectedId={selectedId} now={now} onSelect={onSelect} />
        {!list.loading && rows.length === 0 && !list.error && <p className="muted empty-list">{t.listEmpty}</p>}
      </div>
    </section>
  );
}
