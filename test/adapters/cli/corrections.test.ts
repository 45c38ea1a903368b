// `fanpage-advisor corrections export` on a real SQLite file, filled the way the bot fills it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteCorrectionStore } from '../../../src/adapters/store/sqlite-corrections.ts';
import { openDatabase } from '../../../src/adapters/store/sqlite.ts';
import { correctScore } from '../../../src/app/corrections.ts';
import { scorePost } from '../../../src/app/score-post.ts';
import { bandOf } from '../../../src/core/band.ts';
import type { CategoryId } from '../../../src/core/category.ts';
import { main } from '../../../src/cli.ts';
import { realAdvisor } from '../../support/advisor.ts';
import { captureIo } from '../../support/io.ts';
import { sharedFile } from '../../support/shared.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const advisor = realAdvisor();
const MEMBERS = 'Members get first pick of the new mugs, a week before everyone ☕';
const BREAD = 'Frisch aus dem Ofen: unser Roggenbrot mit Kümmel, heute in allen Filialen.';

/** A category the engine does not find in the post, so marking it missing is a real correction. */
function undetected(text: string, lang: 'auto' | 'de'): CategoryId {
  const found = scorePost(advisor, { text, platform: 'twitter', lang }).categories;
  const id = (['exclusive', 'loyalty', 'discount', 'event', 'contest'] as const).find((c) => !found.includes(c));
  if (!id) throw new Error(`the engine finds every candidate in “${text}”`);
  return id;
}

async function dataDirWithCorrections(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fanpage-export-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  const deps = { advisor, corrections: createSqliteCorrectionStore(db) };
  const post = { platform: 'twitter' as const, lang: 'auto' as const };
  await correctScore(deps, { ...post, text: MEMBERS, correction: { wrong: [], missing: [undetected(MEMBERS, 'auto')] }, share: true }, 'g1');
  await correctScore(deps, { ...post, text: 'Private: never leaves the server', correction: { wrong: [], missing: ['contest'] }, share: false }, 'g1');
  await correctScore(deps, { ...post, text: BREAD, lang: 'de', correction: { wrong: [], missing: [undetected(BREAD, 'de')] }, share: true }, null);
  db.close();
  return dir;
}

const run = async (args: string[], env: NodeJS.ProcessEnv) => {
  const c = captureIo('', env);
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
};

describe('fanpage-advisor corrections export', () => {
  it('writes the shared corrections as labelled JSONL with the dev set’s fields, and says what it left out', async () => {
    const dir = await dataDirWithCorrections();
    const r = await run(['corrections', 'export'], { DATA_DIR: dir });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    const devKeys = Object.keys(JSON.parse(readFileSync(sharedFile('corpus/dev-labelled.jsonl'), 'utf8').split('\n')[0]!) as object);
    for (const line of lines) {
      expect(Object.keys(line).filter((k) => k !== 'note')).toEqual(devKeys.filter((k) => k !== 'note'));
      expect(line).toMatchObject({ split: 'train', platform: 'twitter', tags: ['user_correction'] });
    }
    expect(lines[0]).toMatchObject({ text: MEMBERS });
    expect(lines[0]!.categories).toContain(undetected(MEMBERS, 'auto'));
    expect(lines[1]).toMatchObject({ text: BREAD, language: 'de' });
    expect(lines[1]!.categories).toContain(undetected(BREAD, 'de'));
    for (const line of lines) {
      const labels = line.categories as string[];
      expect(line.band).toBe(bandOf(labels.filter((l) => !['privacy_ask', 'spam_signals', 'tracking_link'].includes(l)), labels.includes('privacy_ask'), labels.includes('spam_signals')));
    }
    expect(r.out).not.toContain('Private');
    expect(r.err).toMatch(/^2 shared corrections exported from .*fanpage-advisor\.sqlite \(1 kept without text \(not shared\) left out\)\.\n$/);
  });

  it('--out writes a file; an empty store exports nothing and says so; a wrong subcommand is a usage error', async () => {
    const dir = await dataDirWithCorrections();
    const out = join(dir, 'export', 'corrections.jsonl');
    const r = await run(['corrections', 'export', '--out', out], { DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);

    const empty = mkdtempSync(join(tmpdir(), 'fanpage-export-'));
    dirs.push(empty);
    const none = await run(['corrections', 'export'], { DATA_DIR: empty });
    expect(none).toMatchObject({ code: 0, out: '' });
    expect(none.err).toMatch(/^0 shared corrections exported/);

    const bad = await run(['corrections', 'import'], { DATA_DIR: empty });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/corrections export/);
  });
});
