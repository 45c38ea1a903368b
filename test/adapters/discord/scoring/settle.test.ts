import { describe, expect, it } from 'vitest';
import { createSettler } from '../../../../src/adapters/discord/scoring/settle.ts';

describe('memory that settles after a burst', () => {
  it('collects once, after a drained burst and a quiet moment; never while requests are in flight or after a trickle', async () => {
    let collections = 0;
    const settler = createSettler({ after: 5, idleMs: 20, gc: () => void (collections += 1) });
    for (let left = 9; left >= 1; left--) settler.finished(left); // still in flight
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(collections).toBe(0);
    settler.finished(0); // drained
    settler.finished(0); // a straggler restarts the quiet moment
    await expect.poll(() => collections).toBe(1);
    settler.finished(0); // one request alone is no burst
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(collections).toBe(1);
    settler.stop();
  });

  it('collects mid-burst (not in steady traffic) when the heap passes its ceiling, then allows the live heap plus the headroom', async () => {
    let used = 50;
    let collections = 0;
    const gc = () => {
      collections += 1;
      used = live;
    };
    let live = 70;
    let inFlight = 3;
    const settler = createSettler({ ceilingBytes: 100, headroomBytes: 40, checkMs: 5, heapUsed: () => used, gc, inFlight: () => inFlight, burstInFlight: 64 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(collections).toBe(0); // under the ceiling: V8's own business
    used = 101;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(collections).toBe(0); // steady traffic, not a burst: V8's own business too
    inFlight = 500;
    await expect.poll(() => collections).toBe(1);
    expect(used).toBe(70);
    used = 105; // over the ceiling, but within live (70) + headroom (40)
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(collections).toBe(1);
    live = 60;
    used = 111;
    await expect.poll(() => collections).toBe(2);
    expect(settler.counts).toEqual({ ceiling: 2, settled: 0 });
    settler.stop();
  });

  it('settles again after fewer requests when the heap grew since a collection in the middle of a burst', async () => {
    let used = 40 * 1024 * 1024;
    let collections = 0;
    const settler = createSettler({ after: 5, idleMs: 10, checkMs: 60_000, heapUsed: () => used, gc: () => void (collections += 1) });
    for (let i = 0; i < 5; i++) settler.finished(0); // a stall mid-burst: settled once
    await expect.poll(() => collections).toBe(1);
    used += 30 * 1024 * 1024; // the rest of the burst
    settler.finished(1);
    settler.finished(0);
    await expect.poll(() => collections).toBe(2);
    settler.finished(0); // nothing grew since: no third one
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(collections).toBe(2);
    settler.stop();
  });

  it('does nothing when the process has no gc (run without --expose-gc)', () => {
    const settler = createSettler({ after: 1, idleMs: 1, gc: undefined });
    expect(() => settler.finished(0)).not.toThrow();
    settler.stop();
  });
});
