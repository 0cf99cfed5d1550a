import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './app.css';
import { I18nProvider } from './i18n/i18n-context';
import { authStore } from './telemetry/auth-store';

// Take ?token= out of the address before anything renders or copies the URL.
authStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
