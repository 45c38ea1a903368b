// "Not right?" under a score: the form that marks categories wrong or missing, and the line
// above the re-scored reply.
import { ComponentType, type APIModalInteractionResponseCallbackData } from 'discord.js';
import { CategoryId } from '../../../core/category.ts';
import type { Report } from '../../../core/engine.ts';
import type { Lang } from '../../../core/post.ts';
import { truncate } from './format.ts';

export interface CorrectionText {
  formTitle: string;
  wrongLabel: string;
  wrongHint: string;
  missingLabel: string;
  missingHint: string;
  shareLabel: string;
  shareHint: string;
  rescored(shared: boolean, effect: string): string;
  /** The corrections in effect: "Not in the post: …; in the post: …". */
  inEffect(wrong: string[], missing: string[]): string;
  nothingChanged: string;
}

const texts: Record<Lang, CorrectionText> = {
  en: {
    formTitle: 'What did the score get wrong?',
    wrongLabel: 'Found, but not in the post',
    wrongHint: 'Pick what this post does not offer.',
    missingLabel: 'In the post, but missed',
    missingHint: 'Pick what this post offers that the score missed.',
    shareLabel: 'Share this post to improve detection',
    shareHint: 'Keeps the post’s text with your correction as training data. Unticked: only the categories are kept.',
    rescored: (shared, effect) => `Re-scored with your correction${effect ? ` (${effect})` : ''}. Thanks${shared ? ' for sharing the post: it helps detection learn' : ' – only the categories were kept, not the text'}.`,
    nothingChanged: 'Nothing to change: pick a category in one of the lists. Here is the score as it stands.',
    inEffect: (wrong, missing) => [wrong.length > 0 ? `not in the post: ${wrong.join(', ')}` : '', missing.length > 0 ? `in the post: ${missing.join(', ')}` : ''].filter(Boolean).join('; '),
  },
  de: {
    formTitle: 'Was hat die Bewertung falsch erkannt?',
    wrongLabel: 'Erkannt, aber nicht im Post',
    wrongHint: 'Wähle, was dieser Post nicht bietet.',
    missingLabel: 'Im Post, aber übersehen',
    missingHint: 'Wähle, was dieser Post bietet und übersehen wurde.',
    shareLabel: 'Post teilen, um die Erkennung zu verbessern',
    shareHint: 'Speichert den Text des Posts mit deiner Korrektur als Trainingsdaten. Ohne Haken werden nur die Kategorien gespeichert.',
    rescored: (shared, effect) => `Neu bewertet mit deiner Korrektur${effect ? ` (${effect})` : ''}. Danke${shared ? ' fürs Teilen des Posts: Das hilft der Erkennung beim Lernen' : ' – gespeichert wurden nur die Kategorien, nicht der Text'}.`,
    nothingChanged: 'Nichts zu ändern: Wähle in einer der Listen eine Kategorie. Hier die Bewertung, wie sie ist.',
    inEffect: (wrong, missing) => [wrong.length > 0 ? `nicht im Post: ${wrong.join(', ')}` : '', missing.length > 0 ? `im Post: ${missing.join(', ')}` : ''].filter(Boolean).join('; '),
  },
};

export function correctionText(lang: Lang): CorrectionText {
  return texts[lang];
}

/** A category's name in the UI language, as the rule book titles it. */
export type CategoryTitles = (id: CategoryId, lang: Lang) => string;

/** The line above a re-scored reply: thanks, and the corrections now in effect on this post. */
export function renderRescored(corrections: { wrong: readonly CategoryId[]; missing: readonly CategoryId[] }, shared: boolean, title: CategoryTitles, lang: Lang): string {
  const t = texts[lang];
  const names = (ids: readonly CategoryId[]) => ids.map((id) => title(id, lang));
  const effect = t.inEffect(names(corrections.wrong), names(corrections.missing));
  return truncate(t.rescored(shared, effect), 2000);
}

function select(customId: string, ids: readonly CategoryId[], title: CategoryTitles, lang: Lang) {
  return {
    type: ComponentType.StringSelect as const,
    custom_id: customId,
    required: false,
    min_values: 0,
    max_values: ids.length,
    options: ids.map((id) => ({ label: truncate(title(id, lang), 100), value: id, description: id })),
  };
}

/**
 * The "Not right?" form for one scored post (`fix:<ref>`): what was found, to mark wrong; what
 * was not, to mark missing; and the share checkbox, off by default.
 */
export function renderCorrectionForm(ref: string, report: Pick<Report, 'categories'>, title: CategoryTitles, lang: Lang): APIModalInteractionResponseCallbackData {
  const t = texts[lang];
  const found = CategoryId.options.filter((id) => report.categories.includes(id));
  const notFound = CategoryId.options.filter((id) => !report.categories.includes(id));
  const components: APIModalInteractionResponseCallbackData['components'] = [];
  // why: a select needs at least one option; a list with nothing in it is left out
  if (found.length > 0) components.push({ type: ComponentType.Label, label: t.wrongLabel, description: t.wrongHint, component: select('wrong', found, title, lang) });
  if (notFound.length > 0) components.push({ type: ComponentType.Label, label: t.missingLabel, description: t.missingHint, component: select('missing', notFound, title, lang) });
  components.push({ type: ComponentType.Label, label: t.shareLabel, description: truncate(t.shareHint, 100), component: { type: ComponentType.Checkbox, custom_id: 'share' } });
  return { custom_id: `fix:${ref}`, title: truncate(t.formTitle, 45), components };
}
