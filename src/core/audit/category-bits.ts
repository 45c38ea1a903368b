import type { CategoryId } from '../category.ts';
import type { Advisor } from '../engine.ts';

/**
 * The order in which an audit numbers the rule book's categories: bit i of a post's category
 * mask is the i-th category. Every thread that builds an advisor from the same rule book gets the
 * same order, so a mask computed in a worker means the same in the main thread.
 */
export function categoryOrder(advisor: Advisor): CategoryId[] {
  const order = [...advisor.categories.keys()];
  // why: the masks are 32-bit integers (a Uint32Array crosses threads without copying objects)
  if (order.length > 32) throw new Error(`an audit counts at most 32 categories; the rule book has ${order.length}`);
  return order;
}

/** One bit per category the post offers, in categoryOrder; ids the order lacks are ignored. */
export function categoryMask(order: readonly CategoryId[], categories: readonly CategoryId[]): number {
  let bits = 0;
  for (const c of categories) {
    const i = order.indexOf(c);
    if (i >= 0) bits |= 1 << i;
  }
  return bits >>> 0;
}
