// `fanpage-advisor corrections export`: shared corrections as labelled posts in the format of
// the labelled dev set (../shared/corpus/dev-labelled.jsonl), so they can join the training data.
import type { CorrectionRecord, CorrectionStore } from './ports.ts';

/** One labelled post, the dev set's fields in its order. */
export interface LabelledPost {
  id: string;
  split: 'train';
  text: string;
  platform: CorrectionRecord['platform'];
  language: CorrectionRecord['language'];
  categories: string[];
  band: CorrectionRecord['band'];
  tags: string[];
  /** What the user changed, for whoever reviews the example. */
  note: string;
}

export interface CorrectionsExport {
  posts: LabelledPost[];
  /** Corrections stored without text (the user did not share the post): not exportable. */
  unshared: number;
  /** Older corrections of a post that was corrected again later (the newest one is exported). */
  superseded: number;
}

function noteOf(c: CorrectionRecord): string {
  const parts = [c.wrong.length > 0 ? `marked wrong: ${c.wrong.join(', ')}` : '', c.missing.length > 0 ? `marked missing: ${c.missing.join(', ')}` : ''];
  return `user correction; detected: ${c.detected.join(', ') || 'nothing'}; ${parts.filter(Boolean).join('; ')}`;
}

/**
 * The shared corrections as labelled posts, oldest first. A post corrected more than once (same
 * text and platform) is exported once, with its newest labels. Split is always `train`: these
 * posts were never part of the `check` split.
 */
export async function exportCorrections(store: CorrectionStore): Promise<CorrectionsExport> {
  const all = await store.listCorrections();
  const shared = all.filter((c): c is CorrectionRecord & { text: string } => c.text !== null);
  const newest = new Map<string, CorrectionRecord & { text: string }>();
  for (const c of shared) {
    const key = `${c.platform}\u0000${c.text}`;
    newest.delete(key);
    newest.set(key, c);
  }
  const posts = [...newest.values()]
    .sort((a, b) => a.id - b.id)
    .map(
      (c): LabelledPost => ({
        id: `correction-${c.id}`,
        split: 'train',
        text: c.text,
        platform: c.platform,
        language: c.language,
        categories: [...c.labels],
        band: c.band,
        tags: ['user_correction'],
        note: noteOf(c),
      }),
    );
  return { posts, unshared: all.length - shared.length, superseded: shared.length - posts.length };
}

/** JSON Lines: one post a line, UTF-8 as written (no \u escapes), ending with a newline. */
export function toJsonl(posts: readonly LabelledPost[]): string {
  return posts.map((p) => `${JSON.stringify(p)}\n`).join('');
}
