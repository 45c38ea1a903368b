import { MessageFlags } from 'discord.js';
import { ignoredRulesOf } from '../../../app/corrections.ts';
import { scorePost } from '../../../app/score-post.ts';
import type { Advisor, Report } from '../../../core/engine.ts';
import type { Finding } from '../../../core/finding.ts';
import type { Button } from '../handler.ts';
import { NO_MENTIONS, notice } from '../views/format.ts';
import { renderWhy } from '../views/study.ts';
import { commonText } from '../views/common.ts';

/** The finding each fired rule rests on, then each suggestion's, without repeats. */
function findingsBehind(advisor: Advisor, report: Report): Finding[] {
  const ids = [
    ...report.findings.map((f) => advisor.rules.find((r) => r.id === f.id)?.findings[0]),
    ...report.suggestions.map((s) => s.evidence.finding),
  ];
  return [...new Set(ids)].map((id) => advisor.findings.get(id ?? '')).filter((f): f is Finding => f !== undefined);
}

/** "why:<ref>": the studies behind a score, privately, for whoever clicks. */
export const why = {
  prefix: 'why',
  async execute(interaction, ctx, [ref]) {
    const post = ctx.posts.get(ref ?? '');
    if (!post) {
      await interaction.reply(notice(commonText(ctx.lang).expired));
      return;
    }
    const report = scorePost(ctx.advisor, { ...post, replyLang: ctx.lang, ignoredRules: await ignoredRulesOf(ctx, interaction.guildId) });
    await interaction.reply({ embeds: [renderWhy(findingsBehind(ctx.advisor, report), ctx.lang)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Button;
