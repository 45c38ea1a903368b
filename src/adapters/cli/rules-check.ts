import { runExamples } from '../../core/examples.ts';
import { fail, type Io } from './io.ts';
import type { CliWorld } from './world.ts';

/**
 * `fanpage-advisor rules check`: rules/ is valid and every rule's own examples agree with the
 * engine. `load` reads the YAML files themselves (never the build's snapshot of them).
 */
export function rulesCheckCommand(io: Io, load: () => Pick<CliWorld, 'rules' | 'advisor'>): number {
  const { rules, advisor } = load();
  const failures = runExamples(rules.book, advisor);
  for (const f of failures) io.stderr.write(`${f.file}  example should ${f.expected}: “${f.text}”\n`);
  const b = rules.book;
  const summary = `${b.rules.length} rules, ${b.categories.length} categories, ${b.risks.length} risk lexicons, ${b.findings.length} findings, ${rules.tips.length} tips`;
  if (failures.length > 0) return fail(io, `${failures.length} example${failures.length === 1 ? '' : 's'} failed (${summary}).`, 1);
  io.stdout.write(`rules/ is valid: ${summary}; every example agrees with the engine.\n`);
  return 0;
}
