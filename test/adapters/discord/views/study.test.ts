import { describe, expect, it } from 'vitest';
import { STUDY_ROWS } from '../../../../src/adapters/discord/commands/study.ts';
import { LIMITS, notice } from '../../../../src/adapters/discord/views/format.ts';
import { renderHelp } from '../../../../src/adapters/discord/views/help.ts';
import { renderFinding, renderStudy, renderWhy } from '../../../../src/adapters/discord/views/study.ts';
import type { Finding } from '../../../../src/core/finding.ts';
import { realAdvisor } from '../../../support/advisor.ts';
import { expectWithinLimits } from '../../../support/embed-limits.ts';

const advisor = realAdvisor();

describe('evidence views', () => {
  const findings = [...advisor.findings.values()];

  it('Why? lists claim, both figures, source, year and caveat, within limits', () => {
    const deals = advisor.findings.get('pivot-deals')!;
    const embed = renderWhy([deals], 'en');
    const value = embed.fields?.[0]?.value ?? '';
    expect(value).toContain(deals.claim.en.slice(0, 40));
    expect(value).toContain('83%');
    expect(value).toContain('53%');
    expect(value).toContain('2012');
    expect(value).toContain(deals.caveat.en.slice(0, 40));
    expectWithinLimits(renderWhy(findings, 'en'));
    expectWithinLimits(renderWhy(findings, 'de'));
  });

  it('/explain marks partial findings and labels unverified ones instead of stating them', () => {
    const partial = findings.find((f) => f.verified === 'partial')!;
    expect(renderFinding(partial, 'en').title).toContain('partly verified');
    expect(renderFinding(partial, 'de').title).toContain('teilweise belegt');
    const unverified = findings.find((f) => f.verified === 'no') as Finding;
    expect(renderFinding(unverified, 'en').description).toMatch(/^\*\*Unverified/);
    for (const f of findings) expectWithinLimits(renderFinding(f, 'de'));
  });

  it('/study shows fans vs companies per study with year, in German too', () => {
    const rows = STUDY_ROWS.map((id) => advisor.findings.get(id)!);
    const en = renderStudy(rows, 'en');
    expect(en.fields?.map((f) => f.name)).toEqual(['IBM Institute for Business Value, 2011', 'Pivot Conference, 2012', 'CMO Council and Lithium, 2011']);
    expect(en.fields?.[0]?.value).toMatch(/Discounts\s+61%\s+60%/);
    const de = renderStudy(rows, 'de');
    expect(de.fields?.[0]?.value).toMatch(/Rabatte\s+61 %\s+60 %/);
    expect(de.fields?.[1]?.value).toContain('teilweise belegt');
    expectWithinLimits(en);
    expectWithinLimits(de);
  });

  it('help and notices fit', () => {
    expectWithinLimits(renderHelp('en'));
    expect(renderHelp('de').description).toContain('/score');
    expect(notice('x'.repeat(5_000)).content).toHaveLength(LIMITS.content);
    expect(notice('hi')).toMatchObject({ flags: 64, allowedMentions: { parse: [] } });
  });
});
