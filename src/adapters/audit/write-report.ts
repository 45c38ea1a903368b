// `audit --out DIR`: the charts as PNG, report.html with the charts inlined, audit.json (the
// --json object) and calibration.json (what `score --calibration` reads).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calibrationData } from '../../core/audit/calibration.ts';
import type { AuditResult } from '../../core/audit/result.ts';
import type { Advisor } from '../../core/engine.ts';
import type { Lang } from '../../core/post.ts';
import { auditCharts } from '../charts/audit-charts.ts';
import { reportHtml } from './report-html.ts';

export interface WrittenReport {
  dir: string;
  files: string[];
}

export async function writeReport(advisor: Advisor, audit: AuditResult, dir: string, lang: Lang): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const charts = auditCharts(advisor, audit, { theme: 'light', lang });
  const files: [string, string | Buffer][] = [
    ...charts.map((c): [string, Buffer] => [c.name, c.png]),
    ['report.html', reportHtml(advisor, audit, charts, lang)],
    ['audit.json', `${JSON.stringify(audit, null, 2)}\n`],
    ['calibration.json', `${JSON.stringify(calibrationData(audit), null, 2)}\n`],
  ];
  for (const [name, body] of files) await writeFile(join(dir, name), body);
  return { dir, files: files.map(([name]) => join(dir, name)) };
}
