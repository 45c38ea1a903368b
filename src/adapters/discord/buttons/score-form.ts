import type { Button } from '../handler.ts';
import { formFor } from '../commands/post-options.ts';

/** "score-modal": the "Score a post" button under a daily tip opens the /score form. */
export const scoreFormButton = {
  prefix: 'score-modal',
  async execute(interaction, ctx) {
    await interaction.showModal(formFor({ platform: ctx.defaults.platform, lang: ctx.defaults.lang, isPublic: false }, ctx.lang));
  },
} satisfies Button;
