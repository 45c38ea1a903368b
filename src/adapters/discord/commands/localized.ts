import type { Lang } from '../../../core/post.ts';

/** A command's, subcommand's or option's name and description in every UI language (name ≤ 32, description ≤ 100). */
export interface CommandText {
  name: Record<Lang, string>;
  description?: Record<Lang, string>;
}

interface Named<T> {
  setName(name: string): T;
  setNameLocalizations(localizations: object): T;
}
interface Described<T> extends Named<T> {
  setDescription(description: string): T;
  setDescriptionLocalizations(localizations: object): T;
}

/**
 * Names (and describes) a command, subcommand or option in English with its German localisation,
 * so Discord shows each user their own language. Context-menu commands have a name only.
 */
export function localized<T extends Described<T>>(builder: T, text: Required<CommandText>): T;
export function localized<T extends Named<T>>(builder: T, text: CommandText): T;
export function localized<T extends Named<T>>(builder: T, text: CommandText): T {
  const named = builder.setName(text.name.en).setNameLocalizations({ de: text.name.de });
  if (!text.description) return named;
  const described = (named as unknown as Described<T>).setDescription(text.description.en) as unknown as Described<T>;
  return described.setDescriptionLocalizations({ de: text.description.de });
}
