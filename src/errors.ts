import type { Vars } from './core/template.ts';

/** Why a user's request cannot be served; each code has an en/de sentence in src/app/messages.ts. */
export type UserErrorCode =
  | 'empty_post'
  | 'too_long'
  | 'too_long_wide'
  | 'not_text'
  | 'not_utf8'
  | 'input_too_long'
  | 'bad_option'
  | 'unknown_platform'
  | 'unknown_language'
  | 'unknown_finding'
  | 'cooldown'
  | 'busy'
  | 'llm_disabled'
  | 'llm_not_configured'
  | 'llm_unavailable'
  | 'llm_budget'
  | 'tips_no_permission'
  | 'tips_bad_time'
  | 'tips_bad_timezone'
  | 'tips_bad_days'
  | 'tips_not_set'
  | 'tips_already_posted'
  | 'tips_channel_access'
  | 'guild_only'
  | 'not_allowed'
  | 'empty_question'
  | 'question_too_long'
  | 'audit_no_permission'
  | 'audit_no_permission_role'
  | 'audit_too_big'
  | 'audit_download'
  | 'audit_empty'
  | 'audit_binary'
  | 'audit_unknown_format'
  | 'audit_no_posts'
  | 'audit_none_yet'
  | 'unknown_category'
  | 'unknown_rule'
  | 'rule_not_ignored'
  | 'rules_no_permission'
  | 'no_post_yet'
  | 'no_settings_store';

/**
 * An error whose text is meant for the person who asked: one friendly sentence with a next step.
 * Only these ever reach a user verbatim; anything else becomes an apology with an error id.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    readonly vars: Vars = {},
  ) {
    super(code);
  }
}
