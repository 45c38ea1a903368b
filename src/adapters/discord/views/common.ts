// Texts more than one view uses: the score line, a suggestion's points and evidence labels, and
// the short notices for expired buttons and unknown commands.
import type { Lang } from '../../../core/post.ts';

export interface CommonText {
  scoreTitle(score: number, band: string): string;
  points(gain: number): string;
  partlyVerified: string;
  unverified: string;
  noSuggestions: string;
  expired: string;
  noSuggestionsLeft: string;
  /** Footer of a failed model call: the id the operator finds in the log. */
  errorRef(errorId: string): string;
  unknownCommand: string;
}

const commonTexts: Record<Lang, CommonText> = {
  en: {
    scoreTitle: (score, band) => `Score ${score}/100 · ${band}`,
    points: (gain) => `+${gain} points`,
    partlyVerified: 'partly verified',
    unverified: 'unverified, not cited as fact',
    noSuggestions: 'Nothing to add: this post already gives fans what they come for.',
    expired: 'This score has expired – run /score again.',
    noSuggestionsLeft: 'No single change would raise the score.',
    errorRef: (id) => `Error id ${id}`,
    unknownCommand: 'I don’t know that command any more. Try /help.',
  },
  de: {
    scoreTitle: (score, band) => `Bewertung ${score}/100 · ${band}`,
    points: (gain) => `+${gain} Punkte`,
    partlyVerified: 'teilweise belegt',
    unverified: 'unbelegt, nicht als Tatsache zitiert',
    noSuggestions: 'Nichts zu ergänzen: Der Post bietet Fans schon, wofür sie kommen.',
    expired: 'Diese Bewertung ist abgelaufen – starte /score noch einmal.',
    noSuggestionsLeft: 'Keine einzelne Änderung würde die Bewertung erhöhen.',
    errorRef: (id) => `Fehler-ID ${id}`,
    unknownCommand: 'Diesen Befehl kenne ich nicht mehr. Versuch es mit /help.',
  },
};

export function commonText(lang: Lang): CommonText {
  return commonTexts[lang];
}
