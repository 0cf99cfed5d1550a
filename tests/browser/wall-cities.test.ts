import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import type { City } from '@kendali/contracts';
import { builtInCities } from '@kendali/contracts';
import type { Simulation } from '@kendali/simulators';
import { chromiumPath, launchChromium, pageOptions, startTestPlatform, systemSuite, testAdminToken, testedVersions, type TestPlatform } from '@kendali/test-support';
import { startCityFleets } from './city-fleet';
import { textWideningProblems, wallFontProblems, wallLayoutProblems, whileShot, widenText } from './wall-layout';

const suite = systemSuite(chromiumPath, 'apt-get install chromium', testedVersions.chromium);
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const scenes = ['overview', 'environment', 'flood', 'mobility', 'wifi'] as const;
/** Each size as shipped, and 1920x1080 once more with all text at least 10% wider (as in wall.test.ts). */
const passes = [
  { width: 1920, height: 1080, wider: false },
  { width: 3840, height: 2160, wider: false },
  { width: 1920, height: 1080, wider: true },
] as const;
const passName = (pass: (typeof passes)[number]) => `${pass.width}x${pass.height}${pass.wider ? '-wider-text' : ''}`;
const city = (id: string): City => {
  const found = builtInCities[id];
  if (found === undefined) throw new Error(`no built-in city ${id}`);
  return found;
};

/** Each built-in city alone, and a regional room of two neighbours sharing a border. */
const rooms = [['kota-tangerang'], ['kota-serang'], ['tangerang-selatan'], ['badung'], ['kota-tangerang', 'tangerang-selatan']].map((ids, index) => ({
  name: ids.join('+'),
  cities: ids.map(city),
  index,
}));

/**
 * The passes each room is read in: 4K only in the regional room, the most crowded map. The wall is laid
 * out in rem, so 4K is the 1920x1080 picture at twice the pixels; wall.test.ts checks that on every scene
 * of the default city in both languages (the whole test command has a time budget).
 */
const passesOf = (roomIndex: number) => passes.filter((pass) => pass.width === 1920 || roomIndex === rooms.length - 1);

/**
 * The language each pass is read in: the text as shipped in one, the wider text in the other,
 * alternating between rooms, so every room is read in both languages without 150 screens.
 */
const languagesOf = (pass: (typeof passes)[number], roomIndex: number): readonly ('id' | 'en')[] => [
  (roomIndex + (pass.wider ? 0 : 1)) % 2 === 0 ? 'id' : 'en',
];

/** Centre of each drawn district's boundary on screen, by district id (its path's box: enough to tell north from south). */
const drawnCentres = (page: Page) =>
  page.locator('.district-cell').evaluateAll((cells) =>
    cells.map((cell) => {
      const el = cell as unknown as { getAttribute(name: string): string | null; getBoundingClientRect(): { left: number; top: number; width: number; height: number } };
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-district') ?? '', x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }),
  );

describe.skipIf(!suite.available)(suite.title('/wall of every built-in city, drawn from its real boundaries'), () => {
  let browser: Browser;
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    browser = await launchChromium();
    for (const pass of passes) {
      const page = await browser.newPage(pageOptions({ width: pass.width, height: pass.height }));
      if (pass.wider) await widenText(page);
      pages.set(passName(pass), page);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe.each(rooms)('$name', ({ name, cities, index }) => {
    let running: TestPlatform;
    let fleets: Simulation[] = [];
    const districts = cities.flatMap((c) => c.districts.map((d) => d.id));

    beforeAll(async () => {
      running = await startTestPlatform(`wall-${name}`, { KENDALI_CITY: cities.map((c) => c.id).join(',') });
      fleets = await startCityFleets(running.platform, cities, 40);
    });

    afterAll(async () => {
      await Promise.all(fleets.map((fleet) => fleet.stop()));
      await running?.stop();
    });

    const open = async (page: Page, scene: string, lang: string, expect: ExpectStatic) => {
      await page.goto(`${running.platform.addresses.http}/wall?token=${testAdminToken}&scene=${scene}&rotate=0&lang=${lang}`, { timeout: 60_000 });
      await expect.poll(() => page.locator('.wall').getAttribute('data-scene')).toBe(scene);
      await expect.poll(() => page.locator('.district-label').count()).toBe(districts.length);
      if (scene === 'overview') {
        // The fleet's devices have reported: the legend counts them online (on a scene with a longer legend
        // and wider text the count may give way to the scene's own entries; the scene's KPI says it there).
        await expect.poll(() => page.locator('.marker-entry[data-state="online"] strong').innerText(), { timeout: 20_000 }).toMatch(/[1-9]/);
        // Counted from the device list; the figures come with the live stream's first frame.
        await expect.poll(() => page.locator('[data-kpi="readings"] .kpi-figure').innerText(), { timeout: 20_000 }).toMatch(/\d/);
        return;
      }
      // The scene's chart has drawn the server's trend, and its list ranks the city's places.
      await expect.poll(() => page.locator('.trend-panel .recharts-line-curve').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.rank-row:not(.is-empty)').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    };

    it('draws every district once, where it lies, with the city zone on the clock', async () => {
      const page = pages.get('1920x1080')!;
      await open(page, 'overview', 'id', expect);
      const centres = await drawnCentres(page);
      expect(centres.map((c) => c.id).sort()).toEqual([...districts].sort());
      const at = (id: string) => centres.find((c) => c.id === id)!;
      const ids = new Set(districts);
      if (ids.has('benda')) {
        expect(at('benda').x).toBeGreaterThan(at('jatiuwung').x); // Benda lies north-east of Jatiuwung
        expect(at('benda').y).toBeLessThan(at('jatiuwung').y);
      }
      if (ids.has('kuta')) expect(at('kuta').y).toBeGreaterThan(at('petang').y); // Kuta lies south of Petang
      if (ids.has('kasemen')) expect(at('kasemen').y).toBeLessThan(at('curug').y); // Kasemen reaches the bay in the north
      if (ids.has('serpong-utara')) expect(at('serpong-utara').y).toBeLessThan(at('setu').y);
      if (ids.has('benda') && ids.has('pamulang')) expect(at('pamulang').y).toBeGreaterThan(at('benda').y); // Tangerang Selatan south of Kota Tangerang
      // One city: each district with devices counts them on its label, online of registered; the legend says so.
      if (cities.length === 1) {
        const shown = await page.locator('.district-count').allInnerTexts();
        expect(shown.length).toBeGreaterThan(0);
        for (const count of shown) {
          const [online, registered] = count.split('/').map(Number);
          expect(count).toMatch(/^\d+\/\d+$/);
          expect(online).toBeLessThanOrEqual(registered!);
        }
        expect((await page.locator('.marker-entry[data-state="online"]').innerText()).replace(/\s+/g, ' ')).toMatch(/^Daring\/terdaftar \d+\/\d+$/);
      }
      expect(await page.locator('.city-outline').count()).toBe(cities.length);
      expect(await page.locator('.clock-zone').innerText()).toBe(cities[0]!.zone.abbreviation);
      expect(await page.locator('.map-attribution').innerText()).toBe('Batas kecamatan: BPS / OCHA ROAP (HDX), CC BY-IGO 3.0');
    });

    // Each pass has its own page: they run side by side, so one page's waits for data overlap another's drawing.
    for (const pass of passesOf(index)) {
      it.concurrent.for(languagesOf(pass, index))(`every scene at ${passName(pass)} in %s reads from 5 metres`, async (lang, { expect }) => {
        const page = pages.get(passName(pass))!;
        for (const scene of scenes) {
          await open(page, scene, lang, expect);
          const what = `${name} ${scene} ${lang} ${passName(pass)}`;
          await whileShot(page, `${artifacts}wall-${name}-${scene}-${passName(pass)}-${lang}.png`, async () => {
            if (pass.wider) expect(await textWideningProblems(page), `${what}: text widened`).toEqual([]);
            else expect(await wallFontProblems(page), `${what}: fonts`).toEqual([]);
            expect(await wallLayoutProblems(page), what).toEqual([]);
          });
        }
      });
    }
  });
});
