// Bad input that only a malformed or forged gateway payload can carry: a value outside a command's
// choices, an option of the wrong type. Each is answered with a sentence naming the problem, is
// not scored, and is not logged as an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPHEMERAL, startBot, type BotHarness } from './harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBot();
});

afterAll(async () => {
  await h?.close();
});

describe('options Discord would never send', { timeout: 15_000 }, () => {
  it('a platform or language outside the choices is refused with a message, not scored as X', async () => {
    const platform = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'myspace', post: '20% off today' } }));
    expect(platform.callback.body.type).toBe(4);
    expect(platform.data).toMatchObject({ flags: EPHEMERAL, content: 'I don’t know the platform “myspace”. Use facebook or twitter (x also works).' });
    expect(platform.data.embeds ?? []).toEqual([]);
    // "x" is a name the CLI accepts, but not one of the command's choices
    const alias = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'x', post: '20% off today' }, locale: 'de' }));
    expect(alias.data.content).toBe('Die Plattform „x“ kenne ich nicht. Nutze facebook oder twitter (x geht auch).');
    const lang = await h.answer(h.fake.fixtures.slash({ name: 'score', options: { platform: 'twitter', post: '20% off today', language: 'fr' } }));
    expect(lang.data.content).toBe('I don’t know the language “fr”. Use auto, en or de.');
    expect(h.records.filter((r) => r.level >= 50)).toEqual([]);
  });

  it('an option of the wrong type gets a clear message naming it, not the generic apology', async () => {
    const reply = await h.answer(
      h.fake.fixtures.slash({
        name: 'score',
        options: [
          { name: 'platform', type: 3, value: 'twitter' },
          { name: 'post', type: 4, value: 5 },
        ],
      }),
    );
    expect(reply.callback.body.type).toBe(4);
    expect(reply.data).toMatchObject({ flags: EPHEMERAL, content: 'Discord sent the option “post” in a form I can’t read. Run the command again; if it keeps happening, update Discord.' });
    expect(h.records.filter((r) => r.level >= 50)).toEqual([]);
  });
});
