import { createReadStream } from 'node:fs';
import { auditPage } from './src/app/audit-page.ts';
import { openExport } from './src/adapters/audit/read-export.ts';
import { realAdvisor } from './test/support/advisor.ts';
const r = await auditPage(realAdvisor(), await openExport(createReadStream('test/fixtures/audit/' + process.argv[2])), { lang: (process.argv[3] as any) ?? 'en' });
console.log(JSON.stringify(r, null, 1));
