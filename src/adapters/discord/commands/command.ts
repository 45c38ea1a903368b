import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { DailyTips } from '../../../app/daily-tips.ts';
import type { LlmLimits } from '../../../app/llm-limits.ts';
import type { Rewriter } from '../../../app/ports.ts';
import type { Advisor } from '../../../core/engine.ts';
import type { Lang, Platform } from '../../../core/post.ts';
import type { Logger } from '../../log.ts';
import type { PostCache } from '../post-cache.ts';

/** What every handler may use; built once by bot.ts. */
export interface BotContext {
  advisor: Advisor;
  posts: PostCache;
  /** `variants`: rewritten versions asked of the model per request (config `llm.variants`). */
  defaults: { platform: Platform; lang: Lang | 'auto'; variants: number };
  /** The language model, when one is configured: score replies then carry a Rewrite button. */
  rewriter?: Rewriter;
  /** Per-server daily budget and per-user cooldown for model requests (config `llm.*`). */
  llmLimits?: LlmLimits;
  /** Daily tips of every server; absent when the bot runs without a database (some tests). */
  tips?: DailyTips;
  /** The current time, injected so tests can move it; defaults to the system clock. */
  clock?: () => Date;
  log: Logger;
}

/** One interaction's view: the shared context plus the user's UI language. */
export interface CallContext extends BotContext {
  lang: Lang;
}

interface Definition {
  name: string;
  toJSON(): RESTPostAPIApplicationCommandsJSONBody;
}

export interface SlashCommand {
  data: Definition;
  /** True when this call scores a post and so counts against the user's cooldown. */
  cooldown?: (interaction: ChatInputCommandInteraction) => boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: CallContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: CallContext): Promise<void>;
}

export interface MessageCommand {
  data: Definition;
  cooldown?: (interaction: MessageContextMenuCommandInteraction) => boolean;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CallContext): Promise<void>;
}

/** A button, keyed by the customId prefix before the first ":"; `args` are the parts after it. */
export interface Button {
  prefix: string;
  cooldown?: boolean;
  execute(interaction: ButtonInteraction, ctx: CallContext, args: string[]): Promise<void>;
}

export interface Modal {
  prefix: string;
  cooldown?: boolean;
  execute(interaction: ModalSubmitInteraction, ctx: CallContext, args: string[]): Promise<void>;
}
