// The local chat as a user meets it: `fanpage-advisor start` in a real pseudo-terminal, with
// pasted multi-paragraph posts, arrow keys, history and Ctrl-L.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scorePost } from '../../../src/app/score-post.ts';
import { realAdvisor, ROOT_DIR } from '../../support/advisor.ts';
import { HAVE_SCRIPT, runInPty, type Pty } from '../../support/pty.ts';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const UP = '\x1b[A';
const LEFT = '\x1b[D';
const PROMPT = /\] > /;

let pty: Pty | undefined;
afterEach(() => pty?.kill());

function startChat(): Pty {
  const env = { ...process.env, DISCORD_TOKEN: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'fa-pty-')), NO_COLOR: '1', LOG_LEVEL: 'warn' };
  pty = runInPty([process.execPath, join(ROOT_DIR, 'bin/fanpage-advisor.js'), 'start'], { cwd: ROOT_DIR, env });
  return pty;
}

const scores = (s: string) => [...s.matchAll(/Score (\d+)\/100/g)].map((m) => Number(m[1]));

describe.skipIf(!HAVE_SCRIPT)('the local chat in a terminal', () => {
  it('scores a pasted multi-paragraph post as one post', async () => {
    const paragraphs = ['Spring is here! Our new collection has arrived.', 'Twelve colours, all made in Portugal.', 'Fans only: 20% off with code FAN20 until Sunday.'];
    const whole = scorePost(realAdvisor(), { text: paragraphs.join('\n\n'), platform: 'twitter', lang: 'auto' }).score;
    const firstOnly = scorePost(realAdvisor(), { text: paragraphs[0]!, platform: 'twitter', lang: 'auto' }).score;
    expect(whole, 'the offer in the last paragraph must change the score').not.toBe(firstOnly);

    const t = startChat();
    await t.waitFor(/\x1b\[\?2004h[\s\S]*\] > /);
    expect(t.output()).toMatch(/empty line after a single-line post, a line with only "\."/);
    const mark = t.output().length;
    t.send(`${PASTE_START}${paragraphs.join('\r\r')}${PASTE_END}`);
    t.send('\r');
    // a blank line after a pasted post does not end it: the paragraphs belong together
    t.send('\r');
    t.send('.\r');
    await t.waitFor(/Score \d+\/100[\s\S]*\] > /, mark);
    expect(scores(t.output().slice(mark))).toEqual([whole]);

    t.send('\x04');
    expect(await t.exited).toBe(0);
  });

  it('edits lines with the arrow keys, recalls them with ↑, clears the screen with Ctrl-L, and ends a one-line post with an empty line', async () => {
    const t = startChat();
    await t.waitFor(PROMPT);
    let mark = t.output().length;
    t.send(`/explain pivot-eals${LEFT.repeat(4)}d\r`);
    await t.waitFor(/\(pivot-deals\)[\s\S]*\] > /, mark);

    mark = t.output().length;
    t.send(`${UP}\r`);
    await t.waitFor(/\(pivot-deals\)[\s\S]*\] > /, mark);

    mark = t.output().length;
    t.send('\x0c');
    t.send('/platform facebook\r');
    await t.waitFor(/platform: Facebook[\s\S]*\[facebook · post auto · reply auto\] > /, mark);
    expect(t.output().slice(mark)).toContain('\x1b[1;1H');

    mark = t.output().length;
    t.send('/lang en\r/reply de\r');
    await t.waitFor(/\[facebook · post en · reply de\] > /, mark);

    mark = t.output().length;
    t.send('Fans only: 20% off with code FAN20\r\r');
    await t.waitFor(/Bewertung \d+\/100[\s\S]*\] > /, mark);

    t.send('/quit\r');
    expect(await t.exited).toBe(0);
  });
});
