import type { Band, NoteId } from '../core/engine.ts';
import type { Lang } from '../core/post.ts';
import type { PostKind } from '../core/post-kind.ts';
import { render, type Vars } from '../core/template.ts';
import type { UserError, UserErrorCode } from '../errors.ts';

type Texts<K extends string> = Record<K, Record<Lang, string>>;

// One sentence each: what happened, then what to do. Shared by the CLI, local chat and Discord.
const errors: Texts<UserErrorCode> = {
  empty_post: {
    en: 'That post is empty. Paste the text you plan to publish.',
    de: 'Der Post ist leer. Füge den Text ein, den du veröffentlichen willst.',
  },
  too_long: {
    en: 'That text has {{chars}} characters; I score posts up to {{max}}. Paste the post itself, not a whole document.',
    de: 'Der Text hat {{chars}} Zeichen; ich bewerte Posts bis {{max}} Zeichen. Füge nur den Post ein, kein ganzes Dokument.',
  },
  too_long_wide: {
    en: 'That text has {{chars}} characters, but emoji and other special characters take the room of two letters each, and together they pass my limit of {{max}}. Shorten it and try again.',
    de: 'Der Text hat {{chars}} Zeichen, aber Emoji und andere Sonderzeichen brauchen je den Platz von zwei Buchstaben und überschreiten zusammen meine Grenze von {{max}}. Kürze ihn und versuch es noch einmal.',
  },
  not_text: {
    en: 'That does not look like text (it is mostly control characters). Paste the post as plain text.',
    de: 'Das sieht nicht nach Text aus (fast nur Steuerzeichen). Füge den Post als normalen Text ein.',
  },
  not_utf8: {
    en: 'That input is not UTF-8 text (the first bad byte is number {{byte}}). Save it as UTF-8 and try again.',
    de: 'Die Eingabe ist kein UTF-8-Text (das erste fehlerhafte Byte ist Nr. {{byte}}). Speichere sie als UTF-8 und versuch es noch einmal.',
  },
  input_too_long: {
    en: 'That input is longer than {{max}} characters, so I stopped reading it. Paste the post itself, not a whole document.',
    de: 'Die Eingabe ist länger als {{max}} Zeichen, deshalb habe ich aufgehört zu lesen. Füge nur den Post ein, kein ganzes Dokument.',
  },
  bad_option: {
    en: 'Discord sent the option “{{name}}” in a form I can’t read. Run the command again; if it keeps happening, update Discord.',
    de: 'Discord hat die Option „{{name}}“ in einer Form geschickt, die ich nicht lesen kann. Führe den Befehl noch einmal aus; passiert es wieder, aktualisiere Discord.',
  },
  unknown_platform: {
    en: 'I don’t know the platform “{{value}}”. Use facebook or twitter (x also works).',
    de: 'Die Plattform „{{value}}“ kenne ich nicht. Nutze facebook oder twitter (x geht auch).',
  },
  unknown_language: {
    en: 'I don’t know the language “{{value}}”. Use auto, en or de.',
    de: 'Die Sprache „{{value}}“ kenne ich nicht. Nutze auto, en oder de.',
  },
  unknown_finding: {
    en: 'There is no finding “{{value}}”. Try one of: {{suggestions}}.',
    de: 'Einen Befund „{{value}}“ gibt es nicht. Versuch es mit: {{suggestions}}.',
  },
  cooldown: {
    en: 'You’re going fast. Try again in {{seconds}} s.',
    de: 'Du bist schnell unterwegs. Versuch es in {{seconds}} s noch einmal.',
  },
  busy: {
    en: 'I’m busy with a rush of posts right now, so I didn’t score this one. Try again in {{seconds}} s.',
    de: 'Gerade kommen sehr viele Posts auf einmal, deshalb habe ich diesen nicht bewertet. Versuch es in {{seconds}} s noch einmal.',
  },
  llm_disabled: {
    en: 'Rewrites need a language model. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) and restart; the rule-based suggestions work without it.',
    de: 'Umschreiben braucht ein Sprachmodell. Setze OPENAI_API_KEY (und OPENAI_BASE_URL für einen kompatiblen Server) und starte neu; die Regel-Vorschläge funktionieren auch ohne.',
  },
  llm_not_configured: {
    en: 'Rewrites need a language model. Set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server) and run the command again; `fanpage-advisor score` gives the rule-based suggestions without one.',
    de: 'Umschreiben braucht ein Sprachmodell. Setze OPENAI_API_KEY (und OPENAI_BASE_URL für einen kompatiblen Server) und führe den Befehl noch einmal aus; `fanpage-advisor score` liefert die Regel-Vorschläge auch ohne.',
  },
  llm_unavailable: {
    en: 'The language model could not help this time ({{reason}}). Your score still stands; here are the rule-based suggestions.',
    de: 'Das Sprachmodell konnte diesmal nicht helfen ({{reason}}). Deine Bewertung gilt weiter; hier sind die Regel-Vorschläge.',
  },
  llm_budget: {
    en: 'This server has used today’s {{budget}} rewrites. They reset at midnight UTC; the rule-based suggestions still work.',
    de: 'Dieser Server hat die {{budget}} Umschreibungen für heute verbraucht. Sie gelten ab Mitternacht UTC wieder; die Regel-Vorschläge funktionieren weiter.',
  },
  tips_no_permission: {
    en: 'Only members with Manage Server can change the tip schedule. Ask a server admin.',
    de: 'Nur Mitglieder mit „Server verwalten“ können den Tipp-Plan ändern. Frag eine Server-Admin.',
  },
  tips_bad_time: {
    en: '“{{value}}” is not a time. Use 24-hour HH:MM, e.g. 09:00.',
    de: '„{{value}}“ ist keine Uhrzeit. Nutze HH:MM im 24-Stunden-Format, z. B. 09:00.',
  },
  tips_bad_timezone: {
    en: '“{{value}}” is not a time zone I know. Pick one from the list, e.g. Europe/Berlin.',
    de: '„{{value}}“ ist keine bekannte Zeitzone. Wähle eine aus der Liste, z. B. Europe/Berlin.',
  },
  tips_bad_days: {
    en: '“{{value}}” are not days I understand. Use e.g. daily, mon-fri or mon,wed,fri.',
    de: '„{{value}}“ verstehe ich nicht als Tage. Nutze z. B. daily, mo-fr oder mo,mi,fr.',
  },
  tips_not_set: {
    en: 'Daily tips are not set up here yet. Run /tips set to choose a channel and time.',
    de: 'Tägliche Tipps sind hier noch nicht eingerichtet. Nutze /tips set für Kanal und Uhrzeit.',
  },
  tips_already_posted: {
    en: 'Today’s tip is already posted. The next one comes {{when}}.',
    de: 'Der Tipp für heute ist schon gepostet. Der nächste kommt {{when}}.',
  },
  tips_channel_access: {
    en: 'I can’t post in {{channel}}: missing permission {{missing}}. Grant it to my role, or pick another channel.',
    de: 'Ich kann in {{channel}} nicht posten: Es fehlt die Berechtigung {{missing}}. Gib sie meiner Rolle oder wähle einen anderen Kanal.',
  },
  guild_only: {
    en: 'This works only in a server, not in direct messages.',
    de: 'Das geht nur auf einem Server, nicht in Direktnachrichten.',
  },
  not_allowed: {
    en: 'You can’t do that here.',
    de: 'Das darfst du hier nicht.',
  },
  empty_question: {
    en: 'That question is empty. Ask something like “what do fans want most?”.',
    de: 'Die Frage ist leer. Frag zum Beispiel „Was wollen Fans am meisten?“.',
  },
  question_too_long: {
    en: 'That question has {{chars}} characters; keep it under {{max}}.',
    de: 'Die Frage hat {{chars}} Zeichen; bleib unter {{max}}.',
  },
  audit_no_permission: {
    en: 'Only members with Manage Server can run audits. Ask a server admin.',
    de: 'Nur Mitglieder mit „Server verwalten“ können Audits starten. Frag eine Server-Admin.',
  },
  audit_no_permission_role: {
    en: 'Only members with Manage Server or the role “{{role}}” can run audits. Ask a server admin.',
    de: 'Nur Mitglieder mit „Server verwalten“ oder der Rolle „{{role}}“ können Audits starten. Frag eine Server-Admin.',
  },
  audit_too_big: {
    en: 'That file has {{size}} MB; I read exports up to {{max}} MB. Export a shorter period (e.g. 6 months) and try again.',
    de: 'Die Datei hat {{size}} MB; ich lese Exporte bis {{max}} MB. Exportiere einen kürzeren Zeitraum (z. B. 6 Monate) und versuch es noch einmal.',
  },
  audit_download: {
    en: 'I could not download that file from Discord. Upload it again in a moment.',
    de: 'Ich konnte die Datei nicht von Discord laden. Lade sie gleich noch einmal hoch.',
  },
  audit_empty: {
    en: 'That file is empty. Upload the CSV export of your posts from Meta Business Suite or X analytics.',
    de: 'Die Datei ist leer. Lade den CSV-Export deiner Posts aus der Meta Business Suite oder X Analytics hoch.',
  },
  audit_binary: {
    en: 'That file is not text (a spreadsheet?). Export or save it as CSV and upload that.',
    de: 'Die Datei ist kein Text (eine Tabelle?). Exportiere oder speichere sie als CSV und lade die hoch.',
  },
  audit_unknown_format: {
    en: 'I don’t recognise this export. Columns found: {{found}}. I need a post text column (Description/Title for Meta, Post text for X) and engagement columns (Reactions, Comments, Shares or Likes, or Engagements) with Reach or Impressions.',
    de: 'Diesen Export erkenne ich nicht. Gefundene Spalten: {{found}}. Ich brauche eine Spalte mit dem Posttext (Beschreibung/Titel bei Meta, Post text bei X) und Engagement-Spalten (Reaktionen, Kommentare, Geteilte Inhalte oder Likes, oder Engagements) mit Reichweite oder Impressionen.',
  },
  audit_no_posts: {
    en: 'No post in that file could be read ({{skipped}} rows skipped, first: {{first}}). Check that it is the posts export, not a summary.',
    de: 'Kein Post in der Datei ließ sich lesen ({{skipped}} Zeilen übersprungen, erste: {{first}}). Prüfe, ob es der Post-Export ist und keine Zusammenfassung.',
  },
  audit_none_yet: {
    en: 'This server has no audit yet. Run /audit upload with your posts export (CSV from Meta Business Suite or X analytics).',
    de: 'Dieser Server hat noch kein Audit. Nutze /audit hochladen mit dem Export deiner Posts (CSV aus Meta Business Suite oder X Analytics).',
  },
  unknown_category: {
    en: 'There is no category “{{value}}”. Did you mean {{nearest}}? The categories are: {{all}}.',
    de: 'Eine Kategorie „{{value}}“ gibt es nicht. Meintest du {{nearest}}? Die Kategorien sind: {{all}}.',
  },
  unknown_rule: {
    en: 'There is no rule “{{value}}”. Did you mean {{nearest}}? Start typing in the rule option and pick one from the list.',
    de: 'Eine Regel „{{value}}“ gibt es nicht. Meintest du {{nearest}}? Tippe im Feld „regel“ los und wähle eine aus der Liste.',
  },
  rule_not_ignored: {
    en: 'This server doesn’t ignore “{{value}}”. /rules list shows the rules it ignores.',
    de: 'Dieser Server ignoriert „{{value}}“ nicht. /regeln liste zeigt die ignorierten Regeln.',
  },
  rules_no_permission: {
    en: 'Only members with Manage Server can change which rules this server ignores. Ask a server admin.',
    de: 'Nur Mitglieder mit „Server verwalten“ können ändern, welche Regeln dieser Server ignoriert. Frag eine Server-Admin.',
  },
  no_post_yet: {
    en: 'There is no post to correct yet. Score a post first, then say what it got wrong.',
    de: 'Es gibt noch keinen Post zum Korrigieren. Bewerte zuerst einen Post, dann sag, was falsch erkannt wurde.',
  },
  no_settings_store: {
    en: 'This bot runs without a database, so it can’t keep a server’s rule list. Ask the bot’s operator to give it a DATA_DIR.',
    de: 'Dieser Bot läuft ohne Datenbank und kann daher keine Regel-Liste pro Server speichern. Bitte den Betreiber des Bots, DATA_DIR einzurichten.',
  },
};

const notes: Texts<NoteId> = {
  other_language: {
    en: 'This post is not in English or German. Checked: deals, contests, ways to buy, privacy asks, spam, tracking links and the platform limits (in French, Spanish, Italian and Dutch the other categories it offers are named too, except company news, events and community). Not checked: the other content rules, which cover English and German only.',
    de: 'Dieser Post ist weder Englisch noch Deutsch. Geprüft: Angebote, Gewinnspiele, Kaufmöglichkeiten, Fragen nach persönlichen Daten, Spam, Tracking-Links und die Plattform-Grenzen (auf Französisch, Spanisch, Italienisch und Niederländisch werden auch die übrigen Kategorien genannt, außer Firmennews, Events und Community). Nicht geprüft: die übrigen Inhaltsregeln, die nur für Englisch und Deutsch gelten.',
  },
  no_words: {
    en: 'The post has no words (emoji or symbols only), so there is little to judge.',
    de: 'Der Post enthält keine Wörter (nur Emoji oder Symbole), daher gibt es wenig zu bewerten.',
  },
  hidden_characters: {
    en: 'Invisible or control characters were removed before scoring.',
    de: 'Unsichtbare Zeichen oder Steuerzeichen wurden vor der Bewertung entfernt.',
  },
  risk_other_platform: {
    en: 'Asking for likes, shares or retweets is not counted as engagement bait here: the penalty rests on a Facebook ranking note (eng-fb-bait), while on X asking for a retweet raised retweets (eng-tw-rt-word, partly verified). The evidence differs by platform.',
    de: 'Die Bitte um Likes, Shares oder Retweets zählt hier nicht als Interaktions-Bettelei: Der Abzug stützt sich auf eine Ranking-Notiz von Facebook (eng-fb-bait), auf X dagegen steigerte die Bitte um Retweets die Retweets (eng-tw-rt-word, teilweise belegt). Die Belege unterscheiden sich je nach Plattform.',
  },
  language_guessed: {
    en: 'Language guessed from few words; set it explicitly if this is wrong.',
    de: 'Sprache aus wenigen Wörtern geraten; gib sie an, falls das falsch ist.',
  },
};

/** The sentence a user sees for a UserError, in their language. */
export function userMessage(err: UserError, lang: Lang): string {
  return render(errors[err.code][lang], err.vars);
}

export function noteText(id: NoteId, lang: Lang): string {
  return notes[id][lang];
}

/** "Something went wrong on our side" with the id that also appears in the operator's log. */
export function unexpectedMessage(errorId: string, lang: Lang): string {
  return lang === 'de'
    ? `Da ist bei uns etwas schiefgelaufen – Fehler-ID ${errorId}. Versuch es gleich noch einmal.`
    : `Something went wrong on our side – error id ${errorId}. Please try again in a moment.`;
}

export function formatVars(template: string, vars: Vars): string {
  return render(template, vars);
}

// The {{reason}} of llm_unavailable, per LlmError kind (src/app/ports.ts).
const llmReasons: Texts<'timeout' | 'rate_limited' | 'server' | 'bad_answer' | 'auth' | 'network'> = {
  timeout: { en: 'it timed out', de: 'Zeitüberschreitung' },
  rate_limited: { en: 'it is rate-limited right now', de: 'es ist gerade ausgelastet' },
  server: { en: 'server error', de: 'Serverfehler' },
  bad_answer: { en: 'its answer was unusable', de: 'die Antwort war unbrauchbar' },
  auth: { en: 'it rejected our credentials', de: 'es hat unsere Zugangsdaten abgelehnt' },
  network: { en: 'it could not be reached', de: 'es war nicht erreichbar' },
};

/** A short reason for llm_unavailable, in the user's language. */
export function llmReason(kind: keyof typeof llmReasons, lang: Lang): string {
  return llmReasons[kind][lang];
}

/** The band names every front end shows: one table, so the CLI and Discord say the same. */
const BAND_NAMES: Record<Lang, Record<Band, string>> = {
  en: { strong: 'strong', ok: 'ok', weak: 'weak' },
  de: { strong: 'stark', ok: 'okay', weak: 'schwach' },
};

export function bandName(band: Band, lang: Lang): string {
  return BAND_NAMES[lang][band];
}

/** The kinds of post (core/post-kind.ts) as every front end names them. */
const KIND_TITLES: Record<Lang, Record<PostKind, string>> = {
  en: { reply: 'a reply to a customer', service: 'a service notice', marketing: 'a marketing post' },
  de: { reply: 'Antwort an einen Kunden', service: 'Service-Hinweis', marketing: 'Marketing-Post' },
};

export function kindTitle(kind: PostKind, lang: Lang): string {
  return KIND_TITLES[lang][kind];
}
