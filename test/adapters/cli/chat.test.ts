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
  it('says how to connect Discord, scores posts separated by blank lines, and keeps multi-line posts together', async () => {
    const r = await chat('New spring collection out now!\nShop: https://shop.example.com/spring\n\nNur für Fans: 5 € Rabatt mit Code FAN5 bis Sonntag\n');
    expect(r.code).toBe(0);
    expect(r.err).toContain('Set DISCORD_TOKEN');
    expect(r.err).toContain('/help');
    const scores = r.out.match(/^(Score|Bewertung) \d+\/100/gm) ?? [];
    expect(scores).toHaveLength(2);
    expect(r.out).toContain('Makes buying easy');
    expect(r.out).toMatch(/Bewertung \d+\/100 · stark/);
  });

  it('understands /platform, /lang, /json, /explain, /tip and /help', async () => {
    const r = await chat('/platform facebook\n/lang de\n/json\nJetzt neu: unsere Suppe\n\n/json\n/explain pivot-deals\n/tip\n/help\n/platform myspace\n/nope\n');
    expect(r.out).toContain('platform: Facebook');
    const json = JSON.parse(r.out.split('\n').find((l) => l.startsWith('{'))!);
    expect(json).toMatchObject({ platform: 'facebook', language: 'de' });
    expect(r.out).toContain('83');
    expect(r.out).toMatch(/Paste a post|Füge einen Post/);
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
