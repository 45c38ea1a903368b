import { parseLang, parsePlatform, type Lang, type Platform } from '../../core/post.ts';
import { parseKind, type PostKind } from '../../core/post-kind.ts';
import type { AppConfig } from '../config.ts';
import { readAll, UsageError, type Io } from './io.ts';

export function platformOption(value: string | undefined, fallback: Platform): Platform {
  if (value === undefined) return fallback;
  const p = parsePlatform(value);
  if (!p) throw new UsageError(`--platform must be facebook, twitter or x, not "${value}"`);
  return p;
}

export function kindOption(value: string | undefined): PostKind | undefined {
  if (value === undefined) return undefined;
  const k = parseKind(value);
  if (!k) throw new UsageError(`--kind must be auto, reply, service or marketing, not "${value}"`);
  return k === 'auto' ? undefined : k;
}

export function langOption(value: string | undefined, fallback: Lang | 'auto', name: string): Lang | 'auto' {
  if (value === undefined) return fallback;
  const l = parseLang(value);
  if (!l) throw new UsageError(`${name} must be auto, en or de, not "${value}"`);
  return l;
}

/** Options shared by the commands that take a post: where it goes, its language, the answer's language. */
export const POST_OPTIONS = {
  platform: { type: 'string', short: 'p' },
  lang: { type: 'string', short: 'l' },
  'reply-lang': { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

export interface PostOptions {
  platform: Platform;
  lang: Lang | 'auto';
  replyLang: Lang | undefined;
}

export function postOptions(values: { platform?: string; lang?: string; 'reply-lang'?: string }, config: AppConfig): PostOptions {
  const reply = langOption(values['reply-lang'], 'auto', '--reply-lang');
  return {
    platform: platformOption(values.platform, config.settings.engine.default_platform),
    lang: langOption(values.lang, config.settings.engine.default_language, '--lang'),
    replyLang: reply === 'auto' ? undefined : reply,
  };
}

export function useColor(values: { 'no-color'?: boolean }, io: Io): boolean {
  return !values['no-color'] && io.stdout.isTTY === true && !io.env.NO_COLOR;
}

/** The post from the arguments, or from stdin when it is piped; a usage error when neither. */
export async function postText(positionals: readonly string[], io: Io, example: string): Promise<string> {
  if (positionals.length === 0 && io.stdin.isTTY) throw new UsageError(`give the post as an argument or pipe it on stdin, e.g. ${example}`);
  return positionals.length > 0 ? positionals.join(' ') : readAll(io.stdin);
}
