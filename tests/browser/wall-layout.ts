import type { Page } from 'playwright-core';

/*
 * The few DOM shapes the checks below use: the tests compile without the DOM library (they run in
 * Node), while these functions run in the page.
 */
interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}
interface PageElement {
  readonly tagName: string;
  readonly className: unknown;
  readonly textContent: string | null;
  readonly innerText?: string;
  readonly parentElement: PageElement | null;
  readonly childNodes: Iterable<{ readonly nodeType: number; readonly textContent: string | null }>;
  readonly children: Iterable<PageElement>;
  readonly scrollWidth: number;
  readonly scrollHeight: number;
  readonly clientWidth: number;
  readonly clientHeight: number;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  closest(selector: string): PageElement | null;
  matches(selector: string): boolean;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}
interface PageWindow {
  readonly innerWidth: number;
  readonly innerHeight: number;
  readonly document: { readonly scrollingElement: PageElement | null; querySelector(selector: string): PageElement | null; querySelectorAll(selector: string): Iterable<PageElement> };
  getComputedStyle(element: PageElement): { readonly fontSize: string; readonly overflowX: string; readonly overflowY: string; readonly visibility: string };
}
const textNode = 3; // Node.TEXT_NODE

/**
 * What an operator 5 m from the wall would complain about, read from the rendered page: the page
 * scrolls or overflows the screen; text below the type floor (the wall's own font size, DOMAIN.md
 * "Reading a wall from 5 metres"; the map's attribution excepted); text cut off or spilling out of its panel; district labels that
 * cover each other, an alarm marker or the map's attribution; chart level labels that cover each other or their
 * lines; a take-over whose footer leaves its frame. One line per problem, empty when all is well.
 */
export function wallLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate((textNodeType) => {
    const window = globalThis as unknown as PageWindow;
    const { document } = window;
    const problems: string[] = [];
    const view = { width: window.innerWidth, height: window.innerHeight };
    const say = (what: string, el: PageElement) => problems.push(`${what}: <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    const inside = (r: Rect, box: { left: number; top: number; right: number; bottom: number }) => r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
    const intersect = (a: Rect, b: Rect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const screen = { left: 0, top: 0, right: view.width, bottom: view.height };

    const scroller = document.scrollingElement!;
    if (scroller.scrollWidth > view.width || scroller.scrollHeight > view.height) problems.push(`page scrolls: ${scroller.scrollWidth}x${scroller.scrollHeight} in ${view.width}x${view.height}`);
    const wall = document.querySelector('.wall');
    if (wall === null) return ['no .wall on the page'];
    const stage = wall.getBoundingClientRect();
    if (Math.abs(stage.width - view.width) > 1 || Math.abs(stage.height - view.height) > 1) problems.push(`the wall is ${stage.width}x${stage.height}, not the screen's ${view.width}x${view.height}`);
    const floorPx = parseFloat(window.getComputedStyle(wall).fontSize);

    // Header, main area and footer each keep to their band; panels keep to the main area.
    const main = wall.querySelector('.wall-main')?.getBoundingClientRect();
    if (main) {
      for (const panel of wall.querySelectorAll('.wall-main .panel, .wall-main .kpi, .takeover, .takeover-text')) {
        if (!inside(panel.getBoundingClientRect(), main)) say('box spills out of the main area', panel);
      }
    }

    // Every piece of visible text: big enough, on screen, inside its box, not cut off.
    const boxes = '.panel, .kpi, .wall-header, .wall-main, .wall-footer, .takeover-text, .banners';
    const cutOnPurpose = '.fitted-head, .takeover-title, .takeover-detail'; // device names lose their middle; long alarm texts their third line
    for (const el of wall.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1 || el.closest('.visually-hidden')) continue; // not shown, or for screen readers only
      const style = window.getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const ownText = [...el.childNodes].some((node) => node.nodeType === textNodeType && (node.textContent ?? '').trim() !== '' && (node.textContent ?? '').trim() !== '\u00a0');
      if (ownText) {
        // The boundaries' attribution is small on purpose: read from close by, not from 5 m.
        if (parseFloat(style.fontSize) < floorPx - 0.5 && !el.matches('.map-attribution')) say(`text below the ${floorPx}px floor (${style.fontSize})`, el);
        if (!inside(rect, screen)) say('text off the screen', el);
        const box = el.parentElement?.closest(boxes);
        if (box && !inside(rect, box.getBoundingClientRect())) say(`text spills out of its ${box.className}`, el);
      }
      if (el.innerText !== undefined && !el.matches(cutOnPurpose) && el.innerText.trim() !== '') {
        const cutX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
        const cutY = style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1;
        if (cutX || cutY) say(`text cut off (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`, el);
      }
    }

    // District names: clear of each other and of what is drawn over the map, inside the map.
    const frame = document.querySelector('.wall-map-frame')?.getBoundingClientRect();
    const labels = [...document.querySelectorAll('.district-label')];
    const overlays = [...document.querySelectorAll('.map-attribution, .alarm-marker')];
    labels.forEach((label, i) => {
      const rect = label.getBoundingClientRect();
      if (frame && !inside(rect, frame)) say(`district label outside the map (${Math.round(rect.left - frame.left)}..${Math.round(rect.right - frame.left)} of ${Math.round(frame.width)} px)`, label);
      for (const other of labels.slice(i + 1)) if (intersect(rect, other.getBoundingClientRect())) say(`district label covers ${other.textContent}`, label);
      for (const overlay of overlays) if (intersect(rect, overlay.getBoundingClientRect())) say(`district label under ${overlay.className}`, label);
    });

    // Levels named beside a chart (Siaga 3/2/1): clear of each other and right of the lines they name.
    const levelLabels = [...document.querySelectorAll('.reference-label-text')];
    const lineEnd = Math.max(...[...document.querySelectorAll('.recharts-reference-line-line')].map((line) => line.getBoundingClientRect().right));
    levelLabels.forEach((label, i) => {
      const rect = label.getBoundingClientRect();
      for (const other of levelLabels.slice(i + 1)) if (intersect(rect, other.getBoundingClientRect())) say(`chart level label covers ${other.textContent}`, label);
      if (rect.left < lineEnd - 1) say('chart level label on its lines', label);
    });

    // A take-over's footer (what to do) stays inside its frame, above the wall's footer.
    const takeover = document.querySelector('.takeover-text');
    const footer = document.querySelector('.takeover-footer');
    if (takeover && footer) {
      const frameRect = takeover.getBoundingClientRect();
      for (const line of footer.children) if (!inside(line.getBoundingClientRect(), frameRect)) say('take-over footer outside its frame', line);
      const wallFooter = document.querySelector('.wall-footer')!.getBoundingClientRect();
      if (frameRect.bottom > wallFooter.top + 1) problems.push('the take-over runs into the wall footer');
    }
    return problems;
  }, textNode);
}

/** The wall's type floor in CSS pixels (its own font size; every label is at least this big). */
export function wallFloorPx(page: Page): Promise<number> {
  return page.locator('.wall').evaluate((wall) => parseFloat((globalThis as unknown as PageWindow).getComputedStyle(wall as PageElement).fontSize));
}

/** The families the dashboard ships (dashboard/src/fonts.css); no text may be drawn in any other. */
const shippedFamilies = ['Inter', 'JetBrains Mono', 'Noto Sans Symbols 2'] as const;

interface PageFontFace {
  readonly family: string;
  readonly style: string;
  readonly status: string;
}
interface PageFonts {
  readonly ready: Promise<unknown>;
  check(font: string, text?: string): boolean;
  [Symbol.iterator](): Iterator<PageFontFace>;
}
interface PlatformFont {
  readonly familyName: string;
  readonly isCustomFont: boolean;
  readonly glyphCount: number;
}

/**
 * Problems with the wall's type, once its fonts have settled (`document.fonts.ready`): a shipped
 * face that failed to load, Inter not loaded for the wall's text, or any glyph of the wall drawn in
 * a font of the machine rather than a shipped one (asked of Chromium itself, through the DevTools
 * protocol: the fonts it really used for each element's text). Empty when all is well.
 */
export async function wallFontProblems(page: Page): Promise<string[]> {
  const { faces, interReady } = await page.evaluate(async () => {
    const fonts = (globalThis as unknown as { document: { fonts: PageFonts } }).document.fonts;
    await fonts.ready;
    return { faces: [...fonts].map(({ family, style, status }) => ({ family: family.replace(/^["']|["']$/g, ''), style, status })), interReady: fonts.check('700 52px Inter', 'Kendali 0123456789') };
  });
  const problems = faces.filter((face) => face.status === 'error').map((face) => `a shipped face failed to load: ${face.family} ${face.style}`);
  if (!faces.some((face) => face.family === 'Inter' && face.style === 'normal' && face.status === 'loaded') || !interReady) problems.push('Inter is not loaded');
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '.wall, .wall *' });
    // Every element asked at once: the protocol answers in order, without a round trip per element.
    const answers = await Promise.all(
      nodeIds.map(async (nodeId) => {
        // The wall redraws twice a second: an element may be gone by the time it is asked about.
        const used = await cdp.send('CSS.getPlatformFontsForNode', { nodeId }).catch(() => null);
        const foreign = ((used?.fonts ?? []) as PlatformFont[]).filter((font) => !font.isCustomFont || !shippedFamilies.some((family) => font.familyName.startsWith(family)));
        if (foreign.length === 0) return null;
        const { outerHTML } = await cdp.send('DOM.getOuterHTML', { nodeId }).catch(() => ({ outerHTML: '(gone)' }));
        return `text in a font the dashboard does not ship (${foreign.map((f) => `${f.familyName}: ${f.glyphCount} glyphs`).join(', ')}): ${outerHTML.slice(0, 80)}`;
      }),
    );
    problems.push(...answers.filter((answer) => answer !== null));
  } finally {
    await cdp.detach();
  }
  return problems;
}

/**
 * Wider text: every character of the wall 0.07 em further apart, as a font with wider metrics (or a
 * later version of Inter) would set it. Inter's widest common characters (digits, capitals) run
 * 0.65-0.7 em, so every word grows by at least 10% (`textWideningProblems` measures it); the boxes
 * must still hold everything.
 */
const widerTextCss = [
  '.wall, .wall * { letter-spacing: 0.07em !important; }',
  // Text the wall already spaces out gets the same 0.07 em on top.
  '.wall .brand-name { letter-spacing: 0.11em !important; }',
  '.wall .takeover-kicker { letter-spacing: 0.13em !important; }',
].join('\n');
const widerTextMin = 1.1;

/** Makes every document `page` opens set the wall's text wider (above), from its first render on. */
export async function widenText(page: Page): Promise<void> {
  await page.addInitScript((css) => {
    const { document, CSSStyleSheet } = globalThis as unknown as {
      document: { adoptedStyleSheets: unknown[] };
      CSSStyleSheet: new () => { replaceSync(css: string): void };
    };
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, widerTextCss);
}

/**
 * On a page set up by `widenText`: every run of text of 3 or more characters (HTML and SVG) that is
 * less than `widerTextMin` times as wide as without the widening, measured with and without it.
 */
export function textWideningProblems(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    interface Sheet {
      disabled: boolean;
    }
    interface TextRange {
      selectNodeContents(node: unknown): void;
      getClientRects(): Iterable<Rect>;
    }
    interface Walker {
      nextNode(): { readonly textContent: string | null; readonly parentElement: PageElement | null } | null;
    }
    const { document } = globalThis as unknown as {
      document: { adoptedStyleSheets: Sheet[]; querySelector(s: string): PageElement | null; createRange(): TextRange; createTreeWalker(root: unknown, what: number): Walker };
    };
    const wall = document.querySelector('.wall');
    const sheet = document.adoptedStyleSheets.at(-1);
    if (wall === null || sheet === undefined) return ['no widened wall on the page'];
    const runs: { node: unknown; text: string; wide: number }[] = [];
    const walker = document.createTreeWalker(wall, 4); // NodeFilter.SHOW_TEXT
    const range = document.createRange();
    // Its width on all its lines together: text that wraps is measured whole.
    const widthOf = (node: unknown) => {
      range.selectNodeContents(node);
      return [...range.getClientRects()].reduce((sum, rect) => sum + rect.width, 0);
    };
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      // Text cut to its box on purpose (a device name losing its middle) is as wide as the box, not as its letters.
      if (text.length < 3 || node.parentElement?.closest('.visually-hidden, .fitted-head')) continue;
      const wide = widthOf(node);
      if (wide > 1) runs.push({ node, text, wide });
    }
    sheet.disabled = true;
    const problems: string[] = [];
    for (const run of runs) {
      const narrow = widthOf(run.node);
      if (run.wide < narrow * min - 0.5) problems.push(`"${run.text.slice(0, 30)}" only ${(run.wide / narrow).toFixed(3)} times as wide`);
    }
    sheet.disabled = false;
    return runs.length === 0 ? ['no text measured'] : problems;
  }, widerTextMin);
}

/**
 * Runs `check` while a screenshot of `page` is written to `path` (the two overlap: the picture is
 * encoded in the browser while the page answers the checks). The picture is kept whether the checks
 * pass or fail: a screen that fails is there to be looked at.
 */
export async function whileShot(page: Page, path: string, check: () => Promise<void>): Promise<void> {
  const shot = page.screenshot({ path });
  try {
    await check();
  } catch (error) {
    await shot.catch(() => undefined);
    throw error;
  }
  await shot;
}
