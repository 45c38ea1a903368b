import fs from 'node:fs';
import path from 'node:path';
import { exportCorrections, toJsonl } from '../../app/corrections-export.ts';
import { UsageError, type Io } from './io.ts';
import { parseCommand } from './usage.ts';
import type { LoadWorld } from './world.ts';

/**
 * `fanpage-advisor corrections export [--out FILE]`: the corrections users shared ("share this
 * post to improve detection") as labelled JSONL in the dev-set format, on stdout or into FILE.
 * What was left out and why goes to stderr, so stdout stays pure JSONL.
 */
export async function correctionsCommand(args: string[], io: Io, load: LoadWorld): Promise<number> {
  const { values, positionals } = parseCommand('corrections', args, { out: { type: 'string', short: 'o' } });
  if (positionals[0] !== 'export' || positionals.length > 1) throw new UsageError('the corrections command has one subcommand: corrections export [--out FILE]');
  const { store, where, close } = await load().openCorrections();
  try {
    const { posts, unshared, superseded } = await exportCorrections(store);
    const jsonl = toJsonl(posts);
    if (values.out) {
      const file = path.resolve(io.cwd, values.out);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // why: a half-written file must never look like a finished export; rename is atomic
      fs.writeFileSync(`${file}.tmp`, jsonl);
      fs.renameSync(`${file}.tmp`, file);
    } else {
      io.stdout.write(jsonl);
    }
    const left = [unshared > 0 ? `${unshared} kept without text (not shared) left out` : '', superseded > 0 ? `${superseded} older correction${superseded === 1 ? '' : 's'} of the same post replaced by the newest` : '']
      .filter(Boolean)
      .join('; ');
    io.stderr.write(`${posts.length} shared correction${posts.length === 1 ? '' : 's'} exported from ${where}${values.out ? ` to ${values.out}` : ''}${left ? ` (${left})` : ''}.\n`);
    return 0;
  } finally {
    close();
  }
}
