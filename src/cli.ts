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
import { cliWorld, deploy, migrateStore, start, StoreOpenError } from './main.ts';

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
        return findingsCommand(io, load);
      case 'rules':
        if (rest[0] !== 'check') throw new UsageError('the rules command has one subcommand: rules check');
        return rulesCheckCommand(io, load);
      case 'start':
        return await start(io);
      case 'deploy-commands':
        return await deploy(io);
      case 'db':
        if (rest[0] !== 'migrate') throw new UsageError('the db command has one subcommand: db migrate');
        return await migrateStore(io);
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
    if (err instanceof ConfigError || err instanceof RuleBookError || err instanceof StoreOpenError) return fail(io, err.message, 1);
    throw err;
  }
}
