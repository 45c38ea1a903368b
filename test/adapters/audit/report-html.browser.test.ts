// report.html in a real headless Chromium (Debian's package): the page opens offline, and its
// chart images decode and show on screen.
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/app/audit-page.ts';
import { openExport } from '../../../src/adapters/audit/read-export.ts';
import { writeReport } from '../../../src/adapters/audit/write-report.ts';
import { SERIES } from '../../../src/adapters/charts/canvas.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { CHROMIUM_MISSING, launchChromium, type Browser } from '../../support/chromium.ts';
import { countColour, decodePng } from '../../support/png.ts';

describe.skipIf(CHROMIUM_MISSING !== null)(`report.html in headless Chromium${CHROMIUM_MISSING ? ` (skipped: ${CHROMIUM_MISSING})` : ''}`, () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fanpage-report-'));
    const advisor = realAdvisor();
    const audit = await auditPage(advisor, await openExport(createReadStream(new URL('../../fixtures/audit/meta-facebook.csv', import.meta.url))), { lang: 'de' });
    await writeReport(advisor, audit, dir, 'de');
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is self-contained: no script, no external file', async () => {
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|src="(?!data:)|href="http/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);
  });

  it('shows both charts decoded, in German, with the recommendations', async () => {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const images = await page.$$eval('img', (imgs) => imgs.map((i) => ({ complete: i.complete, width: i.naturalWidth, shown: i.getBoundingClientRect().width })));
    expect(images).toHaveLength(2);
    for (const img of images) {
      expect(img.complete).toBe(true);
      expect(img.width).toBe(800);
      expect(img.shown).toBeGreaterThan(300);
    }
    expect(await page.locator('h1').textContent()).toBe('Seiten-Audit');
    expect(await page.locator('ol li').count()).toBe(3);
    // only the page itself was loaded
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);

    // what a person sees: the screenshot of each chart shows its bars
    const first = await decodePng(await page.locator('img').first().screenshot());
    expect(countColour(first, SERIES.page)).toBeGreaterThan(1000);
    expect(countColour(first, SERIES.fans)).toBeGreaterThan(1000);
    const second = await decodePng(await page.locator('img').nth(1).screenshot());
    expect(countColour(second, SERIES.higher) + countColour(second, SERIES.lower)).toBeGreaterThan(500);
    await page.close();
  });
});
