import { createInterface } from 'node:readline';
import { correctScore, parseCategory, type Correction } from '../../app/corrections.ts';
import { userMessage } from '../../app/messages.ts';
import type { CorrectionStore } from '../../app/ports.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import type { ScoreHistory } from '../../app/tips/score-history.ts';
import { CategoryId } from '../../core/category.ts';
import type { Advisor, Report } from '../../core/engine.ts';
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
  tipOfTheDay?: () => { tip: Tip; lang: Lang } | undefined;
  /** Where /wrong and /missing are kept (ids only, the text too after /share). */
  corrections?: CorrectionStore;
}

/** The terminal is one "server" in the score history and for tip choice. */
export const LOCAL_SERVER = 'local';

const HELP = {
  en: `Paste a post and press Enter on an empty line to score it. Commands:
  /platform x|facebook   where the post goes          /lang auto|en|de   the post's language
  /json                  switch JSON output on/off    /explain <id>      a finding in full (e.g. pivot-deals)
  /tip                   today's tip                  /help              this text
  /wrong <category>      the last post doesn't offer it: re-score without it (e.g. /wrong discount)
  /missing <category>    the last post offers it but it was missed: re-score with it
  /share                 corrections keep the post's text to improve detection (on/off; off by default)
  /quit                  leave (Ctrl+D works too)`,
  de: `Füge einen Post ein und drücke Enter in einer leeren Zeile, um ihn zu bewerten. Befehle:
  /platform x|facebook   wo der Post erscheint        /lang auto|en|de   Sprache des Posts
  /json                  JSON-Ausgabe an/aus          /explain <id>      ein Befund im Detail (z. B. pivot-deals)
  /tip                   der Tipp des Tages           /help              diese Hilfe
  /wrong <kategorie>     der letzte Post bietet das nicht: neu bewerten ohne (z. B. /wrong discount)
  /missing <kategorie>   der letzte Post bietet das, es wurde übersehen: neu bewerten mit
  /share                 Korrekturen speichern den Text des Posts, um die Erkennung zu verbessern (an/aus; aus zu Beginn)
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

  /** The last post scored, for /wrong and /missing, with the corrections made to it so far. */
  let last: { text: string; platform: Platform; lang: Lang | 'auto'; corrections?: Correction } | undefined;
  let share = false;
  const show = (report: Report) => say(json ? JSON.stringify(toJson(report)) : renderReport(report, style));

  const score = (text: string) => {
    try {
      show(scoreAndRemember({ advisor, history: deps.history }, { text, platform, lang }, LOCAL_SERVER));
      last = { text, platform, lang };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      say(userMessage(err, ui));
    }
  };

  /** "discount", "customer service", "Rabatt oder Angebot", or several: "discount, event" / "discount event". */
  const categories = (arg: string): CategoryId[] => {
    return arg
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean).flatMap((item) => {
      try {
        return [parseCategory(advisor, item)];
      } catch (err) {
        const words = item.split(/\s+/);
        if (words.length < 2) throw err;
        return words.map((w) => parseCategory(advisor, w));
      }
    });
  };

  const correct = async (kind: 'wrong' | 'missing', arg: string) => {
    try {
      if (!last) throw new UserError('no_post_yet');
      const ids = categories(arg);
      if (ids.length === 0) {
        const all = CategoryId.options.join(', ');
        return say(ui === 'de' ? `Welche Kategorie? /${kind} <kategorie>, z. B. /${kind} discount. Die Kategorien: ${all}.` : `Which category? /${kind} <category>, e.g. /${kind} discount. The categories: ${all}.`);
      }
      const correction = { wrong: kind === 'wrong' ? ids : [], missing: kind === 'missing' ? ids : [] };
      const result = await correctScore({ advisor, corrections: deps.corrections }, { ...last, earlier: last.corrections, correction, share }, null);
      last = { ...last, corrections: result.corrections };
      say(ui === 'de' ? `Neu bewertet mit deiner Korrektur${share ? ' (Text geteilt)' : ''}:` : `Re-scored with your correction${share ? ' (text shared)' : ''}:`);
      show(result.report);
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
        const today = deps.tipOfTheDay?.();
        say(today ? `${today.tip.text[today.lang]}\n${style.dim(`(${today.tip.finding}: fanpage-advisor explain ${today.tip.finding})`)}` : ui === 'de' ? 'Keine Tipps verfügbar.' : 'No tips available.');
        return true;
      }
      case 'wrong':
      case 'missing':
        await correct(name, arg);
        return true;
      case 'share':
        share = !share;
        say(ui === 'de' ? `share: ${share ? 'an – Korrekturen speichern den Text des Posts' : 'aus – Korrekturen speichern nur die Kategorien'}` : `share: ${share ? 'on – corrections keep the post’s text' : 'off – corrections keep only the categories'}`);
        return true;
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
