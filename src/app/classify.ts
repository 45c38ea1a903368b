// How an audit has its posts scored: a batch of texts in, two typed arrays out. The compact form
// matters when the batch is scored on a worker thread: a result crosses as two small buffers
// instead of hundreds of objects, each with an array of strings, to clone.
import { categoryMask, categoryOrder } from '../core/audit/category-bits.ts';
import { studyScore, type Advisor } from '../core/engine.ts';
import type { Platform } from '../core/post.ts';

/** What the engine says about a batch of posts, in the batch's order. */
export interface ClassifiedBatch {
  /** Each post's study score. */
  scores: Float64Array;
  /** Each post's content categories as a mask in categoryOrder (core/audit/category-bits.ts). */
  categories: Uint32Array;
}

/**
 * Scores a batch of posts with the engine, in order. The default runs in this thread; an adapter
 * may spread batches over worker threads (the results must be the same).
 */
export type ClassifyBatch = (texts: readonly string[], platform: Platform) => ClassifiedBatch | Promise<ClassifiedBatch>;

export function classifyHere(advisor: Advisor): ClassifyBatch {
  const order = categoryOrder(advisor);
  return (texts, platform) => {
    const scores = new Float64Array(texts.length);
    const categories = new Uint32Array(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const read = studyScore(advisor, { text: texts[i]!, platform, lang: 'auto' });
      scores[i] = read.score;
      categories[i] = categoryMask(order, read.categories);
    }
    return { scores, categories };
  };
}
