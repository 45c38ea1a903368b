import { ask } from '../../app/ask.ts';
import { userMessage } from '../../app/messages.ts';
import { UserError } from '../../errors.ts';
import { langOption } from './args.ts';
import { fail, readAll, UsageError, type Io } from './io.ts';
import { parseCommand } from './usage.ts';
import type { LoadWorld } from './world.ts';

/** `fanpage-advisor ask`: what fans want, answered from the findings (and the model, if configured). */
export async function askCommand(args: string[], io: Io, load: LoadWorld): Promise<number> {
  const { values, positionals } = parseCommand('ask', args, { lang: { type: 'string', short: 'l' }, json: { type: 'boolean' } });
  const chosen = langOption(values.lang, 'auto', '--lang');
  const lang = chosen === 'auto' ? undefined : chosen;
  if (positionals.length === 0 && io.stdin.isTTY) throw new UsageError('ask a question, e.g. fanpage-advisor ask "what do fans want most?"');
  const question = positionals.length > 0 ? positionals.join(' ') : await readAll(io.stdin);
  const world = load();
  const rewriter = await world.rewriter();
  try {
    const result = await ask({ advisor: world.advisor, question, lang, rewriter });
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
