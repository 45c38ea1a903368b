import { createInterface, emitKeypressEvents, type Interface } from 'node:readline';
import { parseCategory, rescore, type Correction } from '../../app/corrections.ts';
import { explainLookup } from '../../app/explain.ts';
import { kindTitle, userMessage } from '../../app/messages.ts';
import type { CorrectionStore } from '../../app/ports.ts';
import { scoreAndRemember } from '../../app/score-post.ts';
import type { ScoreHistory } from '../../app/tips/score-history.ts';
import { CategoryId } from '../../core/category.ts';
import type { Advisor, Report } from '../../core/engine.ts';
import { parseLang, parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import { parseKind, type PostKind } from '../../core/post-kind.ts';
import { toJson } from '../../core/report-json.ts';
import type { Tip } from '../../core/tip.ts';
import { UserError } from '../../errors.ts';
import { plain, renderFinding, renderReport, type Style } from './render.ts';

export interface ChatDeps {
  advisor: Advisor;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  style?: Style;
  platform: Platform;
  /** The language posts are read in (auto detects it per post). */
  lang: Lang | 'auto';
  /** Where scores are remembered (ids and the score, no post text), so /tip teaches what the posts miss. */
  history?: ScoreHistory;
  /** Today's tip for the local "server", when a tips catalogue is available. */
  tipOfTheDay?: () => { tip: Tip; lang: Lang } | undefined;
  /** Where /wrong and /missing are kept (ids only; the text too after /share). */
  corrections?: CorrectionStore;
}

/** The terminal is one "server" in the score history and for tip choice. */
export const LOCAL_SERVER = 'local';

/** What `npm start` prints before the chat opens (on stderr: stdout carries the answers). */
export function chatBanner(lang: Lang): string {
  return lang === 'de'
    ? `fanpage-advisor – lokaler Chat. Füge einen Post ein oder tippe ihn. Ende des Posts: eine leere Zeile nach einem einzeiligen Post,
eine Zeile nur mit „.“ oder Strg+D. Posts mit mehreren Absätzen bleiben beim Einfügen ganz. /help zeigt die Befehle, /quit beendet.
Mit DISCORD_TOKEN läuft stattdessen der Discord-Bot (siehe README, „Discord“).`
    : `fanpage-advisor local chat. Paste or type a post. End of post: an empty line after a single-line post, a line with only ".",
or Ctrl-D. A pasted post keeps its paragraphs together. /help lists the commands, /quit leaves.
Set DISCORD_TOKEN to run the Discord bot instead (see README, "Discord").`;
}

const HELP = {
  en: `Paste or type a post. It is scored when it ends: an empty line after a single-line post, a line with only ".", or Ctrl-D.
Blank lines inside a longer post (and anything pasted) stay part of it. Ctrl-C drops the post you are writing.
  /platform x|facebook   where the post goes          /lang auto|en|de    the language of your posts
  /kind auto|reply|service|marketing                  what kind of post (default auto: recognised)
  /reply auto|en|de      the language of my answers   /json               JSON output on/off
  /explain <what>        a finding, category or rule  /explain            every finding
  /tip                   today's tip                  /help               this text
  /wrong <category>      the last post doesn't offer it: re-score without it (e.g. /wrong discount)
  /missing <category>    the last post offers it but it was missed: re-score with it
  /share                 corrections keep the post's text to improve detection (on/off; off at start)
  /quit                  leave (Ctrl-D on an empty line works too)`,
  de: `Füge einen Post ein oder tippe ihn. Bewertet wird, wenn er endet: leere Zeile nach einem einzeiligen Post, eine Zeile nur mit „.“ oder Strg+D.
Leerzeilen in einem längeren Post (und alles Eingefügte) gehören dazu. Strg+C verwirft den angefangenen Post.
  /platform x|facebook   wo der Post erscheint        /lang auto|en|de    Sprache deiner Posts
  /kind auto|reply|service|marketing                  Art des Posts (Standard auto: erkannt)
  /reply auto|en|de      Sprache meiner Antworten     /json               JSON-Ausgabe an/aus
  /explain <was>         Befund, Kategorie oder Regel /explain            alle Befunde
  /tip                   der Tipp des Tages           /help               diese Hilfe
  /wrong <kategorie>     der letzte Post bietet das nicht: neu bewerten ohne (z. B. /wrong discount)
  /missing <kategorie>   der letzte Post bietet das, es wurde übersehen: neu bewerten mit
  /share                 Korrekturen speichern den Text des Posts, um die Erkennung zu verbessern (an/aus)
  /quit                  beenden (oder Strg+D in einer leeren Zeile)`,
};

// why bracketed paste: a terminal then marks pasted text, so the blank lines between a post's
// paragraphs stay inside the post instead of ending it
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

/**
 * The local chat: the same advisor as in Discord, in a terminal, with readline's line editing and
 * history. A post may span several lines and paragraphs; see chatBanner for when it ends.
 */
export async function runChat(deps: ChatDeps): Promise<void> {
  const { advisor, input, output } = deps;
  const style = deps.style ?? plain;
  const terminal = input.isTTY === true && output.isTTY === true;
  let platform = deps.platform;
  let lang = deps.lang;
  let reply: Lang | 'auto' = 'auto';
  let json = false;
  let kind: PostKind | undefined;
  const ui = (): Lang => (reply !== 'auto' ? reply : deps.lang === 'de' ? 'de' : 'en');
  const say = (s: string) => output.write(`${s}\n`);

  let post: string[] = [];
  let pasting = false;
  let quit = false;
  const history: string[] = [];

  const promptText = () =>
    post.length > 0 ? style.dim('… ') : style.dim(`[${platform === 'twitter' ? 'x' : 'facebook'} · post ${lang} · reply ${reply}] > `);

  /** The last post scored, for /wrong and /missing, with the corrections made to it so far. */
  let last: { text: string; platform: Platform; lang: Lang | 'auto'; kind?: PostKind; corrections?: Correction } | undefined;
  let share = false;
  /** Corrections on their way to the store; the chat waits for them before it ends. */
  const writes: Promise<unknown>[] = [];
  const show = (report: Report) => say(json ? JSON.stringify(toJson(report)) : renderReport(report, style, { kindSwitch: '/kind' }));

  const score = (text: string) => {
    try {
      show(scoreAndRemember({ advisor, history: deps.history }, { text, platform, lang, replyLang: reply === 'auto' ? undefined : reply, kind }, LOCAL_SERVER));
      last = { text, platform, lang, kind };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      say(userMessage(err, ui()));
    }
  };
  const send = () => {
    const text = post.join('\n').replace(/\n+$/, '');
    post = [];
    if (text.trim() !== '') score(text);
  };

  const explain = (what: string) => {
    if (what === '') {
      say([...advisor.findings.values()].map((f) => `${f.id.padEnd(24)} ${f.title[ui()]}`).join('\n'));
      say(style.dim(ui() === 'de' ? '/explain <id> zeigt einen Befund im Detail.' : '/explain <id> shows one in full.'));
      return;
    }
    const found = explainLookup(advisor, what);
    say(found.found ? found.findings.map((f) => renderFinding(f, ui(), style)).join('\n\n') : userMessage(new UserError('unknown_finding', { value: what, suggestions: found.suggestions.join(', ') }), ui()));
  };

  /** "discount", "customer service", "Rabatt oder Angebot", or several: "discount, event" / "discount event". */
  const categories = (arg: string): CategoryId[] =>
    arg
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .flatMap((item) => {
        try {
          return [parseCategory(advisor, item)];
        } catch (err) {
          const words = item.split(/\s+/);
          if (words.length < 2) throw err;
          return words.map((w) => parseCategory(advisor, w));
        }
      });

  /** /wrong and /missing: the last post re-scored at once; the correction is stored on the side. */
  const correct = (kind: 'wrong' | 'missing', arg: string) => {
    const de = ui() === 'de';
    try {
      if (!last) throw new UserError('no_post_yet');
      const ids = categories(arg);
      if (ids.length === 0) {
        const all = CategoryId.options.join(', ');
        return say(de ? `Welche Kategorie? /${kind} <kategorie>, z. B. /${kind} discount. Die Kategorien: ${all}.` : `Which category? /${kind} <category>, e.g. /${kind} discount. The categories: ${all}.`);
      }
      const correction = { wrong: kind === 'wrong' ? ids : [], missing: kind === 'missing' ? ids : [] };
      const replyLang = reply === 'auto' ? undefined : reply;
      const result = rescore(advisor, { ...last, replyLang, ignoredRules: [], earlier: last.corrections, correction, share }, new Date(), null);
      last = { ...last, corrections: result.corrections };
      if (result.record && deps.corrections) {
        writes.push(deps.corrections.addCorrection(result.record).catch(() => say(de ? 'Die Korrektur konnte nicht gespeichert werden; die Bewertung oben gilt trotzdem.' : 'The correction could not be saved; the score above stands.')));
      }
      say(de ? `Neu bewertet mit deiner Korrektur${share ? ' (Text geteilt)' : ''}:` : `Re-scored with your correction${share ? ' (text shared)' : ''}:`);
      show(result.report);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      say(userMessage(err, ui()));
    }
  };

  /** Runs a /command; false when the chat should end. */
  const command = (line: string): boolean => {
    const [name = '', ...args] = line.slice(1).trim().split(/\s+/);
    const arg = args.join(' ');
    const de = ui() === 'de';
    switch (name) {
      case 'platform': {
        const p = parsePlatform(arg);
        if (p) platform = p;
        say(p ? `platform: ${p === 'twitter' ? 'X/Twitter' : 'Facebook'}` : userMessage(new UserError('unknown_platform', { value: arg }), ui()));
        return true;
      }
      case 'lang': {
        const l = parseLang(arg);
        if (!l) say(userMessage(new UserError('unknown_language', { value: arg }), ui()));
        else {
          lang = l;
          const read = l === 'auto' ? (de ? 'Sprache wird je Post erkannt' : 'detected per post') : l === 'de' ? (de ? 'als Deutsch gelesen' : 'read as German') : de ? 'als Englisch gelesen' : 'read as English';
          say(de ? `Sprache der Posts: ${l} (${read}). Antworten: ${reply}; /reply ändert sie.` : `post language: ${l} (${read}). Replies: ${reply}; /reply changes them.`);
        }
        return true;
      }
      case 'reply': {
        const l = parseLang(arg);
        if (!l) say(userMessage(new UserError('unknown_language', { value: arg }), ui()));
        else {
          reply = l;
          say(ui() === 'de' ? `Antworten: ${l === 'auto' ? 'in der Sprache des Posts' : l}.` : `replies: ${l === 'auto' ? "in the post's language" : l}.`);
        }
        return true;
      }
      case 'kind': {
        const k = parseKind(arg);
        if (k) kind = k === 'auto' ? undefined : k;
        say(k ? `kind: ${k === 'auto' ? (ui() === 'de' ? 'auto (wird erkannt)' : 'auto (recognised)') : kindTitle(k, ui())}` : ui() === 'de' ? `Die Art „${arg}“ kenne ich nicht. Nutze auto, reply, service oder marketing.` : `I don’t know the kind “${arg}”. Use auto, reply, service or marketing.`);
        return true;
      }
      case 'json':
        json = !json;
        say(`json: ${json ? 'on' : 'off'}`);
        return true;
      case 'explain':
        explain(arg);
        return true;
      case 'tip': {
        const today = deps.tipOfTheDay?.();
        say(today ? `${today.tip.text[today.lang]}\n${style.dim(`(${today.tip.finding}: /explain ${today.tip.finding})`)}` : de ? 'Keine Tipps verfügbar.' : 'No tips available.');
        return true;
      }
      case 'wrong':
      case 'missing':
        correct(name, arg);
        return true;
      case 'share':
        share = !share;
        say(de ? `share: ${share ? 'an – Korrekturen speichern den Text des Posts' : 'aus – Korrekturen speichern nur die Kategorien'}` : `share: ${share ? 'on – corrections keep the post’s text' : 'off – corrections keep only the categories'}`);
        return true;
      case 'help':
        say(HELP[ui()]);
        return true;
      case 'quit':
      case 'exit':
        return false;
      default:
        say(`${de ? 'Unbekannter Befehl' : 'Unknown command'} /${name}. ${de ? 'Tippe /help.' : 'Type /help.'}`);
        return true;
    }
  };

  const onLine = (rl: Interface, line: string) => {
    // why: readline may still hand over lines of a chunk it read before /quit closed it
    if (quit) return;
    if (pasting) post.push(line);
    else if (post.length === 0 && line.startsWith('/')) {
      if (!command(line)) {
        quit = true;
        rl.close();
        return;
      }
    } else if (line.trim() === '.') send();
    else if (line.trim() === '') {
      if (post.length === 1) send();
      else if (post.length > 1) post.push('');
    } else post.push(line);
    if (terminal && !pasting) {
      rl.setPrompt(promptText());
      rl.prompt();
    }
  };

  const onKey = (_: string, key?: { name?: string }) => {
    if (key?.name === 'paste-start') pasting = true;
    else if (key?.name === 'paste-end') pasting = false;
  };
  if (terminal) {
    // why before createInterface: this listener then sees each key before readline acts on it
    emitKeypressEvents(input);
    input.on('keypress', onKey);
    output.write(PASTE_ON);
  }

  try {
    // One readline per round; Ctrl-D closes it: with a post pending that sends the post and the
    // chat goes on, on an empty prompt it leaves (as does the end of piped input).
    while (!quit) {
      const rl = createInterface({ input, output: terminal ? output : undefined, terminal, history: [...history], historySize: 500, crlfDelay: Infinity });
      rl.on('history', (h: string[]) => history.splice(0, history.length, ...h));
      rl.on('line', (line) => onLine(rl, line));
      rl.on('SIGINT', () => {
        // Ctrl-C: drop the post being written; on an empty prompt, leave
        if (post.length === 0 && rl.line === '') {
          quit = true;
          rl.close();
          return;
        }
        post = [];
        pasting = false;
        output.write('^C\n');
        rl.setPrompt(promptText());
        rl.write(null, { ctrl: true, name: 'e' });
        rl.write(null, { ctrl: true, name: 'u' });
        rl.prompt();
      });
      const ended = new Promise<void>((resolve) => rl.once('close', resolve));
      if (terminal) {
        rl.setPrompt(promptText());
        rl.prompt();
      }
      await ended;
      pasting = false;
      const pending = post.length > 0;
      // why: Ctrl-D leaves the cursor after the prompt; the answer starts on a line of its own
      if (terminal && pending) output.write('\n');
      send();
      if (!terminal || !pending) quit = true;
    }
  } finally {
    if (terminal) {
      input.off('keypress', onKey);
      output.write(PASTE_OFF);
    }
    await Promise.all(writes);
  }
}
