import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.ts';

/**
 * One fake OpenAI-compatible server for a test file: started before its tests, closed after them,
 * its queue and records reset before each test. The returned object stands for the server.
 */
export function useFakeOpenAi(): FakeOpenAi {
  let server: FakeOpenAi | undefined;
  beforeAll(async () => {
    server = await startFakeOpenAi();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => server!.reset());
  // why: tests read `server.url` and friends at run time, after beforeAll has started it
  return new Proxy({} as FakeOpenAi, {
    get: (_, key) => {
      const value = Reflect.get(server!, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(server) : value;
    },
  });
}
