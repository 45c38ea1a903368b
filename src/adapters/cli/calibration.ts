// `score --calibration report/calibration.json`: the page's own evidence, printed beside the
// study score (never mixed into it).
import { readFile } from 'node:fs/promises';
import { CalibrationDataSchema, type Calibration, type CalibrationData } from '../../core/audit/calibration.ts';
import type { Lang } from '../../core/post.ts';
import type { Style } from './render.ts';

export type LoadedCalibration = { ok: true; data: CalibrationData } | { ok: false; problem: string; missing: boolean };

/** Reads and checks calibration.json; a problem is one sentence naming the file and what to do. */
export async function loadCalibration(file: string): Promise<LoadedCalibration> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { ok: false, missing: true, problem: `no such file: ${file} (run "fanpage-advisor audit EXPORT --out DIR" first; it writes DIR/calibration.json)` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, missing: false, problem: `${file} is not JSON; use the calibration.json that "audit --out" writes` };
  }
  const parsed = CalibrationDataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, missing: false, problem: `${file} ${issue.path.join('.') || '(file)'}: ${issue.message}; use the calibration.json that "audit --out" writes` };
  }
  return { ok: true, data: parsed.data };
}

const HEAD = { en: 'Your page', de: 'Deine Seite' } as const;
const NOTHING = { en: 'your audit has no posts with this post’s content categories.', de: 'dein Audit hat keine Posts mit den Inhalten dieses Posts.' } as const;

/** The page's evidence under a score; says so when the audit knows nothing about the post's categories. */
export function renderCalibration(c: Calibration, lang: Lang, style: Style): string {
  if (c.lines.length === 0) return `${style.bold(HEAD[lang])} (${c.source}): ${NOTHING[lang]}`;
  return [style.bold(`${HEAD[lang]} (${c.source})`), ...c.lines.map((l) => `  ${l.contradicts ? '! ' : ''}${l.text}`)].join('\n');
}
