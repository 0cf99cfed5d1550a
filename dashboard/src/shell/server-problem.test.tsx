import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FixedLanguageProvider } from '../i18n/i18n-context';
import type { Language } from '../i18n/messages';
import { ApiRequestError } from '../telemetry/api-client';
import { ServerProblem } from './server-problem';

const render = (lang: Language, error: unknown) => renderToStaticMarkup(<FixedLanguageProvider lang={lang}><ServerProblem error={error} /></FixedLanguageProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('a refusal from the server', () => {
  const exists = new ApiRequestError(409, 'KENDALI_ERR_DEVICE_EXISTS', 'Device "wl-1" is already registered; update it with PUT or PATCH');

  it('is said in Indonesian by its code, with the code and the server words as detail', () => {
    const html = render('id', exists);
    const headline = text(html).split('Rincian dari server')[0]?.trim();
    expect(headline).toBe('▲ Server menolak: ID perangkat ini sudah terdaftar; pilih ID lain atau ubah perangkat yang ada. KENDALI_ERR_DEVICE_EXISTS');
    expect(html).toMatch(/<details><summary>Rincian dari server \(bahasa Inggris\)<\/summary><span lang="en">Device &quot;wl-1&quot; is already registered/);
  });

  it('is said in English the same way', () => {
    expect(text(render('en', exists))).toMatch(/^▲ The server refused: This device id is already registered; .* KENDALI_ERR_DEVICE_EXISTS Details from the server Device &quot;wl-1&quot; is already registered/);
  });

  it('falls back to the server words for a code it does not know, and renders nothing without an error', () => {
    expect(text(render('id', new ApiRequestError(418, 'KENDALI_ERR_NEW_THING', 'Something new')))).toBe('▲ Server menolak: Something new KENDALI_ERR_NEW_THING');
    expect(render('id', null)).toBe('');
  });
});
