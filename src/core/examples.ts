import type { RuleBook } from './advisor.ts';
import type { LexiconExample } from './lexicon-file.ts';
import { advise, detectPost, type Advisor } from './engine.ts';
import { kindOf } from './post-kind.ts';
import type { Lang, Platform, Post } from './post.ts';
import type { RuleExample } from './rule.ts';

/** The post an example stands for; examples without a platform use the rule's first one. */
export function examplePost(ex: RuleExample | LexiconExample, platform: Platform): Post {
  if (typeof ex === 'string') return { text: ex, platform, lang: 'auto' };
  const text = 'repeat' in ex && ex.repeat ? ex.text.repeat(ex.repeat) : ex.text;
  return { text, platform: ('platform' in ex && ex.platform) || platform, lang: (ex.lang ?? 'auto') as Lang | 'auto' };
}

export interface ExampleFailure {
  file: string;
  /** What the example expected: `flag offer.discount`, `pass discount` … */
  expected: string;
  text: string;
}

const short = (ex: RuleExample | LexiconExample) => {
  const t = typeof ex === 'string' ? ex : ex.text;
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
};

/** Runs every example in the rule book through the real engine; returns the ones that disagree. */
export function runExamples(book: RuleBook, advisor: Advisor): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const { value: rule, file } of book.rules) {
    const platform: Platform = rule.platforms === 'all' ? 'facebook' : rule.platforms[0]!;
    for (const [kind, list] of [['flag', rule.examples.flag], ['pass', rule.examples.pass]] as const) {
      for (const ex of list) {
        const asKind = typeof ex === 'object' ? ex.kind : undefined;
        const fired = advise(advisor, examplePost(ex, platform), { kind: asKind }).findings.some((f) => f.id === rule.id);
        if (fired !== (kind === 'flag')) failures.push({ file, expected: `${kind} ${rule.id}`, text: short(ex) });
      }
    }
  }
  const lexicons = [
    ...book.categories.map(({ value, file }) => ({ id: value.id, examples: value.examples, file, risk: false })),
    ...book.risks.map(({ value, file }) => ({ id: value.id, examples: value.examples, file, risk: true })),
  ];
  for (const lex of lexicons) {
    for (const [kind, list] of [['flag', lex.examples.flag], ['pass', lex.examples.pass]] as const) {
      for (const ex of list) {
        const m = detectPost(examplePost(ex, 'facebook'), advisor.measureContext);
        const found = !lex.risk
          ? m.categories[lex.id as keyof typeof m.categories] !== undefined
          : lex.id === 'privacy_ask'
            ? m.privacyAsk !== null
            : (m.spam as string[]).includes(lex.id);
        if (found !== (kind === 'flag')) failures.push({ file: lex.file, expected: `${kind} ${lex.id}`, text: short(ex) });
      }
    }
  }
  if (book.kinds) {
    for (const ex of book.kinds.value.examples) {
      const found = kindOf(advisor.kinds, ex.text);
      if (found.kind !== ex.kind) failures.push({ file: book.kinds.file, expected: `kind ${ex.kind} (found ${found.kind})`, text: short(ex.text) });
      const traits = Object.keys(found.traits).sort().join(', ');
      if (ex.traits && traits !== [...ex.traits].sort().join(', ')) failures.push({ file: book.kinds.file, expected: `traits ${[...ex.traits].sort().join(', ') || 'none'} (found ${traits || 'none'})`, text: short(ex.text) });
    }
  }
  return failures;
}
