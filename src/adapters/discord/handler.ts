// The shapes of what the router dispatches to: slash and context-menu commands, buttons and forms.
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CallContext } from './context.ts';

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
