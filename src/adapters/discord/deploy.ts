import { REST, Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { messageCommands, slashCommands } from './commands/index.ts';

/** The JSON Discord stores for our commands, built from the command list in commands/index.ts. */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  return [...slashCommands, ...messageCommands].map((c) => c.data.toJSON());
}

export interface CommandTarget {
  applicationId: string;
  /** Register in this one server (instant, for development); otherwise globally. */
  guildId?: string;
}

export interface SyncResult {
  scope: 'global' | 'guild';
  count: number;
  /** False when Discord already had exactly these commands and nothing was sent. */
  changed: boolean;
}

type Json = Record<string, unknown>;

function sorted(map: unknown): Json {
  if (!map || typeof map !== 'object') return {};
  return Object.fromEntries(Object.entries(map as Json).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b)));
}

function option(o: Json): Json {
  return {
    type: o.type,
    name: o.name,
    name_localizations: sorted(o.name_localizations),
    description: o.description ?? '',
    description_localizations: sorted(o.description_localizations),
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: ((o.choices as Json[] | undefined) ?? []).map((c) => ({ name: c.name, name_localizations: sorted(c.name_localizations), value: c.value })),
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    options: ((o.options as Json[] | undefined) ?? []).map(option),
  };
}

/**
 * The fields we set, with Discord's defaults filled in on both sides, so a command Discord
 * returns compares equal to the one we would send.
 */
function canonical(c: Json): Json {
  const type = (c.type as number | undefined) ?? 1;
  const chat = type === 1;
  return {
    type,
    name: c.name,
    name_localizations: sorted(c.name_localizations),
    description: chat ? (c.description ?? '') : '',
    description_localizations: chat ? sorted(c.description_localizations) : {},
    options: chat ? ((c.options as Json[] | undefined) ?? []).map(option) : [],
    default_member_permissions: c.default_member_permissions ?? null,
    contexts: [...((c.contexts as number[] | null | undefined) ?? [])].sort(),
    integration_types: [...((c.integration_types as number[] | null | undefined) ?? [0])].sort(),
    nsfw: c.nsfw ?? false,
  };
}

/** True when Discord already holds exactly these commands (order does not matter). */
export function sameCommands(wanted: readonly unknown[], current: readonly unknown[]): boolean {
  if (wanted.length !== current.length) return false;
  const key = (c: Json) => `${c.type}:${String(c.name)}`;
  const norm = (list: readonly unknown[]) =>
    list
      .map((c) => canonical(c as Json))
      .sort((a, b) => key(a).localeCompare(key(b)))
      .map((c) => JSON.stringify(c));
  const a = norm(wanted);
  const b = norm(current);
  return a.every((s, i) => s === b[i]);
}

/** Registers the commands unless Discord already has them; one GET, and a bulk PUT only on change. */
export async function syncCommands(rest: REST, target: CommandTarget, { force = false } = {}): Promise<SyncResult> {
  const route = target.guildId ? Routes.applicationGuildCommands(target.applicationId, target.guildId) : Routes.applicationCommands(target.applicationId);
  const wanted = commandDefinitions();
  const changed = force || !sameCommands(wanted, (await rest.get(route)) as unknown[]);
  if (changed) await rest.put(route, { body: wanted });
  return { scope: target.guildId ? 'guild' : 'global', count: wanted.length, changed };
}

export interface DeployOptions {
  token: string;
  /** Found from the token's application when not given. */
  applicationId?: string;
  guildId?: string;
  /** Base URL of a Discord-compatible API (DISCORD_API_URL); discord.js appends /v10. */
  apiUrl?: string;
  /** PUT even when Discord already has the same commands. */
  force?: boolean;
}

/** The `commands:deploy` script: registers the commands without starting the bot. */
export async function deployCommands({ token, applicationId, guildId, apiUrl, force }: DeployOptions): Promise<SyncResult> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  try {
    const appId = applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    return await syncCommands(rest, { applicationId: appId, guildId }, { force });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
