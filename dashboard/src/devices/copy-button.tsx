import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import { copyText } from './browser-files';

type CopyState = 'idle' | 'copied' | 'failed';

const feedbackMs = 2_500;

export function CopyButton({ text, label }: { readonly text: string; readonly label?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), feedbackMs);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = () =>
    copyText(text)
      .then(() => setState('copied'))
      .catch(() => setState('failed'));
  return (
    <button type="button" className={`copy-button copy-${state}`} onClick={() => void copy()} aria-live="polite">
      {state === 'copied' ? t.copied : state === 'failed' ? t.copyFailed : (label ?? t.copy)}
    </button>
  );
}

/** A block of code with its copy button. */
export function CodeBlock({ title, code }: { readonly title: string; readonly code: string }) {
  return (
    <section className="code-block">
      <header>
        <h4>{title}</h4>
        <CopyButton text={code} />
      </header>
      <pre>
        <code>{code}</code>
      </pre>
    </section>
  );
}
