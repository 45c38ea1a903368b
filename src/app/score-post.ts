import { advise, type Advisor, type Report } from '../core/engine.ts';
import type { Lang, Platform } from '../core/post.ts';
import { UserError } from '../errors.ts';

/** Longest input we read; Facebook's own limit is 63,206, so this leaves room to say "too long". */
export const MAX_INPUT_CHARS = 100_000;

export interface ScoreRequest {
  text: string;
  platform: Platform;
  lang: Lang | 'auto';
  replyLang?: Lang;
  maxSuggestions?: number;
}

/** Checks a user's input and scores it; bad input becomes a UserError with a next step. */
export function scorePost(advisor: Advisor, req: ScoreRequest): Report {
  const text = req.text;
  if (text.trim() === '' || /^[\s\u200B-\u200D\u2060\uFEFF]*$/.test(text)) throw new UserError('empty_post');
  if (text.length > MAX_INPUT_CHARS) throw new UserError('too_long', { chars: text.length, max: MAX_INPUT_CHARS });
  // why: binary junk (a pasted file) is mostly control characters; real posts have almost none
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFD]/g)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.1) throw new UserError('not_text');
  return advise(advisor, { text, platform: req.platform, lang: req.lang }, { replyLang: req.replyLang, maxSuggestions: req.maxSuggestions });
}
