import { describe, expect, it } from 'vitest';
import { createAdmission } from '../../../../src/adapters/discord/scoring/admission.ts';

describe('admission control', () => {
  it('admits up to capacity, refuses the next with a wait, and admits again once one is done', () => {
    let t = 0;
    const admission = createAdmission({ capacity: 2, now: () => t });
    const a = admission.enter();
    const b = admission.enter();
    expect('done' in a && 'done' in b).toBe(true);
    const refused = admission.enter();
    expect(refused).toEqual({ retryAfterSeconds: 10 });
    expect(admission.counts).toEqual({ admitted: 2, refused: 1 });
    if ('done' in a) a.done();
    if ('done' in a) a.done(); // a second done() changes nothing
    expect(admission.inFlight).toBe(1);
    expect('done' in admission.enter()).toBe(true);
    expect(admission.inFlight).toBe(2);
  });

  it('the wait follows measured throughput: in flight ÷ completions per second, within 5–120 s', () => {
    let t = 0;
    const admission = createAdmission({ capacity: 100, now: () => t });
    // 50 completions over 1 s: 49 per second after the first
    for (let i = 0; i < 50; i++) {
      const ticket = admission.enter();
      t += 20;
      if ('done' in ticket) ticket.done();
    }
    for (let i = 0; i < 100; i++) admission.enter();
    const refused = admission.enter();
    expect(refused).toEqual({ retryAfterSeconds: 5 }); // 100 / 49 per s ≈ 2.04 s → at least 5
    const slow = createAdmission({ capacity: 1000, now: () => t });
    for (let i = 0; i < 3; i++) {
      const ticket = slow.enter();
      t += 10_000;
      if ('done' in ticket) ticket.done();
    }
    for (let i = 0; i < 1000; i++) slow.enter();
    expect(slow.enter()).toEqual({ retryAfterSeconds: 120 }); // 1000 at 0.1 per second, capped
  });
});
