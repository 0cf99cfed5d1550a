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
 * "Reading a wall from 5 metres"); text cut off or spilling out of its panel; district labels that
 * cover each other or the map's overlays; chart level labels that cover each other or their
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
        if (parseFloat(style.fontSize) < floorPx - 0.5) say(`text below the ${floorPx}px floor (${style.fontSize})`, el);
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
    const overlays = [...document.querySelectorAll('.city-inset-title, .city-inset-svg, .river-label')];
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
