import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPage } from '../../../../src/app/audit-page.ts';
import { openExport } from '../../../../src/adapters/audit/read-export.ts';
import { calibrationField, renderAudit } from '../../../../src/adapters/discord/views/audit.ts';
import { calibrate, calibrationData } from '../../../../src/core/audit/calibration.ts';
import type { AuditResult } from '../../../../src/core/audit/result.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

const advisor = realAdvisor();
const charts = [
  { name: 'mix.png', title: 'mix', png: Buffer.alloc(0) },
  { name: 'engagement.png', title: 'Engagement vs your other posts', png: Buffer.alloc(0) },
];

async function audit(lang: 'en' | 'de'): Promise<AuditResult> {
  return auditPage(advisor, await openExport(createReadStream(new URL('../../../fixtures/audit/meta-facebook.csv', import.meta.url))), { lang });
}

describe('audit view', () => {
  it('fits Discord’s limits in both languages, even with very long texts', async () => {
    for (const lang of ['en', 'de'] as const) {
      const a = await audit(lang);
      const long = { ...a, recommendations: a.recommendations.map((r) => ({ text: r.text.repeat(20), evidence: r.evidence.repeat(20) })), best: a.best.map((p) => ({ ...p, text: 'x'.repeat(2000) })) };
      for (const embed of renderAudit(advisor, long, charts, lang, true)) expectWithinLimits(embed);
    }
  });

  it('claims only what the data supports and names the categories with too little evidence', async () => {
    const a = await audit('en');
    const [summary] = renderAudit(advisor, a, charts, 'en', false);
    const engagement = summary!.fields!.find((f) => f.name === 'What your fans respond to (your data)')!;
    const title = (c: string) => advisor.categories.get(c as never)!.title.en;
    const thin = a.engagement.filter((e) => e.verdict === 'not_enough_data');
    expect(thin.length).toBeGreaterThan(0);
    const thinLine = engagement.value.split('\n').find((l) => l.startsWith('Not enough evidence yet: '))!;
    for (const e of thin) expect(thinLine).toContain(`${title(e.category)} (n = ${e.n})`);
    for (const e of a.engagement.filter((x) => x.verdict === 'higher')) expect(engagement.value).toContain(`▲ **${title(e.category)}**`);
    for (const e of a.engagement.filter((x) => x.verdict === 'lower')) expect(engagement.value).toContain(`▼ **${title(e.category)}**`);
    expect(summary!.description).not.toContain('Saved for this server');
  });

  it('the page field under /score marks a contradiction of the studies, and is absent without lines', async () => {
    const a = await audit('en');
    const data = calibrationData(a);
    const contradicting = { ...data, engagement: data.engagement.map((e) => (e.category === 'discount' ? { ...e, verdict: 'lower' as const, ratio: 0.5 } : e)) };
    const field = calibrationField(calibrate(advisor, contradicting, ['discount'], 'en'), 'en')!;
    expect(field.value).toMatch(/^⚠️ On your page, posts with "Discount or deal" got only 0\.5× the median engagement \(n = 10\)\. That contradicts the studies/);
    expect(calibrationField(calibrate(advisor, data, ['loyalty'], 'en'), 'en')).toBeNull();
  });
});
