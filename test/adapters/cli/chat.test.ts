import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli.ts';
import { captureIo } from '../../support/io.ts';

async function chat(input: string, env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fa-chat-'));
  const c = captureIo(input, { DATA_DIR: dataDir, ...env });
  const code = await main(['start'], c.io);
  return { code, out: c.out(), err: c.err(), dataDir };
}

describe('npm start without a Discord token: the local chat', () => {
  it('says how to connect Discord and how a post ends, and keeps multi-line posts together', async () => {
    const r = await chat('New spring collection out now!\nShop: https://shop.example.com/spring\n.\nNur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag\n');
    expect(r.code).toBe(0);
    expect(r.err).toContain('Set DISCORD_TOKEN');
    expect(r.err).toContain('/help');
    expect(r.err).toMatch(/empty line after a single-line post, a line with only "\.",\s+or Ctrl-D/);
    const scores = r.out.match(/^(Score|Bewertung) \d+\/100/gm) ?? [];
    expect(scores).toHaveLength(2);
    expect(r.out).toContain('Makes buying easy');
    expect(r.out).toMatch(/Bewertung \d+\/100 · stark/);
  });

  it('keeps blank lines inside a longer post: a multi-paragraph post is one post, ended by "." or the end of input', async () => {
    const post = 'Spring is here!\nOur new collection has arrived.\n\nTwelve colours, all made in Portugal.\n\nFans only: 20% off with code FAN20 until Sunday.';
    const dotted = await chat(`${post}\n.\n`);
    const ended = await chat(`${post}\n`);
    for (const r of [dotted, ended]) {
      expect(r.out.match(/^Score \d+\/100/gm)).toHaveLength(1);
      expect(r.out).toMatch(/discount|20 ?%/i);
    }
    const single = await chat('Hello fans\n\nFans only: 20% off with code FAN20\n\n');
    expect(single.out.match(/^Score \d+\/100/gm)).toHaveLength(2);
  });

  it('keeps the post language (/lang) apart from the reply language (/reply)', async () => {
    const german = 'Jetzt neu: unsere Suppe, nur für Fans 10 % günstiger';
    const r = await chat(`/lang de\n/reply en\n${german}\n\n/json\n${german}\n\n/json\n/reply de\n/lang auto\nFans only: 20% off today\n\n`);
    expect(r.out).toContain('post language: de');
    expect(r.out).toContain('replies: en');
    const [first, second] = r.out.split(/^(?=Score|Bewertung|\{)/m).filter((x) => /^(Score|Bewertung|\{)/.test(x));
    expect(first).toMatch(/^Score \d+\/100/);
    expect(JSON.parse(second!.split('\n')[0]!)).toMatchObject({ language: 'de' });
    expect(r.out).toContain('Antworten: de');
    expect(r.out).toMatch(/^Bewertung \d+\/100/m);
  });

  it('/explain finds what the CLI’s explain finds, and lists every finding when given nothing', async () => {
    const r = await chat('/explain discount\n/explain\n/explain pivot-dealz\n');
    expect(r.out).not.toContain('There is no finding “discount”');
    expect(r.out).toMatch(/\(pivot-deals\)/);
    expect(r.out).not.toContain('There is no finding “”');
    expect(r.out).toMatch(/^eng-tw-rt-word\s+\S/m);
    expect(r.out).toContain('There is no finding “pivot-dealz”');
  });

  it('understands /platform, /lang, /json, /explain, /tip and /help', async () => {
    const r = await chat('/platform facebook\n/lang de\n/json\nJetzt neu: unsere Suppe\n\n/json\n/explain pivot-deals\n/tip\n/help\n/platform myspace\n/nope\n');
    expect(r.out).toContain('platform: Facebook');
    const json = JSON.parse(r.out.split('\n').find((l) => l.startsWith('{'))!);
    expect(json).toMatchObject({ platform: 'facebook', language: 'de' });
    expect(r.out).toContain('83');
    expect(r.out).toMatch(/Paste or type a post|Füge einen Post/);
    expect(r.out).toContain('myspace');
    expect(r.out).toContain('/nope');
  });

  it('/kind switches what kind of post is judged, and the report says which', async () => {
    const jane = "@jane_doe Sorry your order hasn't arrived! Please DM us your order number and we'll sort it out. ^Mike";
    const r = await chat(`${jane}\n\n/kind marketing\n${jane}\n\n/kind poem\n`);
    expect(r.out).toContain('Judged as a reply to a customer (recognised from “@jane_doe”). Not right? /kind service|marketing');
    expect(r.out).toContain('kind: a marketing post');
    expect(r.out).toContain('Judged as a marketing post (your choice; /kind auto recognises the kind).');
    expect(r.out).toContain('I don’t know the kind “poem”');
  });

  it('answers bad input kindly and carries on', async () => {
    const r = await chat('\u200B\u200B\n\n🎉🎉\n\nHello fans\n');
    expect(r.out).toMatch(/Score \d+\/100/);
    expect(r.out).toContain('no words');
  });

  it('keeps its data in SQLite under DATA_DIR: scores and missed topics, never the post text', async () => {
    const r = await chat('Secret launch text: New spring collection out now!\n');
    const file = join(r.dataDir, 'fanpage-advisor.sqlite');
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT * FROM score_history').all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('Secret launch');
    expect(String(rows[0]!.missing)).toContain('discount');
  });

  it('reports a broken configuration before anything starts', async () => {
    const r = await chat('hello\n', { FANPAGE_ENGINE_BASE: '500' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('FANPAGE_ENGINE_BASE=500');
  });
});

describe('the local chat: correcting the last score', () => {
  it('/missing and /wrong re-score the last post at once; only ids are kept unless /share is on', async () => {
    const r = await chat('New in: our spring collection, available now.\n\n/missing discount\n/wrong product news\n/share\n/missing exclusive\n');
    const scores = [...r.out.matchAll(/^Score (\d+)\/100/gm)].map((m) => Number(m[1]));
    expect(scores).toHaveLength(4);
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(r.out).toContain('Re-scored with your correction:');
    expect(r.out).toContain('share: on');
    expect(r.out).toContain('Re-scored with your correction (text shared):');
    const db = new Database(join(r.dataDir, 'fanpage-advisor.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT guild_id, wrong, missing, text FROM corrections ORDER BY id').all() as Array<Record<string, string | null>>;
    db.close();
    expect(rows).toEqual([
      { guild_id: null, wrong: '[]', missing: '["discount"]', text: null },
      { guild_id: null, wrong: '["product_news"]', missing: '["discount"]', text: null },
      { guild_id: null, wrong: '["product_news"]', missing: '["discount","exclusive"]', text: 'New in: our spring collection, available now.' },
    ]);
  });

  it('before any post, or with an unknown category, it answers kindly and carries on', async () => {
    const r = await chat('/wrong discount\nHello fans, new mugs are in!\n\n/missing discont\n/missing\n');
    expect(r.out).toContain('There is no post to correct yet. Score a post first');
    expect(r.out).toContain('There is no category “discont”. Did you mean discount?');
    expect(r.out).toContain('Which category? /missing <category>');
    expect(r.out).toMatch(/Score \d+\/100/);
  });
});
