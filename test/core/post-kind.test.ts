import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/core/load-problem.ts';
import { compileKinds, kindOf, KindsSchema, parseKind } from '../../src/core/post-kind.ts';
import { realRules } from '../support/advisor.ts';

const kinds = compileKinds(realRules().book.kinds!.value);

describe('the kind of post (rules/lexicons/kinds.yml)', () => {
  it('every example in rules/lexicons/kinds.yml is recognised as its kind with its traits', () => {
    for (const ex of realRules().book.kinds!.value.examples) {
      const found = kindOf(kinds, ex.text);
      expect(found.kind, ex.text).toBe(ex.kind);
      if (ex.traits) expect(Object.keys(found.traits).sort(), ex.text).toEqual([...ex.traits].sort());
    }
  });

  it('says which words made it a reply', () => {
    expect(kindOf(kinds, '@jane_doe Sorry your order hasn’t arrived! ^Mike')).toMatchObject({ kind: 'reply', detected: true, cue: '@jane_doe' });
  });

  it('the user’s choice wins, and the traits are still read', () => {
    const f = kindOf(kinds, '@jane_doe Please DM us your order number.', 'marketing');
    expect(f).toMatchObject({ kind: 'marketing', detected: false });
    expect(f.traits.private_channel).toBe('DM');
  });

  it('without kind data every post is a marketing post', () => {
    expect(kindOf(undefined, '@jane_doe sorry!')).toEqual({ kind: 'marketing', detected: true, traits: {} });
  });

  it('rejects a broken regular expression with file, line and field', () => {
    const text = 'kinds:\n  reply: { title: { en: a, de: b }, min: 1, cues: [{ re: "(unclosed" }] }\n  service: { title: { en: a, de: b }, min: 1, cues: [{ re: x }] }\nmarketing: { title: { en: a, de: b } }\ntraits: {}\nexamples: [{ text: a, kind: reply }, { text: b, kind: service }, { text: c, kind: marketing }]\n';
    const parsed = parseYaml(text, 'rules/lexicons/kinds.yml', KindsSchema);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ file: 'rules/lexicons/kinds.yml', line: 2, field: 'kinds.reply.cues.0.re', message: 'is not a valid regular expression' });
  });

  it.each([
    ['reply', 'reply'],
    ['Service', 'service'],
    ['marketing', 'marketing'],
    ['auto', 'auto'],
    ['Antwort', 'reply'],
    ['poem', undefined],
  ] as const)('parseKind(%s) → %s', (input, expected) => {
    expect(parseKind(input)).toBe(expected);
  });
});
