// The command line: chooses the command and maps expected problems to exit codes. Each command
// lives in src/adapters/cli/; what they work with is built by the composition root (main.ts).
import { askCommand } from './adapters/cli/ask.ts';
import { explainCommand, findingsCommand } from './adapters/cli/explain.ts';
import { HELP } from './adapters/cli/help.ts';
import { fail, processIo, UsageError, type Io } from './adapters/cli/io.ts';
import { rewriteCommand } from './adapters/cli/rewrite.ts';
import { rulesCheckCommand } from './adapters/cli/rules-check.ts';
import { scoreCommand } from './adapters/cli/score.ts';
import { packageVersion } from './adapters/cli/version.ts';
import { ConfigError } from './adapters/config.ts';
import { RuleBookError } from './adapters/rules-fs.ts';
import { CommandUsageError, HelpRequested, isCommand, parseCommand, USAGE } from './adapters/cli/usage.ts';
import { cliWorld, deploy, start } from './main.ts';

export type { Io } from './adapters/cli/io.ts';

/** The command line. Returns the exit code; never throws for expected problems. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  const load = () => cliWorld(io);
  try {
    switch (command) {
      case 'score':
        return await scoreCommand(rest, io, load);
      case 'rewrite':
        return await rewriteCommand(rest, io, load);
      case 'ask':
        return await askCommand(rest, io, load);
      case 'explain':
        return explainCommand(rest, io, load);
      case 'findings':
        return findingsCommand(rest, io, load);
      case 'rules': {
        const { positionals } = parseCommand('rules', rest, {});
        if (positionals.length !== 1 || positionals[0] !== 'check') throw new CommandUsageError('rules', 'the rules command has one subcommand: rules check');
        return rulesCheckCommand(io, load);
      }
      case 'start':
        parseCommand('start', rest, {}, false);
        return await start(io);
      case 'deploy-commands':
        parseCommand('deploy-commands', rest, {}, false);
        return await deploy(io);
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
      case '-v':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
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
    if (err instanceof ConfigError || err instanceof RuleBookError) return fail(io, err.message, 1);
    throw err;
  }
}
