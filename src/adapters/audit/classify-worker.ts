// A worker thread of the audit's pool: gets the main thread's advisor once (from the build's
// snapshot, or compiled from the rule book handed over as data), then scores batches of posts
// exactly as the main thread would; at the end it computes categories' engagement figures
// (the seeded bootstrap), which need no advisor.
import { workerData } from 'node:worker_threads';
import { classifyHere } from '../../app/classify.ts';
import { categoryStats, type RatedPosts } from '../../core/audit/audit.ts';
import type { Platform } from '../../core/post.ts';
import { advisorFromSpec, type AdvisorSpec } from '../advisor-spec.ts';

const classify = classifyHere(advisorFromSpec(workerData as AdvisorSpec));

export default function run({ texts, platform }: { texts: string[]; platform: Platform }) {
  return classify(texts, platform);
}

/** One category's figures; `rated` lives in shared memory, so every task reads the same copy. */
export function stats({ rated, bit }: { rated: RatedPosts; bit: number }) {
  return categoryStats(rated, bit);
}
