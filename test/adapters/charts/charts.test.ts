import { createReadStream } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/app/audit-page.ts';
import { openExport } from '../../../src/adapters/audit/read-export.ts';
import { engagementChart, mixChart, studyChart } from '../../../src/adapters/charts/audit-charts.ts';
import { SERIES, THEMES } from '../../../src/adapters/charts/canvas.ts';
import type { AuditResult } from '../../../src/core/audit/result.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { countColour, countDifferent, decodePng } from '../../support/png.ts';

const advisor = realAdvisor();
let audit: AuditResult;

beforeAll(async () => {
  audit = await auditPage(advisor, await openExport(createReadStream(new URL('../../fixtures/audit/meta-facebook.csv', import.meta.url))), { lang: 'en' });
});

/** The y-axis labels sit left of the bars; the title on top. */
const LABELS = { x: 0, y: 160, w: 200, h: 400 };
const TITLE = { x: 100, y: 0, w: 600, h: 50 };

describe('charts drawn without a browser', () => {
  it('are PNGs at phone-friendly width with an opaque background in both themes', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const png = mixChart(advisor, audit, { theme, lang: 'en' }).png;
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const p = await decodePng(png);
      expect(p.width).toBe(800);
      // corners show the theme's own background, fully opaque: readable on Discord's dark and light
      expect(countColour(p, THEMES[theme].background, { x: 0, y: 0, w: 4, h: 4 }, 2)).toBe(16);
      expect(p.data[3]).toBe(255);
      // the bars are there
      expect(countColour(p, SERIES.page)).toBeGreaterThan(2000);
      expect(countColour(p, SERIES.fans)).toBeGreaterThan(2000);
    }
  });

  it('draw their labels: the registered font puts glyph pixels where the text goes', async () => {
    for (const draw of [mixChart, engagementChart]) {
      const withText = await decodePng(draw(advisor, audit, { theme: 'dark', lang: 'en' }).png);
      const without = await decodePng(draw(advisor, audit, { theme: 'dark', lang: 'en', text: false }).png);
      const area = LABELS.w * LABELS.h;
      // glyphs in the text colour in the label column and the title, and none when text is off
      expect(countColour(withText, THEMES.dark.text, LABELS, 90)).toBeGreaterThan(area * 0.02);
      expect(countColour(without, THEMES.dark.text, LABELS, 90)).toBe(0);
      expect(countDifferent(withText, without, LABELS)).toBeGreaterThan(area * 0.02);
      expect(countDifferent(withText, without, TITLE)).toBeGreaterThan(500);
    }
  });

  it('label in German when asked', async () => {
    const en = await decodePng(mixChart(advisor, audit, { theme: 'light', lang: 'en' }).png);
    const de = await decodePng(mixChart(advisor, audit, { theme: 'light', lang: 'de' }).png);
    expect(countDifferent(en, de, LABELS)).toBeGreaterThan(1000);
  });

  it('/study: consumers vs companies per finding', async () => {
    const findings = ['ibm-r-discount', 'pivot-deals', 'cmoc-peers', 'ibm-active-5'].map((id) => advisor.findings.get(id)!);
    const chart = studyChart(findings, { theme: 'light', lang: 'en' });
    const p = await decodePng(chart.png);
    // ibm-active-5 has no company figure: three rows, each with both bars
    expect(p.height).toBe(170 + 3 * 48);
    expect(countColour(p, SERIES.fans)).toBeGreaterThan(1000);
    expect(countColour(p, SERIES.companies)).toBeGreaterThan(500);
  });
});
