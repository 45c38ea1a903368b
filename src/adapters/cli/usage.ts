import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

const POST_FLAGS = `  -p, --platform facebook|twitter|x   where the post goes (default from config: twitter)
  -l, --lang auto|en|de               the post's language (default auto)
      --reply-lang en|de              language of the answer (default: the post's)
      --json                          one JSON object (see README, "Output contract")
      --no-color                      plain text`;
const HELP_FLAG = `  -h, --help                          this help`;

/** Each command's own usage, printed by `<command> --help` and after an unknown option. */
export const USAGE = {
  score: `Usage: fanpage-advisor score [options] "<post>"
       fanpage-advisor score [options] < post.txt
       fanpage-advisor score --jsonl [options] < posts.jsonl

Scores a planned post 0–100 and lists what to change, best first.

Options
${POST_FLAGS}
  -k, --kind auto|reply|service|marketing
                                      what kind of post it is: a reply to a customer, a service notice
                                      or a marketing post (default auto: recognised from the text)
  -n, --suggestions N                 how many changes to show, 0–20 (default 3; 0 shows none)
      --jsonl                         batch: one {"id","text","platform","lang"|"language","kind"} per line in,
                                      one JSON result per line out, same order; a line without an id gets its line number
      --calibration FILE              show what your page's own data says (calibration.json from audit --out)
${HELP_FLAG}`,
  rewrite: `Usage: fanpage-advisor rewrite [options] "<post>"

Asks a language model for rewrites and keeps only those that score higher and keep the facts.
Needs OPENAI_API_KEY and/or OPENAI_BASE_URL (any OpenAI-compatible server).

Options
${POST_FLAGS}
${HELP_FLAG}`,
  ask: `Usage: fanpage-advisor ask [options] "<question>"

Answers a question about what fans want from the research findings (and the language model, if configured).

Options
  -l, --lang en|de     language of the answer (default: the question's)
      --json           one JSON object
  -h, --help           this help`,
  explain: `Usage: fanpage-advisor explain [options] <finding|category|rule>

Shows the finding behind a rule or category: figures, source and caveat. \`fanpage-advisor findings\` lists the ids.

Options
  -l, --lang en|de     language (default en)
  -h, --help           this help`,
  findings: `Usage: fanpage-advisor findings

Lists every finding id with its title.`,
  rules: `Usage: fanpage-advisor rules check

Validates rules/ (or FANPAGE_RULES_DIR) and runs every rule's own examples.`,
  corrections: `Usage: fanpage-advisor corrections export [--out FILE]

Writes the corrections users shared ("share this post to improve detection") as labelled JSONL
in the dev-set format, on stdout or into FILE.

Options
  -o, --out FILE       write to FILE instead of stdout
${HELP_FLAG}`,
  start: `Usage: fanpage-advisor start

Runs the Discord bot when DISCORD_TOKEN is set, otherwise the local chat in this terminal.`,
  'deploy-commands': `Usage: fanpage-advisor deploy-commands

Registers the slash commands with Discord (needs DISCORD_TOKEN; DISCORD_GUILD_ID for one server).`,
  db: `Usage: fanpage-advisor db migrate

Brings the store to the newest schema: PostgreSQL when DATABASE_URL is set, otherwise SQLite under
DATA_DIR. \`start\` does the same before it connects.`,
} as const;

export type CommandName = keyof typeof USAGE;

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(USAGE, name);
}

/** `<command> --help`: the caller prints the command's usage and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly command: CommandName) {
    super(`help for ${command}`);
  }
}

/** An unknown option or a missing option value: the one-line reason, then the command's usage. */
export class CommandUsageError extends UsageError {
  constructor(
    readonly command: CommandName,
    message: string,
  ) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs for one command: `-h`/`--help` anywhere asks for its usage; a value that starts with
 * a dash (`-n -5`) is taken as the option's value, so the range check can answer in one line;
 * parseArgs' own errors become one short sentence naming the option.
 */
/** parseArgs' own error as one short sentence naming the option, without its stray quotes. */
export function parseArgsProblem(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return undefined;
  const message = (err as Error).message;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${/'([^']+)'/.exec(message)?.[1] ?? ''}`.trim();
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[a-z-]+/.exec(message)?.[0] ?? /'([^']+)'/.exec(message)?.[1] ?? 'an option';
    return /argument missing/.test(message) ? `option ${name} needs a value` : `option ${name} takes no value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return 'this command takes no arguments';
  return message.split('.')[0];
}

export function parseCommand<const O extends Options>(command: CommandName, args: readonly string[], options: O, allowPositionals = true) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  const stringFlags = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue;
    stringFlags.add(`--${name}`);
    if (o.short) stringFlags.add(`-${o.short}`);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      joined.push(...args.slice(i));
      break;
    }
    if (a === '-h' || a === '--help') throw new HelpRequested(command);
    const next = args[i + 1];
    if (stringFlags.has(a) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${a.startsWith('--') ? a : `--${longName(options, a)}`}=${next}`);
      i++;
    } else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, allowPositionals, options: all, strict: true });
  } catch (err) {
    const problem = parseArgsProblem(err);
    if (problem === 'this command takes no arguments') throw new CommandUsageError(command, `${command} takes no arguments`);
    if (problem !== undefined) throw new CommandUsageError(command, problem);
    throw err;
  }
}

function longName(options: Options, short: string): string {
  return Object.entries(options).find(([, o]) => o.short === short.slice(1))?.[0] ?? short.slice(1);
}
