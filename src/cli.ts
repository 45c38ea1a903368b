// The command line: chooses the command and maps expected problems to exit codes. Each command
// lives in src/adapters/cli/; what they work with is built by the composition root (main.ts).
// why every command is imported when chosen: a one-shot command then loads only its own code
// (`--version` needs no rule book, `score` no language model); see bench:startup.
import { HELP } from './adapters/cli/help.ts';
import { fail, processIo, UsageError, type Io } from './adapters/cli/io.ts';
import { CommandUsageError, HelpRequested, isCommand, parseArgsProblem, parseCommand, USAGE } from './adapters/cli/usage.ts';

export type { Io } from './adapters/cli/io.ts';

/** The command line. Returns the exit code; never throws for expected problems. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  const world = () => import('./main.ts');
  try {
    switch (command) {
      case 'score': {
        const [{ scoreCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/score.ts'), world()]);
        return await scoreCommand(rest, io, () => cliWorld(io));
      }
      case 'audit': {
        const [{ auditCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/audit.ts'), world()]);
        return await auditCommand(rest, io, () => cliWorld(io));
      }
      case 'rewrite': {
        const [{ rewriteCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/rewrite.ts'), world()]);
        return await rewriteCommand(rest, io, () => cliWorld(io));
      }
      case 'ask': {
        const [{ askCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/ask.ts'), world()]);
        return await askCommand(rest, io, () => cliWorld(io));
      }
      case 'explain': {
        const [{ explainCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/explain.ts'), world()]);
        return explainCommand(rest, io, () => cliWorld(io));
      }
      case 'findings': {
        const [{ findingsCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/explain.ts'), world()]);
        return findingsCommand(rest, io, () => cliWorld(io));
      }
      case 'rules': {
        const { positionals } = parseCommand('rules', rest, {});
        if (positionals.length !== 1 || positionals[0] !== 'check') throw new CommandUsageError('rules', 'the rules command has one subcommand: rules check');
        const [{ rulesCheckCommand }, { assembleFromSources }] = await Promise.all([import('./adapters/cli/rules-check.ts'), world()]);
        return rulesCheckCommand(io, () => assembleFromSources(io));
      }
      case 'corrections': {
        const [{ correctionsCommand }, { cliWorld }] = await Promise.all([import('./adapters/cli/corrections.ts'), world()]);
        return await correctionsCommand(rest, io, () => cliWorld(io));
      }
      case 'start':
        parseCommand('start', rest, {}, false);
        return await (await world()).start(io);
      case 'deploy-commands':
        parseCommand('deploy-commands', rest, {}, false);
        return await (await world()).deploy(io);
      case 'db': {
        const { positionals } = parseCommand('db', rest, {});
        if (positionals.length !== 1 || positionals[0] !== 'migrate') throw new CommandUsageError('db', 'the db command has one subcommand: db migrate');
        return await (await world()).migrateStore(io);
      }
      case 'help':
        if (isCommand(rest[0])) throw new HelpRequested(rest[0]);
        io.stdout.write(`${HELP}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        io.stdout.write(`${HELP}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v': {
        const { packageVersion } = await import('./adapters/cli/version.ts');
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"; run fanpage-advisor --help`);
    }
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.stdout.write(`${USAGE[err.command]}\n`);
      return 0;
    }
    if (err instanceof CommandUsageError) return fail(io, `fanpage-advisor ${err.command}: ${err.message}\n\n${USAGE[err.command]}`, 2);
    if (err instanceof UsageError) return fail(io, `fanpage-advisor: ${err.message}${isCommand(command) ? `; see fanpage-advisor ${command} --help` : ''}`, 2);
    // why imported here: bad input (a UserError) is only ever rendered on this path
    const { UserError } = await import('./errors.ts');
    if (err instanceof UserError) {
      const { userMessage } = await import('./app/messages.ts');
      return fail(io, userMessage(err, 'en'), 2);
    }
    // a command that parses its own options (audit): parseArgs' error as one line
    const problem = parseArgsProblem(err);
    if (problem !== undefined) return fail(io, `fanpage-advisor ${command}: ${problem}; run fanpage-advisor ${command} --help`, 2);
    // why imported here: a configuration, rule-book or database error comes from modules already loaded
    const [{ ConfigError }, { RuleBookError }, { StoreOpenError }] = await Promise.all([
      import('./adapters/config.ts'),
      import('./adapters/rules-fs.ts'),
      import('./adapters/store/open-error.ts'),
    ]);
    if (err instanceof ConfigError || err instanceof RuleBookError || err instanceof StoreOpenError) return fail(io, err.message, 1);
    throw err;
  }
}
