import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ask as askFindings } from './app/ask.ts';
import { userMessage } from './app/messages.ts';
import { LlmUnavailable, rewritePost, type RewriteResult } from './app/rewrite-post.ts';
import { scorePost } from './app/score-post.ts';
import { buildAdvisor } from './core/advisor.ts';
import type { Advisor, Suggestion } from './core/engine.ts';
import { runExamples } from './core/examples.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from './core/post.ts';
import { toJson } from './core/report-json.ts';
import { ansi, plain, renderFinding, renderReport, type Style } from './adapters/cli/render.ts';
import { ConfigError, loadConfig, type AppConfig } from './adapters/config.ts';
import { RuleBookError, loadRules, type LoadedRules } from './adapters/rules-fs.ts';
import { advisorInputs, loadAdvisor } from './adapters/rules-snapshot.ts';
import { UserError } from './errors.ts';

/** Where the CLI writes; injectable so tests can run commands in-process. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const HELP = `fanpage-advisor – does a planned Facebook or X post give fans what they want?

Usage
  fanpage-advisor score [options] "<post>"     score one post (or pipe it on stdin)
  fanpage-advisor score --jsonl < in.jsonl      score many: one {"id","text","platform","lang"} per line
  fanpage-advisor rewrite [options] "<post>"   rewrites by a language model, kept only if they score higher
  fanpage-advisor ask [--lang en|de] "<question>"   what fans want, answered from the research findings
  fanpage-advisor explain <finding|category|rule>   the finding behind a rule: figures, source, caveat
  fanpage-advisor findings                      list every finding id
  fanpage-advisor rules check                   validate rules/ and run every rule's own examples
  fanpage-advisor start                         run the Discord bot (DISCORD_TOKEN) or the local chat
  fanpage-advisor deploy-commands               register the slash commands with Discord

Options for score
  -p, --platform facebook|twitter|x   where the post goes (default from config: twitter)
  -l, --lang auto|en|de               the post's language (default auto)
      --reply-lang en|de              language of the answer (default: the post's)
  -n, --suggestions N                 how many changes to show (default 3)
      --json                          one JSON object (see README, "Output contract")
      --jsonl                         batch: JSON lines in, JSON lines out, same order and ids
      --no-color                      plain text

rewrite takes -p, -l, --reply-lang, --json and --no-color as score does. It needs OPENAI_API_KEY
and/or OPENAI_BASE_URL (any OpenAI-compatible server); ask works without them.

Exit codes: 0 success, 1 a problem with the data, some batch lines or the language model, 2 bad usage.`;

class UsageError extends Error {}

function fail(io: Io, message: string, code: number): number {
  io.stderr.write(`${message}\n`);
  return code;
}

interface Loaded {
  config: AppConfig;
  rules: LoadedRules;
  advisor: Advisor;
}

function load(io: Io): Loaded {
  const config = loadConfig(io.env, io.cwd);
  const { rules, advisor } = loadAdvisor(config.rulesDir, advisorInputs(config), (line) => io.stderr.write(`${line}\n`));
  return { config, rules, advisor };
}

/** The rule book straight from rules/, never the snapshot: `rules check` checks the sources. */
function loadSources(io: Io): Loaded {
  const config = loadConfig(io.env, io.cwd);
  const rules = loadRules(config.rulesDir, config.settings.rules.disabled);
  const { settings, defaultLang } = advisorInputs(config);
  return { config, rules, advisor: buildAdvisor(rules.book, settings, defaultLang) };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function platformOption(value: string | undefined, fallback: Platform): Platform {
  if (value === undefined) return fallback;
  const p = parsePlatform(value);
  if (!p) throw new UsageError(`--platform must be facebook, twitter or x, not "${value}"`);
  return p;
}

function langOption(value: string | undefined, fallback: Lang | 'auto', name: string): Lang | 'auto' {
  if (value === undefined) return fallback;
  const l = parseLang(value);
  if (!l) throw new UsageError(`${name} must be auto, en or de, not "${value}"`);
  return l;
}

/** Options shared by the commands that take a post: where it goes, its language, the answer's language. */
const POST_OPTIONS = {
  platform: { type: 'string', short: 'p' },
  lang: { type: 'string', short: 'l' },
  'reply-lang': { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

interface PostOptions {
  platform: Platform;
  lang: Lang | 'auto';
  replyLang: Lang | undefined;
}

function postOptions(values: { platform?: string; lang?: string; 'reply-lang'?: string }, config: AppConfig): PostOptions {
  const reply = langOption(values['reply-lang'], 'auto', '--reply-lang');
  return {
    platform: platformOption(values.platform, config.settings.engine.default_platform),
    lang: langOption(values.lang, config.settings.engine.default_language, '--lang'),
    replyLang: reply === 'auto' ? undefined : reply,
  };
}

function useColor(values: { 'no-color'?: boolean }, io: Io): boolean {
  return !values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR;
}

async function score(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...POST_OPTIONS, suggestions: { type: 'string', short: 'n' }, jsonl: { type: 'boolean' } },
  });
  const { config, advisor } = load(io);
  const { platform, lang, replyLang } = postOptions(values, config);
  let maxSuggestions: number | undefined;
  if (values.suggestions !== undefined) {
    maxSuggestions = Number(values.suggestions);
    if (!Number.isInteger(maxSuggestions) || maxSuggestions < 0 || maxSuggestions > 20) throw new UsageError('--suggestions must be a whole number from 0 to 20');
  }
  if (values.jsonl) {
    if (positionals.length > 0) throw new UsageError('--jsonl reads posts from stdin; drop the post text argument');
    return scoreBatch(advisor, { platform, lang, replyLang, maxSuggestions }, io);
  }
  const text = positionals.length > 0 ? positionals.join(' ') : io.stdin.isTTY ? '' : await readAll(io.stdin);
  if (positionals.length === 0 && io.stdin.isTTY) throw new UsageError('give the post as an argument or pipe it on stdin, e.g. fanpage-advisor score "20% off today"');
  try {
    const report = scorePost(advisor, { text: text.replace(/\n$/, ''), platform, lang, replyLang, maxSuggestions });
    if (values.json) io.stdout.write(`${JSON.stringify(toJson(report))}\n`);
    else {
      io.stdout.write(`${renderReport(report, useColor(values, io) ? ansi : plain)}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof UserError) return fail(io, userMessage(err, replyLang ?? 'en'), 2);
    throw err;
  }
}

interface BatchDefaults {
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  maxSuggestions?: number;
}

/** JSON lines in, JSON lines out, in order; a bad line becomes an error object and the rest go on. */
async function scoreBatch(advisor: Advisor, defaults: BatchDefaults, io: Io): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  let buffer = '';
  const flush = () => {
    if (buffer) io.stdout.write(buffer);
    buffer = '';
  };
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const input = JSON.parse(line) as Record<string, unknown>;
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new UsageError('expected a JSON object');
      id = input.id ?? null;
      if (typeof input.text !== 'string') throw new UsageError('"text" must be a string');
      const platform = typeof input.platform === 'string' ? parsePlatform(input.platform) : defaults.platform;
      if (!platform) throw new UsageError(`"platform" must be facebook, twitter or x, not "${String(input.platform)}"`);
      const lang = typeof input.lang === 'string' ? parseLang(input.lang) : defaults.lang;
      if (!lang) throw new UsageError(`"lang" must be auto, en or de, not "${String(input.lang)}"`);
      const report = scorePost(advisor, { text: input.text, platform, lang, replyLang: defaults.replyLang, maxSuggestions: defaults.maxSuggestions });
      buffer += `${JSON.stringify({ id, ...toJson(report) })}\n`;
    } catch (err) {
      const reason = err instanceof UserError ? userMessage(err, 'en') : err instanceof SyntaxError ? `not valid JSON (${err.message})` : err instanceof UsageError ? err.message : null;
      if (reason === null) throw err;
      bad++;
      buffer += `${JSON.stringify({ id, error: { line: lineNo, reason } })}\n`;
      io.stderr.write(`line ${lineNo}: ${reason}\n`);
    }
    if (buffer.length > 64_000) flush();
  }
  flush();
  return bad > 0 ? 1 : 0;
}

const rewriteWords = {
  en: {
    original: 'Your post', better: 'Rewrites that score higher', changed: 'Changed', dropped: 'dropped',
    none: 'None of the rewrites scored higher than your post while keeping its facts, so here are the rule-based suggestions instead:',
    nothing: 'No single change would raise the score.', points: 'points', strong: 'strong', ok: 'ok', weak: 'weak',
  },
  de: {
    original: 'Dein Post', better: 'Umschreibungen mit höherer Bewertung', changed: 'Geändert', dropped: 'verworfen',
    none: 'Keine Umschreibung hat deinen Post übertroffen und dabei seine Fakten behalten; hier sind stattdessen die Regel-Vorschläge:',
    nothing: 'Keine einzelne Änderung würde die Bewertung erhöhen.', points: 'Punkte', strong: 'stark', ok: 'ok', weak: 'schwach',
  },
} as const;

function renderSuggestions(suggestions: readonly Suggestion[], lang: Lang, style: Style): string[] {
  const w = rewriteWords[lang];
  if (suggestions.length === 0) return [`  ${w.nothing}`];
  return suggestions.flatMap((s, i) => [`  ${i + 1}. +${s.gain} ${w.points}: ${s.text}`, style.dim(`     ${s.evidence.figure} — ${s.evidence.source}, ${s.evidence.year} [${s.evidence.finding}]`)]);
}

function renderRewrite(r: RewriteResult, style: Style): string {
  const w = rewriteWords[r.original.replyLang];
  const out = [`${style.bold(`${w.original}: ${r.original.score}/100`)} · ${style.band(r.original.band, w[r.original.band])}`, ''];
  if (r.improved.length === 0) out.push(w.none, ...renderSuggestions(r.fallback, r.original.replyLang, style));
  else {
    out.push(style.bold(w.better));
    r.improved.forEach((v, i) => {
      out.push('', `${i + 1}. ${r.original.score} → ${style.band(v.report.band, String(v.report.score))} (+${v.gain})`);
      out.push(...v.text.split('\n').map((line) => `   ${line}`));
      if (v.changes) out.push(style.dim(`   ${w.changed}: ${v.changes}`));
    });
  }
  const reasons = r.rejected.flatMap((x) => x.reasons);
  if (reasons.length > 0) out.push('', style.dim(`(${r.rejected.length} ${w.dropped}: ${[...new Set(reasons)].join(', ')})`));
  return out.join('\n');
}

async function rewrite(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: POST_OPTIONS,
  });
  const { config, advisor } = load(io);
  const { platform, lang, replyLang } = postOptions(values, config);
  if (!config.llm) return fail(io, userMessage(new UserError('llm_disabled'), replyLang ?? 'en'), 1);
  if (positionals.length === 0 && io.stdin.isTTY) throw new UsageError('give the post as an argument or pipe it on stdin, e.g. fanpage-advisor rewrite "New mugs are in"');
  const text = positionals.length > 0 ? positionals.join(' ') : await readAll(io.stdin);
  const { rewriterFromConfig } = await import('./adapters/llm/openai-rewriter.ts');
  const style = useColor(values, io) ? ansi : plain;
  try {
    const result = await rewritePost({ advisor, rewriter: rewriterFromConfig(config), text: text.replace(/\n$/, ''), platform, lang, replyLang, variants: config.settings.llm.variants });
    if (values.json) {
      const improved = result.improved.map((v) => ({ text: v.text, changes: v.changes, score: v.report.score, band: v.report.band, gain: v.gain, length: v.report.length }));
      io.stdout.write(`${JSON.stringify({ original: toJson(result.original), improved, rejected: result.rejected, fallback: toJson({ ...result.original, suggestions: result.fallback }).suggestions })}\n`);
    } else io.stdout.write(`${renderRewrite(result, style)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof LlmUnavailable) {
      const report = err.report;
      if (values.json) io.stdout.write(`${JSON.stringify({ original: toJson(report), improved: [], rejected: [], fallback: toJson(report).suggestions, error: { code: err.code, kind: err.kind } })}\n`);
      else io.stdout.write(`${renderReport(report, style)}\n`);
      return fail(io, userMessage(err, report.replyLang), 1);
    }
    if (err instanceof UserError) return fail(io, userMessage(err, replyLang ?? 'en'), 2);
    throw err;
  }
}

async function ask(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string', short: 'l' }, json: { type: 'boolean' } } });
  const chosen = langOption(values.lang, 'auto', '--lang');
  const lang = chosen === 'auto' ? undefined : chosen;
  if (positionals.length === 0 && io.stdin.isTTY) throw new UsageError('ask a question, e.g. fanpage-advisor ask "what do fans want most?"');
  const question = positionals.length > 0 ? positionals.join(' ') : await readAll(io.stdin);
  const { config, advisor } = load(io);
  const rewriter = config.llm ? (await import('./adapters/llm/openai-rewriter.ts')).rewriterFromConfig(config) : undefined;
  try {
    const result = await askFindings({ advisor, question, lang, rewriter });
    if (values.json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else io.stdout.write(`${result.answer}\n`);
    // why: stdout stays the answer; that the model was skipped is a note for whoever runs it
    if (result.llmSkipped && !values.json) io.stderr.write(`(answered from the findings directly; language model: ${result.llmSkipped})\n`);
    return 0;
  } catch (err) {
    if (err instanceof UserError) return fail(io, userMessage(err, lang ?? 'en'), 2);
    throw err;
  }
}

function explain(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string', short: 'l' } } });
  const what = positionals[0];
  if (!what) throw new UsageError('name a finding, category or rule, e.g. fanpage-advisor explain discount');
  const lang = langOption(values.lang, 'en', '--lang');
  const replyLang: Lang = lang === 'auto' ? 'en' : lang;
  const { advisor } = load(io);
  const ids =
    advisor.findings.has(what) ? [what]
    : advisor.categories.get(what as never)?.findings
      ?? advisor.rules.find((r) => r.id === what)?.findings
      ?? [];
  if (ids.length === 0) {
    const all = [...advisor.findings.keys(), ...advisor.categories.keys()];
    const close = all.filter((id) => id.includes(what.toLowerCase()) || what.toLowerCase().includes(id.split('-').pop() ?? id)).slice(0, 5);
    return fail(io, userMessage(new UserError('unknown_finding', { value: what, suggestions: (close.length ? close : all.slice(0, 5)).join(', ') }), replyLang), 2);
  }
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(`${ids.map((id) => renderFinding(advisor.findings.get(id)!, replyLang, color ? ansi : plain)).join('\n\n')}\n`);
  return 0;
}

function findings(io: Io): number {
  const { advisor } = load(io);
  const rows = [...advisor.findings.values()].map((f) => `${f.id.padEnd(24)} ${f.title.en}${f.verified === 'yes' ? '' : ` (${f.verified === 'partial' ? 'partly verified' : 'unverified'})`}`);
  io.stdout.write(`${rows.join('\n')}\n`);
  return 0;
}

function rulesCheck(io: Io): number {
  const { rules, advisor } = loadSources(io);
  const failures = runExamples(rules.book, advisor);
  for (const f of failures) io.stderr.write(`${f.file}  example should ${f.expected}: “${f.text}”\n`);
  const b = rules.book;
  const summary = `${b.rules.length} rules, ${b.categories.length} categories, ${b.risks.length} risk lexicons, ${b.findings.length} findings, ${rules.tips.length} tips`;
  if (failures.length > 0) return fail(io, `${failures.length} example${failures.length === 1 ? '' : 's'} failed (${summary}).`, 1);
  io.stdout.write(`rules/ is valid: ${summary}; every example agrees with the engine.\n`);
  return 0;
}

/** The version in package.json, found from the sources or from their compiled copy in dist/. */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}

/** The command line. Returns the exit code; never throws for expected problems. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'score':
        return await score(rest, io);
      case 'rewrite':
        return await rewrite(rest, io);
      case 'ask':
        return await ask(rest, io);
      case 'explain':
        return explain(rest, io);
      case 'findings':
        return findings(io);
      case 'rules':
        if (rest[0] !== 'check') throw new UsageError('the rules command has one subcommand: rules check');
        return rulesCheck(io);
      case 'start': {
        const { start } = await import('./main.ts');
        return await start(io);
      }
      case 'deploy-commands': {
        const { deploy } = await import('./main.ts');
        return await deploy(io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"; run fanpage-advisor --help`);
    }
  } catch (err) {
    if (err instanceof UsageError) return fail(io, `fanpage-advisor: ${err.message}`, 2);
    if (err instanceof Error && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) return fail(io, `fanpage-advisor: ${err.message}; run fanpage-advisor --help`, 2);
    if (err instanceof ConfigError || err instanceof RuleBookError) return fail(io, err.message, 1);
    throw err;
  }
}
