import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditPage } from '../../../src/app/audit-page.ts';
import { createClassifyPool } from '../../../src/adapters/audit/classify-pool.ts';
import { openExport } from '../../../src/adapters/audit/read-export.ts';
import { realAdvisor, realRules } from '../../support/advisor.ts';

describe('scoring on worker threads', () => {
  it('gives byte-identical results to scoring in the main thread', async () => {
    const advisor = realAdvisor();
    const open = () => openExport(createReadStream(new URL('../../fixtures/audit/meta-facebook.csv', import.meta.url)));
    const here = JSON.stringify(await auditPage(advisor, await open(), { lang: 'en' }));
    const pool = await createClassifyPool({ book: realRules().book, settings: advisor.settings, defaultLang: 'en' }, 2);
    try {
      const there = JSON.stringify(await auditPage(advisor, await open(), { lang: 'en', classify: pool.classify, concurrency: pool.concurrency }));
      expect(there).toBe(here);
      // the bootstrap spread over the threads too, one task per category
      const figures = JSON.stringify(await auditPage(advisor, await open(), { lang: 'en', classify: pool.classify, concurrency: pool.concurrency, figures: pool.figures }));
      expect(figures).toBe(here);
      expect(JSON.parse(figures).engagement.length).toBeGreaterThan(3);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
