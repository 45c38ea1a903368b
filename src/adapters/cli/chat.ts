import { createInterface } from 'node:readline';
import { userMessage } from '../../app/messages.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import type { ScoreHistory } from '../../app/tips/score-history.ts';
import type { Advisor } from '../../core/engine.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import { toJson } from '../../core/report-json.ts';
import type { Tip } from '../../core/tip.ts';
import { UserError } from '../../errors.ts';
import { plain, renderFinding, renderReport, type Style } from './render.ts';

export interface ChatDeps {
  advisor: Advisor;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  style?: Style;
  platform: Platform;
  lang: Lang | 'auto';
  /** Where scores are remembered (ids and the score, no post text), so /tip teaches what the posts miss. */
  history?: ScoreHistory;
  /** Today's tip for the local "server", when a tips catalogue is available. */
  tipOfTheDay?: () => Promise<{ tip: Tip; lang: Lang } | undefined>;
}

/** The terminal is one "server" in the score history and for tip choice. */
export const LOCAL_SERVER = 'local';

const HELP = {
  en: `Paste a post and press Enter on an empty line to score it. Commands:
  /platform x|facebook   where the post goes          /lang auto|en|de   the post's language
  /json                  switch JSON output on/off    /explain <id>      a finding in full (e.g. pivot-deals)
  /tip                   today's tip                  /help              this text
  /quit                  leave (Ctrl+D works too)`,
  de: `Füge einen Post ein und drücke Enter in einer leeren Zeile, um ihn zu bewerten. Befehle:
  /platform x|facebook   wo der Post erscheint        /lang auto|en|de   Sprache des Posts
  /json                  JSON-Ausgabe an/aus          /explain <id>      ein Befund im Detail (z. B. pivot-deals)
  /tip                   der Tipp des Tages           /help              diese Hilfe
  /quit                  beenden (oder Strg+D)`,
};

/**
 * The local chat: the same advisor as in Discord, in a terminal. A post may span several lines;
 * an empty line (or the end of input) sends it.
 */
export async function runChat(deps: ChatDeps): Promise<void> {
  const { advisor, output } = deps;
  const style = deps.style ?? plain;
  let platform = deps.platform;
  let lang = deps.lang;
  let json = false;
  const ui: Lang = lang === 'de' ? 'de' : 'en';
  const say = (s: string) => output.write(`${s}\n`);
  const prompt = () => {
    if (deps.input.isTTY) output.write(style.dim(`[${platform === 'twitter' ? 'x' : 'facebook'}, ${lang}] > `));
  };

  const score = (text: string) => {
    try {
      const report = scoreAndRemember({ advisor, history: deps.history }, { text, platform, lang }, LOCAL_SERVER);
      say(json ? JSON.stringify(toJson(report)) : renderReport(report, style));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      say(userMessage(err, ui));
    }
  };

  const command = async (line: string): Promise<boolean> => {
    const [name, ...args] = line.slice(1).trim().split(/\s+/);
    const arg = args.join(' ');
    switch (name) {
      case 'platform': {
        const p = parsePlatform(arg);
        if (p) platform = p;
        say(p ? `platform: ${p === 'twitter' ? 'X/Twitter' : 'Facebook'}` : userMessage(new UserError('unknown_platform', { value: arg }), ui));
        return true;
      }
      case 'lang': {
        const l = parseLang(arg);
        if (l) lang = l;
        say(l ? `lang: ${l}` : userMessage(new UserError('unknown_language', { value: arg }), ui));
        return true;
      }
      case 'json':
        json = !json;
        say(`json: ${json ? 'on' : 'off'}`);
        return true;
      case 'explain': {
        const f = advisor.findings.get(arg);
        say(f ? renderFinding(f, ui, style) : userMessage(new UserError('unknown_finding', { value: arg, suggestions: [...advisor.findings.keys()].slice(0, 5).join(', ') }), ui));
        return true;
      }
      case 'tip': {
        const today = await deps.tipOfTheDay?.();
        say(today ? `${today.tip.text[today.lang]}\n${style.dim(`(${today.tip.finding}: fanpage-advisor explain ${today.tip.finding})`)}` : ui === 'de' ? 'Keine Tipps verfügbar.' : 'No tips available.');
        return true;
      }
      case 'help':
        say(HELP[ui]);
        return true;
      case 'quit':
      case 'exit':
        return false;
      default:
        say(`${ui === 'de' ? 'Unbekannter Befehl' : 'Unknown command'} /${name}. ${ui === 'de' ? 'Tippe /help.' : 'Type /help.'}`);
        return true;
    }
  };

  const rl = createInterface({ input: deps.input, terminal: false, crlfDelay: Infinity });
  let buffer: string[] = [];
  prompt();
  for await (const line of rl) {
    if (buffer.length === 0 && line.startsWith('/')) {
      if (!(await command(line))) break;
      prompt();
      continue;
    }
    if (line.trim() === '') {
      if (buffer.length > 0) score(buffer.join('\n'));
      buffer = [];
      prompt();
      continue;
    }
    buffer.push(line);
  }
  if (buffer.length > 0) score(buffer.join('\n'));
  rl.close();
}
