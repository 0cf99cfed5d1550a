import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FixedLanguageProvider } from '../i18n/i18n-context';
import { IspuBadge, SiagaBadge } from './status-badges';

const visibleText = (html: string) => html.replace(/<span class="visually-hidden">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('status badges', () => {
  it('name the ISPU category beside its colour and shape', () => {
    const html = renderToStaticMarkup(<FixedLanguageProvider lang="id"><IspuBadge category="sangat-tidak-sehat" /></FixedLanguageProvider>);
    expect(visibleText(html)).toBe('Sangat Tidak Sehat');
    expect(html).toContain('background:#dc2626');
  });

  it('show a figure instead of the name where room is short, the name kept for screen readers', () => {
    const html = renderToStaticMarkup(<FixedLanguageProvider lang="en"><IspuBadge category="sedang" figure="84" /></FixedLanguageProvider>);
    expect(visibleText(html)).toBe('84');
    expect(html).toContain('<span class="visually-hidden"> Moderate</span>');
    expect(html).toContain('<svg class="status-icon"'); // the shape: the legend under the map names it
  });

  it('write the Siaga level as a number, with its name when there is room', () => {
    const render = (short: boolean) => visibleText(renderToStaticMarkup(<FixedLanguageProvider lang="en"><SiagaBadge level={2} short={short} /></FixedLanguageProvider>));
    expect(render(true)).toBe('Siaga 2');
    expect(render(false)).toBe('Siaga 2 · Alert');
  });
});
