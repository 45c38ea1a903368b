// `fanpage-advisor audit <export>`: reads a page export, scores every post with the engine and
// prints the page's content mix beside the studies, its engagement per category, best and worst
// posts and three recommendations; --json prints the stable object, --out writes the charts,
// report.html, audit.json and calibration.json.
import { SingleBar } from 'cli-progress';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { auditPage } from '../../app/audit-page.ts';
import type { AuditResult } from '../../core/audit/result.ts';
import { percent, ratioText, yourData, ratePercent } from '../../core/audit/wording.ts';
import type { Advisor } from '../../core/engine.ts';
import { parseLang, parsePlatform, type Lang } from '../../core/post.ts';
import { poolSize, type ClassifyPool } from '../audit/classify-pool.ts';
import { ExportProblem, openExport } from '../audit/read-export.ts';
import { ansi, plain, type Style } from './render.ts';

/** The streams and environment the command uses; the CLI's Io satisfies it. */
export interface AuditIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export const AUDIT_HELP = `Usage
  fanpage-advisor audit <export.csv|export.jsonl> [options]

Reads a page export (Meta Business Suite Facebook or Instagram posts, X content or tweet activity,
or any CSV/JSONL with a text column), scores every post and compares what the page posts and what
its fans respond to with what fans say they want.

Options
  -p, --platform facebook|twitter   where the posts were published (default: from the export)
      --since YYYY-MM-DD            only posts published on or after this date
  -l, --lang en|de                  language of the report and messages (default: engine.default_language
                                    from the config when it is en or de, else en)
      --json                        one JSON object (see README, "Audit output")
      --out DIR                     write mix.png, engagement.png, report.html, audit.json, calibration.json
      --text-column NAME            generic exports: the column with the post text
      --metric-column NAME          generic exports: an engagement column (repeat to sum several)
      --threads N                   score posts on N worker threads, 1 in the main thread (default: audit.threads
                                    from the config, auto = one per core, at most 4; exports under 2 MB use 1)
      --no-color                    plain text

Exit codes: 0 success, 1 the file is empty, binary or not a known export, 2 bad usage or no such file.`;

const W = {
  en: {
    head: 'Page audit', format: 'format', skippedRow: 'row skipped', skippedRows: 'rows skipped', metric: 'Engagement rate', mix: 'Content mix vs what fans want',
    yours: 'your posts', fans: 'fans want', companies: 'companies think', engagement: 'Engagement per category (median rate; vs your other posts, 90% interval)',
    best: 'Best posts', worst: 'Weakest posts', score: 'score', recommendations: 'Recommendations', evidence: 'Evidence', skipped: 'Skipped rows', line: 'line',
    written: 'Report written to', none: 'No posts could be read from this file.',
    verdict: { higher: 'higher', lower: 'lower', no_difference: 'no difference', not_enough_data: 'not enough evidence yet' },
    problem: {
      empty: 'The file is empty.',
      binary: 'The file is not text (is it a spreadsheet? Export it as CSV).',
      unknown: (found: string) =>
        `No known export format matches. Columns found: ${found}. Needed: a post text column (Description or Title for Meta, Post text for X, Tweet text for older X files) ` +
        'and engagement columns (Reactions, Comments, Shares or Likes, or Engagements) with Reach or Impressions; for any other file name them with --text-column and --metric-column.',
      none: '(none)',
    },
  },
  de: {
    head: 'Seiten-Audit', format: 'Format', skippedRow: 'Zeile übersprungen', skippedRows: 'Zeilen übersprungen', metric: 'Engagement-Rate', mix: 'Content-Mix vs. was Fans wollen',
    yours: 'deine Posts', fans: 'Fans wollen', companies: 'Unternehmen glauben', engagement: 'Engagement je Kategorie (Median-Rate; vs. übrige Posts, 90-%-Intervall)',
    best: 'Beste Posts', worst: 'Schwächste Posts', score: 'Score', recommendations: 'Empfehlungen', evidence: 'Beleg', skipped: 'Übersprungene Zeilen', line: 'Zeile',
    written: 'Bericht geschrieben nach', none: 'Aus dieser Datei ließ sich kein Post lesen.',
    verdict: { higher: 'höher', lower: 'niedriger', no_difference: 'kein Unterschied', not_enough_data: 'noch nicht genug Belege' },
    problem: {
      empty: 'Die Datei ist leer.',
      binary: 'Die Datei ist kein Text (eine Tabelle? Exportiere sie als CSV).',
      unknown: (found: string) =>
        `Kein bekanntes Exportformat passt. Gefundene Spalten: ${found}. Nötig sind eine Spalte mit dem Posttext (Beschreibung oder Titel bei Meta, Post text bei X, Tweet text bei älteren X-Dateien) ` +
        'und Engagement-Spalten (Reaktionen, Kommentare, Geteilte Inhalte oder Likes, oder Engagements) mit Reichweite oder Impressionen; bei jeder anderen Datei nenne sie mit --text-column und --metric-column.',
      none: '(keine)',
    },
  },
} as const;

const rate = ratePercent;

/** The audit as a terminal report. */
export function renderAudit(advisor: Advisor, a: AuditResult, lang: Lang, style: Style = plain): string {
  const w = W[lang];
  const title = (c: string) => advisor.categories.get(c as never)?.title[lang] ?? c;
  const width = Math.max(...a.mix.map((m) => title(m.category).length), 12) + 2;
  const out: string[] = [];
  out.push(style.bold(`${w.head}: ${yourData(a.posts, a.period, lang)}`));
  out.push(`${w.format}: ${a.format}${a.skipped.length ? ` · ${a.skipped.length} ${a.skipped.length === 1 ? w.skippedRow : w.skippedRows}` : ''}`);
  out.push(`${w.metric}: ${a.metric.name}`, '');
  out.push(style.bold(w.mix));
  // columns as wide as their longest heading in either language, plus a gap
  const [c1, c2, c3] = [13, 13, 21];
  out.push(style.dim(`  ${''.padEnd(width)}${w.yours.padStart(c1)}${w.fans.padStart(c2)}${w.companies.padStart(c3)}`));
  for (const m of a.mix) {
    const f = m.finding ? advisor.findings.get(m.finding) : undefined;
    const cite = f ? style.dim(`  ${f.id} (${f.study.publisher}, ${f.study.year})`) : '';
    out.push(`  ${title(m.category).padEnd(width)}${percent(m.share, lang).padStart(c1)}${(m.consumers === null ? '–' : percent(m.consumers, lang)).padStart(c2)}${(m.companies === null ? '–' : percent(m.companies, lang)).padStart(c3)}${cite}`);
  }
  out.push('', style.bold(w.engagement));
  for (const e of a.engagement) {
    const figures = e.ratio === null ? '–' : `${ratioText(e.ratio, lang)}${e.low !== null && e.high !== null ? ` (${ratioText(e.low, lang)}–${ratioText(e.high, lang)})` : ''}`;
    const verdict = e.verdict === 'higher' || e.verdict === 'lower' ? style.bold(w.verdict[e.verdict]) : style.dim(w.verdict[e.verdict]);
    out.push(`  ${title(e.category).padEnd(width)}${`n = ${e.n}`.padStart(9)}${(e.median === null ? '–' : rate(e.median, lang)).padStart(10)}  ${figures.padEnd(20)} ${verdict}`);
  }
  for (const [head, posts] of [[w.best, a.best], [w.worst, a.worst]] as const) {
    out.push('', style.bold(head));
    for (const p of posts) out.push(`  ${rate(p.rate, lang).padStart(7)}  ${w.score} ${String(p.score).padStart(3)}  ${p.text}`);
  }
  out.push('', style.bold(w.recommendations));
  a.recommendations.forEach((r, i) => out.push(`  ${i + 1}. ${r.text}`, style.dim(`     ${w.evidence}: ${r.evidence}`)));
  if (a.skipped.length > 0) {
    out.push('', style.bold(w.skipped));
    for (const s of a.skipped.slice(0, 20)) out.push(`  ${w.line} ${s.line}: ${s.reason}`);
    if (a.skipped.length > 20) out.push(`  … +${a.skipped.length - 20}`);
  }
  return out.join('\n');
}

/** Why the file can't be audited, in the report's language. */
export function problemText(problem: ExportProblem, lang: Lang): string {
  const p = W[lang].problem;
  if (problem.code === 'empty') return p.empty;
  if (problem.code === 'binary') return p.binary;
  return p.unknown(problem.found.join(', ') || p.none);
}

function usage(io: AuditIo, message: string): number {
  io.stderr.write(`${message}\nRun "fanpage-advisor audit --help" for the options.\n`);
  return 2;
}

/** What `audit` needs from the composition root; asked for only after the arguments check out. */
export interface AuditWorld {
  advisor: Advisor;
  config: { settings: { audit: { threads: number | 'auto' }; engine: { default_language: Lang | 'auto' } } };
  classifyPool(threads: number): Promise<ClassifyPool>;
}

/** Below this size an export is scored in the main thread: starting workers would cost more. */
const POOL_MIN_BYTES = 2_000_000;

/**
 * How many threads score an export: --threads, else audit.threads (`auto`: one per core, at
 * most 4); 1 (the main thread) for an export under 2 MB.
 */
export function auditThreads(fileBytes: number, requested: number | undefined, configured: number | 'auto'): number {
  const threads = requested ?? (configured === 'auto' ? poolSize() : configured);
  return fileBytes < POOL_MIN_BYTES ? 1 : threads;
}

/** Runs `audit`; returns the exit code. */
export async function auditCommand(args: string[], io: AuditIo, load: () => AuditWorld): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        platform: { type: 'string', short: 'p' },
        since: { type: 'string' },
        lang: { type: 'string', short: 'l' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        'text-column': { type: 'string' },
        'metric-column': { type: 'string', multiple: true },
        threads: { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage(io, (err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(`${AUDIT_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) return usage(io, positionals.length === 0 ? 'audit needs the export file, e.g. fanpage-advisor audit posts.csv' : 'audit reads one export file at a time');
  const platform = values.platform === undefined ? undefined : parsePlatform(values.platform);
  if (values.platform !== undefined && !platform) return usage(io, `--platform must be facebook, twitter or x, not "${values.platform}"`);
  const chosen = values.lang === undefined ? undefined : parseLang(values.lang);
  if (values.lang !== undefined && chosen !== 'en' && chosen !== 'de') return usage(io, `--lang must be en or de, not "${values.lang}"`);
  if (values.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) return usage(io, `--since must be a date like 2026-01-01, not "${values.since}"`);
  const threadsOption = values.threads === undefined ? undefined : Number(values.threads);
  if (threadsOption !== undefined && (!Number.isInteger(threadsOption) || threadsOption < 1 || threadsOption > 16)) return usage(io, `--threads must be a whole number from 1 to 16, not "${values.threads}"`);
  const file = positionals[0]!;
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) return usage(io, `${file} is not a file`);
    size = s.size;
  } catch {
    return usage(io, `no such file: ${file}`);
  }

  const world = load();
  const engine = world.advisor;
  // as the other commands: --lang, else the configured default language, else English
  const lang: Lang = chosen === 'en' || chosen === 'de' ? chosen : world.config.settings.engine.default_language === 'de' ? 'de' : 'en';
  const threads = auditThreads(size, threadsOption, world.config.settings.audit.threads);
  let bar: SingleBar | undefined;
  let pool: ClassifyPool | undefined;
  try {
    if (threads > 1) pool = await world.classifyPool(threads);
    const opened = await openExport(createReadStream(file), { platform, textColumn: values['text-column'], metricColumns: values['metric-column'] });
    const showProgress = io.stderr.isTTY === true && !values.json;
    const result = await auditPage(engine, opened, {
      lang,
      since: values.since,
      classify: pool?.classify,
      concurrency: pool?.concurrency,
      figures: pool?.figures,
      onProgress: (posts) => {
        if (!showProgress) return;
        if (!bar) {
          bar = new SingleBar({ stream: io.stderr, format: ' {bar} {percentage}% | {posts} posts | {eta_formatted}', hideCursor: true, clearOnComplete: true, barsize: 30 });
          bar.start(size, 0, { posts: 0 });
        }
        bar.update(opened.bytesRead(), { posts });
      },
    });
    bar?.stop();
    bar = undefined;
    if (result.posts === 0) {
      io.stderr.write(`${W[lang].none}${result.skipped.length ? ` ${result.skipped.length} ${W[lang].skippedRows}: ${result.skipped.slice(0, 3).map((s) => `${W[lang].line} ${s.line}: ${s.reason}`).join('; ')}` : ''}\n`);
      return 1;
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else io.stdout.write(`${renderAudit(engine, result, lang, !values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR ? ansi : plain)}\n`);
    if (values.out !== undefined) {
      // why loaded here: the chart renderer (a native canvas and chart.js) is for --out only
      const { writeReport } = await import('../audit/write-report.ts');
      const written = await writeReport(engine, result, values.out, lang);
      io.stderr.write(`${W[lang].written} ${written.dir}: ${written.files.map((f) => f.slice(written.dir.length + 1)).join(', ')}\n`);
    }
    return 0;
  } catch (err) {
    bar?.stop();
    if (err instanceof ExportProblem) {
      io.stderr.write(`${file}: ${problemText(err, lang)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await pool?.close();
  }
}
