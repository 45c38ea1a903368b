import { PassThrough, Readable, Writable } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { scoreBatch } from '../../../src/adapters/cli/batch.ts';
import { realAdvisor, ROOT_DIR } from '../../support/advisor.ts';

/** A reader that takes nothing until released: what a stalled pipe looks like to the CLI. */
function stalledReader() {
  const held: (() => void)[] = [];
  let stalled = true;
  let lines = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      lines += chunk.toString().split('\n').length - 1;
      if (stalled) held.push(done);
      else done();
    },
  });
  return {
    stream,
    lines: () => lines,
    release() {
      stalled = false;
      for (const done of held.splice(0)) done();
    },
  };
}

describe('score --jsonl batch', () => {
  it('stops reading input while the output is not taken, then finishes every line in order', async () => {
    const total = 20_000;
    let pulled = 0;
    const stdin = Readable.from(
      (function* () {
        for (let i = 0; i < total; i++) {
          pulled++;
          yield `{"id":${i},"text":"20% off today only #${i}","platform":"facebook"}\n`;
        }
      })(),
    );
    const out = stalledReader();
    const stderr = new PassThrough();
    const done = scoreBatch(realAdvisor(), { platform: 'facebook', lang: 'auto' }, { stdin, stdout: out.stream, stderr, env: {}, cwd: ROOT_DIR });
    for (let i = 0; i < 200; i++) await tick();
    // why: a batch that ignores backpressure reads and scores every line into memory here
    expect(pulled).toBeLessThan(total / 2);
    out.release();
    expect(await done).toBe(0);
    expect(pulled).toBe(total);
    expect(out.lines()).toBe(total);
  });
});
