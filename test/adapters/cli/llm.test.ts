import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.ts';
import { advise } from '../../../src/core/engine.ts';
import { useFakeOpenAi } from '../../support/fake-openai.ts';
import { reply } from '../../fakes/openai-server.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { captureIo } from '../../support/io.ts';

// The CLI's rewrite and ask commands, end to end: config from env, the unmodified openai client,
// a real HTTP server speaking the chat completions API.

const POST = 'Our new Aero 2 headphones are here. https://shop.example.com/aero2';
const EXCLUSIVE = 'Fans see it first: the new Aero 2 headphones, with [your fan-only offer] for followers. Which colour do you want? https://shop.example.com/aero2';

const report = (text: string) => advise(realAdvisor(), { text, platform: 'twitter', lang: 'auto' });
const before = report(POST).score;
const after = report(EXCLUSIVE).score;

const server = useFakeOpenAi();

const llmEnv = () => ({ OPENAI_BASE_URL: server.url, FANPAGE_LLM_MAX_RETRIES: '0' });
const run = async (args: string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const c = captureIo(opts.stdin ?? '', opts.env ?? {});
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
};

describe('fanpage-advisor rewrite', () => {
  it('without OPENAI_API_KEY or OPENAI_BASE_URL: exit 1 and how to enable it', async () => {
    const r = await run(['rewrite', POST]);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) and run the command again');
    // why: a one-shot command is run again, not restarted
    expect(r.err).not.toContain('restart');
    expect(r.out).toBe('');
  });

  it('without a model and with --json: the same JSON error object as other failures, on stdout', async () => {
    const r = await run(['rewrite', '--json', POST]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.error).toMatchObject({ code: 'llm_not_configured' });
    expect(j.error.message).toContain('OPENAI_API_KEY');
    expect(j.original.score).toEqual(expect.any(Number));
    expect(j).toMatchObject({ improved: [], rejected: [] });
    expect(j.fallback).toEqual(j.original.suggestions);
  });

  it('prints the original score, then each better version with before → after and what changed', async () => {
    server.enqueue(reply.variants(POST, { text: EXCLUSIVE, changes: 'Fans-first opening and a question.' }));
    const r = await run(['rewrite', '--platform', 'x', POST], { env: llmEnv() });
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`Your post: ${before}/100 · `)).toBe(true);
    expect(r.out).toContain('Rewrites that score higher');
    expect(r.out).toContain(`1. ${before} → ${after} (+${after - before})`);
    expect(r.out).toContain(`   ${EXCLUSIVE}`);
    expect(r.out).toContain('   Changed: Fans-first opening and a question.');
    expect(r.out).toContain('(1 dropped: not_better)');
    expect(server.requests).toHaveLength(1);
  });

  it('reads the post from stdin', async () => {
    server.enqueue(reply.variants(EXCLUSIVE));
    const r = await run(['rewrite'], { stdin: `${POST}\n`, env: llmEnv() });
    expect(r.code).toBe(0);
    expect(server.requests[0]!.body.messages![1]!.content).toContain(`<<<POST\n${POST}\nPOST>>>`);
  });

  it('when nothing improves, says so and prints the rule-based suggestions', async () => {
    server.enqueue(reply.variants('Fans only: 20 % off the new Aero 2 headphones! https://shop.example.com/aero2'));
    const r = await run(['rewrite', POST], { env: llmEnv() });
    expect(r.code).toBe(0);
    expect(r.out).toContain('None of the rewrites scored higher than your post while keeping its facts');
    expect(r.out).toMatch(/ {2}1\. \+\d+ points: /);
    expect(r.out).toContain('(1 dropped: invented_offer)');
  });

  it('--json prints one object with the original, the improved versions and the rejects', async () => {
    server.enqueue(reply.variants(EXCLUSIVE, 'Fans see it first: the new Aero 2 headphones.'));
    const r = await run(['rewrite', '--json', POST], { env: llmEnv() });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.original).toMatchObject({ score: before, platform: 'twitter' });
    expect(j.improved).toEqual([expect.objectContaining({ text: EXCLUSIVE, score: after, gain: after - before, band: report(EXCLUSIVE).band })]);
    expect(j.rejected).toEqual([{ text: 'Fans see it first: the new Aero 2 headphones.', reasons: ['url_dropped'] }]);
    expect(j.fallback).toEqual([]);
  });

  it('a malformed answer: exit 1, one sentence on stderr, the score and suggestions on stdout', async () => {
    server.enqueue(reply.text('Here are some ideas: make it more exciting!'));
    const r = await run(['rewrite', POST], { env: llmEnv() });
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe('The language model could not help this time (its answer was unusable). Your score still stands; here are the rule-based suggestions.');
    expect(r.out.startsWith(`Score ${before}/100`)).toBe(true);
    expect(r.out).toContain('Top changes');
  });

  it('a server error with --json: the error kind and the suggestions', async () => {
    server.enqueue(reply.status(500));
    const r = await run(['rewrite', '--json', '--reply-lang', 'de', POST], { env: llmEnv() });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.error).toMatchObject({ code: 'llm_unavailable', kind: 'server' });
    expect(j.error.message).toContain('Serverfehler');
    expect(j.fallback.length).toBeGreaterThan(0);
    expect(r.err).toContain('Serverfehler');
  });

  it('an empty post is bad usage, and no request goes out', async () => {
    const r = await run(['rewrite', '   '], { env: llmEnv() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('That post is empty');
    expect(server.requests).toHaveLength(0);
  });
});

describe('fanpage-advisor ask', () => {
  it('answers from the findings without a language model', async () => {
    const r = await run(['ask', 'Do fans care about discounts?']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^What the research says:\n• /);
    expect(r.out).toContain('[pivot-deals]');
    expect(r.err).toBe('');
  });

  it('answers in German with --lang de', async () => {
    const r = await run(['ask', '--lang', 'de', 'what do fans want?']);
    expect(r.out).toMatch(/^Das sagt die Forschung:/);
  });

  it('uses the model’s answer when it checks out', async () => {
    const answer = 'Deals come first: 83% of social consumers expect them, but only 53% of marketers think so (Pivot Conference, 2012) [pivot-deals].';
    server.enqueue(reply.text(answer));
    const r = await run(['ask', 'Do fans care about discounts?'], { env: llmEnv() });
    expect(r.code).toBe(0);
    expect(r.out, r.err).toBe(`${answer}\n`);
  });

  it('falls back to the findings when the model invents a number, and notes it on stderr', async () => {
    server.enqueue(reply.text('Nearly all fans, 97%, want deals [pivot-deals].'));
    const r = await run(['ask', 'Do fans care about discounts?'], { env: llmEnv() });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^What the research says:/);
    expect(r.out).not.toContain('97%');
    expect(r.err).toContain('unknown_number');
  });

  it('--json prints the answer, the finding ids and whether a model was used', async () => {
    const r = await run(['ask', '--json', 'Was bringt ein Treueprogramm?']);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ usedLlm: false, lang: 'de' });
    expect(j.findings[0]).toBe('pivot-rewards');
  });

  it('an empty question is bad usage', async () => {
    const r = await run(['ask', ' ']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('That question is empty');
  });
});

describe('help', () => {
  it('lists rewrite and ask', async () => {
    const r = await run(['--help']);
    expect(r.out).toMatch(/fanpage-advisor rewrite \[options\] "<post>"/);
    expect(r.out).toMatch(/fanpage-advisor ask/);
  });
});
