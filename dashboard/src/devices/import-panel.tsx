import type { ChangeEvent } from 'react';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { api } from '../telemetry/api-client';
import type { ImportSummary } from './import-report';
import { importContentType, summariseImport } from './import-report';
import { ImportReportView } from './import-report-view';
import { ServerProblem } from '../shell/server-problem';

interface ImportPanelProps {
  readonly onImported: () => void;
  readonly onClose: () => void;
}

/** Bulk registration from CSV or JSON: check first (dry run), then import; every bad row is named by line. */
export function ImportPanel({ onImported, onClose }: ImportPanelProps) {
  const { t } = useI18n();
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      setContent(text);
      setSummary(null);
    });
  };

  const send = (dryRun: boolean) => {
    setBusy(true);
    setProblem(null);
    api
      .importDevices(content, importContentType(content), dryRun)
      .then((report) => {
        const next = summariseImport(report);
        setSummary(next);
        if (next.verdict === 'imported') onImported();
      })
      .catch((error: unknown) => setProblem(error))
      .finally(() => setBusy(false));
  };

  const empty = content.trim() === '';
  return (
    <section className="import-panel panel-card" aria-labelledby="import-title">
      <header className="detail-head">
        <h2 id="import-title">{t.importTitle}</h2>
        <button type="button" className="quiet-button" onClick={onClose}>
          {t.close}
        </button>
      </header>
      <p>{t.importIntro}</p>
      <label className="field">
        <span>{t.importFile}</span>
        <input type="file" accept=".csv,.json,text/csv,application/json" onChange={pickFile} />
      </label>
      <label className="field">
        <span>{t.importText}</span>
        <textarea
          rows={10}
          spellCheck={false}
          value={content}
          placeholder="id,kind,name,district,lat,lon,installDate,enabled"
          onChange={(event) => {
            setContent(event.target.value);
            setSummary(null);
          }}
        />
      </label>
      <div className="form-buttons">
        <button type="button" disabled={busy || empty} onClick={() => send(true)}>
          {busy ? t.working : t.importDryRun}
        </button>
        <button type="button" className="primary-button" disabled={busy || empty || summary?.verdict !== 'ready'} onClick={() => send(false)}>
          {t.importRun}
        </button>
      </div>
      <ServerProblem error={problem} />
      {summary && <ImportReportView summary={summary} />}
    </section>
  );
}
