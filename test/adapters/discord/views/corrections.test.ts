import { describe, expect, it } from 'vitest';
import { renderCorrectionForm } from '../../../../src/adapters/discord/views/corrections.ts';
import { renderIgnoredList } from '../../../../src/adapters/discord/views/rules.ts';
import { CategoryId } from '../../../../src/core/category.ts';
import { validateModal } from '../../../fakes/discord/validation.ts';
import { realAdvisor } from '../../../support/advisor.ts';

const advisor = realAdvisor();
const title = (id: CategoryId, lang: 'en' | 'de') => advisor.categories.get(id)!.title[lang];

describe('the "Not right?" form', () => {
  it('leaves out a list with nothing in it, and stays within Discord’s limits in both languages', () => {
    for (const lang of ['en', 'de'] as const) {
      const none = renderCorrectionForm('r1', { categories: [] }, title, lang);
      expect(none.components.map((c) => ('component' in c ? c.component.custom_id : ''))).toEqual(['missing', 'share']);
      const all = renderCorrectionForm('r1', { categories: [...CategoryId.options] }, title, lang);
      expect(all.components.map((c) => ('component' in c ? c.component.custom_id : ''))).toEqual(['wrong', 'share']);
      const some = renderCorrectionForm('r1', { categories: ['discount'] }, title, lang);
      expect(some.components).toHaveLength(3);
      for (const form of [none, all, some]) expect(validateModal(form as never)).toBeNull();
    }
  });
});

describe('/rules list', () => {
  it('names each rule with its title, and a rule no longer in the rule book by its id', () => {
    const rule = advisor.rules.find((r) => r.id === 'offer.discount')!;
    const text = renderIgnoredList([{ id: 'offer.discount', rule }, { id: 'old.rule', rule: undefined }], 'de');
    expect(text).toContain(`**${rule.title.de}** (\`offer.discount\`)`);
    expect(text).toContain('`old.rule` (nicht mehr im Regelwerk)');
  });
});
