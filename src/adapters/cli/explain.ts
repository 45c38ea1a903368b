import { explainLookup } from '../../app/explain.ts';
import { userMessage } from '../../app/messages.ts';
import type { Lang } from '../../core/post.ts';
import { UserError } from '../../errors.ts';
import { langOption } from './args.ts';
import { fail, UsageError, type Io } from './io.ts';
import { ansi, plain, renderFinding } from './render.ts';
import { parseCommand } from './usage.ts';
import type { LoadWorld } from './world.ts';

/** `fanpage-advisor explain <finding|category|rule>`: the findings behind it, in full. */
export function explainCommand(args: string[], io: Io, load: LoadWorld): number {
  const { values, positionals } = parseCommand('explain', args, { lang: { type: 'string', short: 'l' } });
  const what = positionals[0];
  if (!what) throw new UsageError('name a finding, category or rule, e.g. fanpage-advisor explain discount');
  const lang = langOption(values.lang, 'en', '--lang');
  const replyLang: Lang = lang === 'auto' ? 'en' : lang;
  const { advisor } = load();
  const found = explainLookup(advisor, what);
  if (!found.found) return fail(io, userMessage(new UserError('unknown_finding', { value: what, suggestions: found.suggestions.join(', ') }), replyLang), 2);
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  io.stdout.write(`${found.findings.map((f) => renderFinding(f, replyLang, color ? ansi : plain)).join('\n\n')}\n`);
  return 0;
}

/** `fanpage-advisor findings`: every finding id with its title. */
export function findingsCommand(args: string[], io: Io, load: LoadWorld): number {
  parseCommand('findings', args, {}, false);
  const { advisor } = load();
  const rows = [...advisor.findings.values()].map((f) => {
    const mark = f.verified === 'yes' ? '' : f.verified === 'partial' ? 'partly verified' : 'unverified';
    // why: some titles from evidence.md already carry the mark; say it once
    const shown = mark && !f.title.en.toLowerCase().includes(`(${mark})`) ? ` (${mark})` : '';
    return `${f.id.padEnd(24)} ${f.title.en}${shown}`;
  });
  io.stdout.write(`${rows.join('\n')}\n`);
  return 0;
}
