// /help, and the answer to a mention with no post in it.
import type { APIEmbed } from 'discord.js';
import type { Lang } from '../../../core/post.ts';
import { fitEmbed } from './format.ts';

export interface HelpText {
  helpTitle: string;
  helpBody: string;
}

const helpTexts: Record<Lang, HelpText> = {
  en: {
    helpTitle: 'fanpage-advisor',
    helpBody: [
      'I score a planned Facebook or X post from 0 to 100 against surveys of what fans want, and name the few changes that would raise the score most, each with its evidence.',
      '',
      '**/score** `post` `platform` – score a post (without `post`, a form opens for multi-line posts). Private unless `public:true`.',
      '**Score this post** (right-click a message → Apps) – score that message.',
      '**Judge as …** switches the kind of post.',
      '**@mention me** with a post, or send me a DM – I reply in the thread. Start with `x:` or `facebook:` to pick the platform.',
      '**Rewrite** (button under a score) or **/rewrite** `post` `platform` – up to three rewritten versions, shown only if they score higher. Needs a language model set up by the bot’s operator.',
      '**/ask** `question` – what fans want, answered from the research with its sources. Or mention me with `ask:` and a question.',
      '**/study** – what fans want vs what companies think.',
      '**/explain** `finding` – one finding in full: figures, source, year, caveat.',
      '**/tips set** – a daily study-backed tip in a channel of your choice (Manage Server).',
      '**Not right?** (under a score) – correct what was detected. **/rules ignore** – drop a rule from this server’s scores.',
    ].join('\n'),
  },
  de: {
    helpTitle: 'fanpage-advisor',
    helpBody: [
      'Ich bewerte einen geplanten Facebook- oder X-Post von 0 bis 100 anhand von Umfragen dazu, was Fans wollen, und nenne die wenigen Änderungen, die am meisten bringen, jeweils mit Beleg.',
      '',
      '**/score** `post` `platform` – einen Post bewerten (ohne `post` öffnet sich ein Formular für mehrzeilige Posts). Nur für dich sichtbar, außer mit `public:true`.',
      '**Post bewerten** (Rechtsklick auf eine Nachricht → Apps) – diese Nachricht bewerten.',
      '**Als … bewerten** wechselt die Art des Posts.',
      '**Erwähne mich** mit einem Post oder schreib mir eine DM – ich antworte im Verlauf. Beginne mit `x:` oder `facebook:`, um die Plattform zu wählen.',
      '**Umschreiben** (Knopf unter einer Bewertung) oder **/umschreiben** `post` `plattform` – bis zu drei umgeschriebene Versionen, nur wenn sie besser bewertet sind. Braucht ein Sprachmodell, das der Betreiber des Bots einrichtet.',
      '**/fragen** `frage` – was Fans wollen, beantwortet aus der Forschung mit Quellen. Oder erwähne mich mit `frage:` und deiner Frage.',
      '**/study** – was Fans wollen und was Unternehmen glauben.',
      '**/explain** `finding` – ein Befund ganz: Zahlen, Quelle, Jahr, Einschränkung.',
      '**/tipps einrichten** – jeden Tag ein Tipp mit Studienbeleg in einem Kanal deiner Wahl (Server verwalten).',
      '**Stimmt nicht?** (unter einer Bewertung) – Erkanntes korrigieren. **/regeln ignorieren** – eine Regel aus den Bewertungen des Servers nehmen.',
    ].join('\n'),
  },
};

export function helpText(lang: Lang): HelpText {
  return helpTexts[lang];
}


export function renderHelp(lang: Lang): APIEmbed {
  const t = helpText(lang);
  return fitEmbed({ title: t.helpTitle, color: 0x5865f2, description: t.helpBody });
}
