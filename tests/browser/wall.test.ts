import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTopic } from '@kendali/contracts';
import type { Platform } from '@kendali/platform';
import { registerDevice, testAdminToken, browserTimeZone, chromiumPath, launchChromium, pageOptions, labelPairs, showsLabel, type LabelPair, systemSuite, testedVersions, startTestPlatform } from '@kendali/test-support';
import { textWideningProblems, wallFloorPx, wallFontProblems, wallLayoutProblems, whileShot, widenText } from './wall-layout';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const postId = 'wl-uji-periuk';
const secondPostId = 'wl-uji-cipondoh';

/** Indonesian labels of the overview that must all be gone once the wall is switched to English. */
const indonesianLabels = ['Ringkasan kota', 'Data masuk', 'Alarm aktif', 'ISPU kota', 'Air tertinggi', 'pengguna', 'Daring', 'Luring', 'Data lama', 'Beralarm', 'Terhubung', 'Peringatan', 'Kritis', 'Mayor', 'dari ', 'Sedang', 'Baik', 'lalu'];

/** The wall's labels in both languages, and for each language the other's that must never show on its screens. */
const labels: LabelPair[] = [...labelPairs('messages.ts', 'id', 'en'), ...labelPairs('messages-wall.ts', 'wallMessagesId', 'wallMessagesEn')];
const foreign = {
  // Words both languages share ("Minor", "Wi-Fi", "cm") are not a sign of the other language.
  id: labels.map((l) => l.en).filter((en) => en.replace(/\{\w+\}/g, '').trim().length >= 2 && !labels.some((l) => showsLabel(l.id, en))),
  en: labels.map((l) => l.id).filter((id) => id.replace(/\{\w+\}/g, '').trim().length >= 2 && !labels.some((l) => showsLabel(l.en, id))),
} as const;

const scenes = ['overview', 'environment', 'flood', 'mobility', 'wifi'] as const;
type Scene = (typeof scenes)[number];
type Lang = keyof typeof foreign;

/** Every layout check runs twice: with the shipped font as it is, and with all text at least 10% wider (room for other metrics). */
const textWidths = [
  { text: 'as shipped', wider: false },
  { text: '10% wider', wider: true },
] as const;
type TextWidth = (typeof textWidths)[number]['text'];

/**
 * Runs `check` for every item side by side, each on its own page (one page's waits for data overlap
 * another's drawing), and fails with the first failure once all are done.
 */
async function sideBySide<T>(items: readonly T[], check: (item: T) => Promise<unknown>): Promise<void> {
  const failed = (await Promise.allSettled(items.map(check))).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** `check` for both text widths side by side. */
const withEachTextWidth = (check: (width: (typeof textWidths)[number]) => Promise<unknown>) => sideBySide(textWidths, check);

/** A figure each scene shows once its data has arrived. */
const sceneKpi: Readonly<Record<Scene, string>> = { overview: 'devices', environment: 'ispu', flood: 'water', mobility: 'vehicles', wifi: 'wifi' };

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
const disjoint = (a: Box, b: Box) => a.x + a.width <= b.x + 1 || b.x + b.width <= a.x + 1 || a.y + a.height <= b.y + 1 || b.y + b.height <= a.y + 1;
const boxesOf = async (page: Page, selector: string): Promise<Box[]> => (await Promise.all((await page.locator(selector).all()).map((el) => el.boundingBox()))).filter((box) => box !== null);

describe.skipIf(!suite.available)(suite.title('/wall in a real browser against the live platform'), () => {
  let platform: Platform;
  let stopPlatform: () => Promise<void>;
  let browser: Browser;
  let page: Page;
  /** One page per text width; `page` is the one with the text as shipped. */
  const pages = {} as Record<TextWidth, Page>;
  let post: MqttClient;
  let secondPost: MqttClient;
  const consoleErrors: string[] = [];

  const levelOf = (client: MqttClient, id: string, cm: number) => client.publishAsync(deviceTopic(id, 'telemetry'), JSON.stringify({ waterLevelCm: cm }), { qos: 1 });
  const level = (cm: number) => levelOf(post, postId, cm);
  const kpi = (id: string) => page.locator(`[data-kpi="${id}"] .kpi-figure`).innerText();
  const open = (query: string, on: Page = page) => on.goto(`${platform.addresses.http}/wall?token=${testAdminToken}&${query}`, { timeout: 60_000 });
  /** The map has drawn the scene's devices from their readings (its once-a-second redraw has run). */
  const mapDrawn = (on: Page) => expect.poll(() => on.locator('.marker-entry[data-state="online"] strong').innerText(), { timeout: 10_000 }).toMatch(/[1-9]/);
  const newPage = async (viewport: { width: number; height: number }, wider: boolean) => {
    const created = await browser.newPage(pageOptions(viewport));
    if (wider) await widenText(created);
    watch(created);
    return created;
  };
  const watch = (on: Page) => {
    on.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    on.on('pageerror', (error) => consoleErrors.push(error.message));
  };

  /** The wall's own fonts only; nothing cut off, overlapping, off screen or below the floor; no word of the other language. */
  async function expectReadable(lang: Lang, what: string, on: Page = page) {
    expect(await wallFontProblems(on), `${what}: fonts`).toEqual([]);
    expect(await wallLayoutProblems(on), what).toEqual([]);
    const text = await on.locator('.wall').innerText();
    expect(foreign[lang].filter((label) => showsLabel(text, label)), `${what}: words of the other language`).toEqual([]);
  }

  beforeAll(async () => {
    ({ platform, stop: stopPlatform } = await startTestPlatform('browser', { KENDALI_SIMULATE: '1', KENDALI_SIMULATE_DEVICES: '60', KENDALI_SIMULATE_RATE: '2' }));
    // Two water posts on the default Cisadane levels (Siaga 3/2/1 at 300/400/500 cm).
    const secret = await registerDevice(platform.addresses.http, postId, { kind: 'water-level', name: 'Pos Uji Periuk', district: 'Periuk' });
    post = await connectAsync(platform.addresses.mqtt, { clientId: postId, username: postId, password: secret, reconnectPeriod: 0 });
    const secondSecret = await registerDevice(platform.addresses.http, secondPostId, { kind: 'water-level', name: 'Pos Uji Cipondoh', district: 'Cipondoh' });
    secondPost = await connectAsync(platform.addresses.mqtt, { clientId: secondPostId, username: secondPostId, password: secondSecret, reconnectPeriod: 0 });
    await levelOf(secondPost, secondPostId, 150);
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    for (const { text, wider } of textWidths) pages[text] = await newPage({ width: 1920, height: 1080 }, wider);
    page = pages['as shipped'];
  });

  afterAll(async () => {
    await post?.endAsync(true);
    await secondPost?.endAsync(true);
    await browser?.close();
    await stopPlatform?.();
  });

  it('shows every key figure with live values from the simulated city', async () => {
    await level(350); // Siaga 3: the most alarming post of the city
    await open('rotate=0');
    for (const id of ['devices', 'readings', 'alarms', 'ispu', 'water', 'wifi']) {
      await expect.poll(() => kpi(id), { timeout: 20_000, message: `KPI ${id}` }).toMatch(/\d/);
    }
    await expect.poll(() => kpi('water'), { timeout: 10_000 }).toBe('350');
    expect(await page.locator('[data-kpi="water"] .kpi-sub').innerText()).toContain('Siaga 3');
    expect(await page.locator('[data-kpi="ispu"] .status-badge').innerText()).toMatch(/Baik|Sedang|Tidak Sehat|Berbahaya/);
    await expect.poll(() => page.locator('.district-label').count()).toBe(13);
    await expect.poll(() => page.locator('.link').innerText()).toContain('Terhubung');
    expect(await page.locator('.clock-zone').innerText()).toBe('WIB');
  });

  it('shows the time and date of WIB although the browser runs in another zone', async () => {
    await open('rotate=0');
    await page.locator('.clock-time').waitFor();
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(browserTimeZone);
    // The instant the clock shows (its datetime attribute) and the digits it shows, read at once.
    interface Node {
      readonly textContent: string | null;
      getAttribute(name: string): string | null;
      querySelector(selector: string): Node | null;
    }
    const shown = await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: Node };
      const time = document.querySelector('.clock-time')!;
      const zone = time.querySelector('.clock-zone')?.textContent ?? '';
      return { at: Date.parse(time.getAttribute('datetime')!), text: time.textContent!.replace(zone, ''), date: document.querySelector('.clock-date')!.textContent! };
    });
    const wib = new Date(shown.at + 7 * 3_600_000); // WIB is UTC+7, read with the UTC getters
    expect(shown.text.replace(/\D/g, '')).toBe(wib.toISOString().slice(11, 19).replace(/\D/g, ''));
    expect(shown.date).toMatch(new RegExp(`(^|\\D)${wib.getUTCDate()}(\\D|$)`));
    expect(shown.date).toContain(String(wib.getUTCFullYear()));
  });

  it('shows a new reading within 2 seconds', async () => {
    const sentAt = Date.now();
    await level(377);
    await expect.poll(() => kpi('water'), { timeout: 2_000, interval: 50 }).toBe('377');
    expect(Date.now() - sentAt).toBeLessThan(2_000);
  });

  it('switches every label to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(() => page.locator('.scene-title h2').innerText()).toBe('City overview');
    // Every part redraws in English, the last ones with the next frame.
    const indonesianShown = async () => {
      const shown = await page.locator('body').innerText();
      return indonesianLabels.filter((label) => shown.includes(label));
    };
    await expect.poll(indonesianShown).toEqual([]);
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/Online[\s\S]*of \d/);
    expect(body).toMatch(/(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d+ \w+ \d{4}/);
    await page.getByRole('button', { name: 'ID', exact: true }).click();
  });

  it('rotates through the scenes by itself, each with its live chart', async () => {
    await open('scene=environment&rotate=5');
    await expect.poll(() => page.locator('.wall').getAttribute('data-scene')).toBe('environment');
    await expect.poll(() => page.locator('.trend-panel .recharts-line-curve').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.wall').getAttribute('data-scene'), { timeout: 8_000 }).toBe('flood');
    expect(await page.locator('.scene-title h2').innerText()).toBe('Banjir & muka air');
    await expect.poll(() => page.locator('.rank-row').first().innerText()).toContain('Pos Uji Periuk');
  });

  it('uses type no smaller than the floor for a 55-inch panel read from 5 metres', async () => {
    // DOMAIN.md: 52-72 px type on a 55-inch 1080p panel; every label is checked against this floor below.
    expect(await wallFloorPx(page)).toBeGreaterThanOrEqual(52);
  });

  const kpiOn = (on: Page, id: string) => on.locator(`[data-kpi="${id}"] .kpi-figure`).innerText();
  /** Opens a scene and waits until it shows its data: figures, district names, chart, markers. */
  async function openScene(on: Page, scene: Scene, lang: Lang) {
    await open(`scene=${scene}&rotate=0&lang=${lang}`, on);
    await expect.poll(() => on.locator('.wall').getAttribute('data-scene')).toBe(scene);
    await expect.poll(() => kpiOn(on, sceneKpi[scene]), { timeout: 20_000, message: `${scene} figure` }).toMatch(/\d/);
    // The overview's device count comes with the device list, before the live stream's first frame: wait for that too.
    if (scene === 'overview') await expect.poll(() => kpiOn(on, 'readings'), { timeout: 20_000, message: 'live figures' }).toMatch(/\d/);
    await expect.poll(() => on.locator('.district-label').count()).toBe(13);
    if (scene !== 'overview') await expect.poll(() => on.locator('.trend-panel .recharts-line-curve').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await mapDrawn(on);
  }
  const suffixOf = (wider: boolean) => (wider ? '-wider-text' : '');
  /** The checks every screen must pass; on a widened page, first that its text really is 10% wider. */
  async function expectFits(on: Page, wider: boolean, lang: Lang, what: string) {
    if (wider) expect(await textWideningProblems(on), `${what}: text widened`).toEqual([]);
    await expectReadable(lang, what, on);
  }

  describe.each(['id', 'en'] as const)('every scene in %s', (lang) => {
    it.each(scenes)('%s reads from 5 metres with the text as shipped and 10% wider: nothing cut off, overlapping or in the other language', async (scene) => {
      await level(450); // Siaga 2: the flood chart names all three levels, two of them close to the line
      await withEachTextWidth(async ({ text, wider }) => {
        const on = pages[text];
        await openScene(on, scene, lang);
        if (scene === 'flood') {
          await expect.poll(() => kpiOn(on, 'water'), { timeout: 10_000 }).toBe('450');
          expect(await on.locator('.reference-label-text').allTextContents()).toEqual(['Siaga 3', 'Siaga 2', 'Siaga 1']);
          // The three levels lie 100 cm (a third of a label's height) apart: their names must still not touch, nor the lines.
          const [names, lines] = [await boxesOf(on, '.reference-label-text'), await boxesOf(on, '.recharts-reference-line-line')];
          expect(names).toHaveLength(3);
          for (const [i, name] of names.entries()) {
            for (const other of names.slice(i + 1)) expect(disjoint(name, other), 'Siaga labels overlap').toBe(true);
            for (const line of lines) expect(disjoint(name, line), 'a Siaga label lies on a line').toBe(true);
          }
        }
        await whileShot(on, `${artifacts}wall-${scene}-1920x1080-${lang}${suffixOf(wider)}.png`, () => expectFits(on, wider, lang, `${scene} (${lang}, text ${text})`));
      });
    });
  });

  it('gives the screen to an active critical alarm, with what to do always in view, with the text as shipped and 10% wider', async () => {
    const takeover = (on: Page) => on.locator('.takeover');
    await withEachTextWidth(({ text }) => open('rotate=0&lang=id', pages[text]));
    await level(520); // above Siaga 1: critical
    await withEachTextWidth(async ({ text }) => {
      const on = pages[text];
      await expect.poll(() => takeover(on).count(), { timeout: 5_000 }).toBe(1);
      expect(await takeover(on).innerText()).toMatch(/ALARM KRITIS[\s\S]*Pos Uji Periuk/);
      expect(await on.locator('.district-cell.is-highlighted').count()).toBe(1);
    });
    await levelOf(secondPost, secondPostId, 530); // a second critical alarm: counted under the first
    await withEachTextWidth(async ({ text, wider }) => {
      const on = pages[text];
      await expect.poll(() => on.locator('.takeover-more').innerText(), { timeout: 5_000 }).toMatch(/: 1$/);
      await expect.poll(() => on.locator('.ticker').getAttribute('data-alarms')).toBe('2');
      await mapDrawn(on);
      // What to do and how many more wait: fully on screen, above the wall's own footer.
      const [footer] = await boxesOf(on, '.takeover-footer');
      const [wallFooter] = await boxesOf(on, '.wall-footer');
      expect(footer!.y + footer!.height).toBeLessThanOrEqual(wallFooter!.y);
      expect(footer!.y).toBeGreaterThanOrEqual(0);
      await whileShot(on, `${artifacts}wall-takeover-1920x1080-id${suffixOf(wider)}.png`, () => expectFits(on, wider, 'id', `take-over (id, text ${text})`));

      await on.getByRole('button', { name: 'EN', exact: true }).click();
      await expect.poll(() => on.locator('.takeover-kicker').innerText()).toContain('CRITICAL ALARM');
      // Every part redraws in English, the last ones with the next frame.
      const indonesianShown = async () => {
        const shown = await on.locator('.wall').innerText();
        return foreign.en.filter((label) => showsLabel(shown, label));
      };
      await expect.poll(indonesianShown).toEqual([]);
      await whileShot(on, `${artifacts}wall-takeover-1920x1080-en${suffixOf(wider)}.png`, () => expectFits(on, wider, 'en', `take-over (en, text ${text})`));
      await on.getByRole('button', { name: 'ID', exact: true }).click();
    });

    await levelOf(secondPost, secondPostId, 150);
    await level(200); // back to normal: the alarms clear and the wall returns
    await withEachTextWidth(({ text }) => expect.poll(() => takeover(pages[text]).count(), { timeout: 5_000 }).toBe(0));
  });

  it('scales to a 3840x2160 panel with the text as shipped and 10% wider: the same picture, twice the pixels', async () => {
    await level(350);
    // Wider text at 4K in the longer language only: the per-city suite reads 4K in both. Each
    // language and width on a page of its own, five screens each, the three side by side (one page
    // for both languages read ten screens as shipped while the wider text's page read five, then idled).
    const lanes = [...(['id', 'en'] as const).map((lang) => ({ ...textWidths[0], lang })), { ...textWidths[1], lang: 'id' as const }];
    await sideBySide(lanes, async ({ text, wider, lang }) => {
      const large = await newPage({ width: 3840, height: 2160 }, wider);
      try {
        for (const scene of scenes) {
          await openScene(large, scene, lang);
          expect(await wallFloorPx(large)).toBeGreaterThanOrEqual(104);
          await whileShot(large, `${artifacts}wall-${scene}-3840x2160-${lang}${suffixOf(wider)}.png`, () => expectFits(large, wider, lang, `${scene} (${lang}, text ${text}) at 3840x2160`));
        }
      } finally {
        await large.close();
      }
    });
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
