import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYaml } from '../../src/core/load-problem.ts';

const Schema = z.strictObject({ version: z.literal(1), weights: z.record(z.string(), z.array(z.number())) });

describe('parseYaml on a JSON file', () => {
  it('reads a valid file (JSON.parse)', () => {
    const parsed = parseYaml('{"version": 1, "weights": {"a": [1, 2]}}', 'rules/model/weights.json', Schema);
    expect(parsed).toEqual({ ok: true, value: { version: 1, weights: { a: [1, 2] } } });
  });

  it('still locates a problem by line and field when the fast path rejects the file', () => {
    const text = '{\n  "version": 1,\n  "weights": {\n    "a": [1, "x"]\n  }\n}\n';
    const parsed = parseYaml(text, 'rules/model/weights.json', Schema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatchObject({ file: 'rules/model/weights.json', line: 4, field: 'weights.a.1' });
  });

  it('locates a syntax error', () => {
    const parsed = parseYaml('{\n  "version": 1,\n  "weights": {"a": [1, 2]\n', 'rules/model/weights.json', Schema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]!.line).toBeGreaterThan(0);
  });
});
