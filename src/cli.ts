import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { userMessage } from './app/messages.ts';
import { scorePost } from './app/score-post.ts';
import { buildAdvisor } from './core/advisor.ts';
import type { Advisor } from './core/engine.ts';
import { runExamples } from './core/examples.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from './core/post.ts';
import { toJson } from './core/report-json.ts';
import { ansi, plain, renderFinding, renderReport } from './adapters/cli/render.ts';
import { ConfigError, loadConfig, type AppConfig } from './adapters/config.ts';
import { RuleBookError, loadRules, type LoadedRules } from './adapters/rules-fs.ts';
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

Exit codes: 0 success, 1 a problem with the data or some batch lines, 2 bad usage.`;

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
  const rules = loadRules(config.rulesDir, config.settings.rules.disabled);
  const defaultLang: Lang = config.settings.engine.default_language === 'de' ? 'de' : 'en';
  const advisor = buildAdvisor(
    rules.book,
    { base: config.settings.engine.base, maxSuggestions: config.settings.engine.suggestions, disabledRules: config.settings.rules.disabled },
    defaultLang,
  );
  return { config, rules, advisor };
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

async function score(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      platform: { type: 'string', short: 'p' },
      lang: { type: 'string', short: 'l' },
      'reply-lang': { type: 'string' },
      suggestions: { type: 'string', short: 'n' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      'no-color': { type: 'boolean' },
    },
  });
  const { config, advisor } = load(io);
  const platform = platformOption(values.platform, config.settings.engine.default_platform);
  const lang = langOption(values.lang, config.settings.engine.default_language, '--lang');
  const reply = langOption(values['reply-lang'], 'auto', '--reply-lang');
  const replyLang = reply === 'auto' ? undefined : reply;
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
      const color = !values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR;
      io.stdout.write(`${renderReport(report, color ? ansi : plain)}\n`);
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
  const { rules, advisor } = load(io);
  const failures = runExamples(rules.book, advisor);
  for (const f of failures) io.stderr.write(`${f.file}  example should ${f.expected}: “${f.text}”\n`);
  const b = rules.book;
  const summary = `${b.rules.length} rules, ${b.categories.length} categories, ${b.risks.length} risk lexicons, ${b.findings.length} findings, ${rules.tips.length} tips`;
  if (failures.length > 0) return fail(io, `${failures.length} example${failures.length === 1 ? '' : 's'} failed (${summary}).`, 1);
  io.stdout.write(`rules/ is valid: ${summary}; every example agrees with the engine.\n`);
  return 0;
}

/** The command line. Returns the exit code; never throws for expected problems. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'score':
        return await score(rest, io);
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
        io.stdout.write(`${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`);
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
