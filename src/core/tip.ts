import { z } from 'zod';

const Bilingual = z.strictObject({ en: z.string().min(1), de: z.string().min(1) });

/**
 * One daily tip. `finding` cites an id in rules/findings/findings.yml; `topics` names the content
 * categories or rule ids the tip teaches, so a server whose recent posts keep missing a topic
 * gets the tips about it first.
 */
export const TipSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  finding: z.string().min(1),
  topics: z.array(z.string().min(1)).default([]),
  text: Bilingual,
});
export type Tip = z.infer<typeof TipSchema>;

export const TipsFileSchema = z.strictObject({ tips: z.array(TipSchema).min(1) });
