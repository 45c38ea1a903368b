// The export formats an audit recognises, as data: which columns identify a format and which
// hold the post's id, text, date and the numbers of its engagement rate. Columns are matched by
// normalised name (case, spaces, punctuation ignored) against English and German aliases, so a
// reordered, extended or translated export still matches; never by the exact header line.
import type { ExportFormat } from '../../core/audit/result.ts';
import type { Platform } from '../../core/post.ts';

/** One logical column: the names it goes by in English and German exports. */
export type Column = readonly string[];

export interface FormatSpec {
  format: ExportFormat;
  platform: Platform;
  /** Every one of these must be present for the format to match. */
  signature: readonly Column[];
  id: Column;
  /** Where the post text is, in order: the first non-empty one is used. */
  text: readonly Column[];
  /** Where the publishing date is, in order: the first that holds a date is used. */
  date: readonly Column[];
  /** Ways to count engagement, best first: the first whose columns all exist is used (their sum). */
  numerator: readonly (readonly Column[])[];
  /** What the engagement is divided by, best first: reach where the export has it. */
  denominator: readonly Column[];
}

// Meta Business Suite (Facebook and Instagram posts). The English names are those of real exports
// (see the issue and test/fixtures/audit). Meta translates the header into the interface's
// language: the Dutch names are those of a real Dutch Facebook export (a public repository's
// January 2026 file; its header line is in test/fixtures/audit/meta-facebook-nl.csv). The German
// ones are Meta's German interface terms for the same figures; no public German export could be
// found to confirm the exact headers (searched 2026-12-07, twice: documentation, help pages, issue
// threads, code), so each lists the likely variants.
const POST_ID: Column = ['post id', 'beitrags-id', 'beitrags id', 'beitragsid', 'bericht-id'];
const PAGE_ID: Column = ['page id', 'seiten-id', 'seiten id', 'seitenid', 'pagina-id'];
const ACCOUNT_ID: Column = ['account id', 'konto-id', 'konto id', 'kontoid', 'account username', 'kontoname', 'konto-benutzername', 'kontobenutzername', 'benutzername'];
const DESCRIPTION: Column = ['description', 'beschreibung', 'message', 'nachricht', 'beitragstext', 'beitragsbeschreibung', 'omschrijving'];
const TITLE: Column = ['title', 'titel'];
const PUBLISH_TIME: Column = ['publish time', 'veröffentlichungszeitpunkt', 'veröffentlichungszeit', 'veröffentlichungsdatum', 'zeitpunkt der veröffentlichung', 'veröffentlicht', 'created time', 'publicatietijdstip'];
const DATE: Column = ['date', 'datum'];
const REACH: Column = ['reach', 'reichweite', 'beitragsreichweite', 'reichweite des beitrags', 'bereik'];
const VIEWS: Column = ['views', 'aufrufe', 'ansichten', 'weergaven'];
const IMPRESSIONS: Column = ['impressions', 'impressionen'];
const REACTIONS: Column = ['reactions', 'reaktionen', 'reacties'];
const COMMENTS: Column = ['comments', 'kommentare', 'opmerkingen'];
const SHARES: Column = ['shares', 'geteilte inhalte', 'mal geteilt', 'geteilt', 'teilen', 'teilungen', 'deelacties'];
const TOTAL_CLICKS: Column = ['total clicks', 'klicks insgesamt', 'klicks gesamt', 'totaal aantal klikken'];
const RCS: Column = ['reactions, comments and shares', 'reaktionen, kommentare und geteilte inhalte', 'reaktionen, kommentare und teilen', 'reacties, opmerkingen en deelacties'];
const LIKES: Column = ['likes', 'gefällt mir', 'gefällt mir-angaben', 'gefällt-mir-angaben', 'favorites', 'favoriten'];
const SAVES: Column = ['saves', 'gespeichert', 'speicherungen'];

// X (Twitter) analytics
const X_POST_ID: Column = ['post id', 'beitrags-id'];
const X_POST_TEXT: Column = ['post text', 'beitragstext'];
const X_DATE: Column = ['date', 'datum'];
const ENGAGEMENTS: Column = ['engagements', 'interaktionen'];
const REPLIES: Column = ['replies', 'antworten'];
const REPOSTS: Column = ['reposts', 'retweets', 'reposts/retweets'];
const TWEET_ID: Column = ['tweet id', 'tweet-id'];
const TWEET_TEXT: Column = ['tweet text', 'tweet-text'];
const TIME: Column = ['time', 'zeit'];

export const FORMATS: readonly FormatSpec[] = [
  {
    format: 'x-activity',
    platform: 'twitter',
    signature: [TWEET_ID, TWEET_TEXT],
    id: TWEET_ID,
    text: [TWEET_TEXT],
    date: [TIME],
    numerator: [[ENGAGEMENTS], [REPOSTS, REPLIES, LIKES]],
    denominator: [IMPRESSIONS],
  },
  {
    format: 'x-content',
    platform: 'twitter',
    signature: [X_POST_ID, X_POST_TEXT],
    id: X_POST_ID,
    text: [X_POST_TEXT],
    date: [X_DATE],
    numerator: [[ENGAGEMENTS], [LIKES, REPLIES, REPOSTS]],
    denominator: [IMPRESSIONS, VIEWS],
  },
  {
    format: 'meta-instagram',
    platform: 'facebook',
    signature: [POST_ID, ACCOUNT_ID, DESCRIPTION],
    id: POST_ID,
    text: [DESCRIPTION],
    date: [PUBLISH_TIME, DATE],
    numerator: [[LIKES, COMMENTS, SHARES, SAVES], [LIKES, COMMENTS, SHARES], [LIKES, COMMENTS]],
    denominator: [REACH, VIEWS, IMPRESSIONS],
  },
  {
    format: 'meta-facebook',
    platform: 'facebook',
    signature: [POST_ID, PAGE_ID],
    id: POST_ID,
    text: [DESCRIPTION, TITLE],
    date: [PUBLISH_TIME, DATE],
    numerator: [[REACTIONS, COMMENTS, SHARES, TOTAL_CLICKS], [REACTIONS, COMMENTS, SHARES], [RCS, TOTAL_CLICKS], [RCS]],
    denominator: [REACH, IMPRESSIONS, VIEWS],
  },
];

/** Columns a generic CSV or JSONL may use when no --text-column / --metric-column is given. */
export const GENERIC = {
  id: ['id', 'post id', 'post_id', 'postid', 'tweet id', 'beitrags-id'],
  text: ['text', 'message', 'post', 'content', 'caption', 'post text', 'body', 'nachricht', 'beitrag', 'beschreibung', 'description'],
  date: ['date', 'time', 'created_at', 'created at', 'published', 'publish time', 'timestamp', 'datum', 'zeit'],
  metrics: ['engagements', 'engagement', 'interactions', 'interaktionen', 'likes', 'reactions', 'reaktionen', 'comments', 'kommentare', 'shares', 'retweets', 'reposts', 'replies', 'antworten', 'saves'],
  denominator: ['reach', 'reichweite', 'impressions', 'impressionen', 'views', 'aufrufe'],
} as const;

/** "Post ID" , "post_id", " POST-ID " → comparable keys; German letters kept. */
export function normalise(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*\(.*\)$/, '')
    .trim();
}
