import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './fonts.css';
import './app.css';
import { shippedFontsLoaded } from './fonts';
import { I18nProvider } from './i18n/i18n-context';
import { authStore } from './telemetry/auth-store';

// Take ?token= out of the address before anything renders or copies the URL.
authStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks <div id="root">');

// The layout is made for the shipped fonts: render once they are in (served by the platform, so at once).
void shippedFontsLoaded(document.fonts).then(() => {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
});
