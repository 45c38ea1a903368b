import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions, deployCommands, sameCommands } from '../../../src/adapters/discord/deploy.ts';
import { DEFAULT_IDS, startFakeDiscord, type FakeDiscord } from '../../fakes/discord/index.ts';
import { messageCommands, slashCommands } from '../../../src/adapters/discord/commands/index.ts';

describe('command definitions', () => {
  const defs = commandDefinitions() as Array<Record<string, any>>;

  it('every command and option has a German name and, for slash commands, a description within 100 characters', () => {
    const named = (item: Record<string, any>, chat: boolean): void => {
      expect(item.name_localizations?.de).toBeTruthy();
      if (!chat) return;
      expect(item.description.length).toBeLessThanOrEqual(100);
      expect(item.description_localizations?.de?.length).toBeLessThanOrEqual(100);
      for (const option of item.options ?? []) named(option, true);
    };
    for (const c of defs) named(c, (c.type ?? 1) === 1);
  });

  it('compares equal to what Discord stores, whatever the order, and notices a change', () => {
    const stored: Array<Record<string, any>> = defs.map((c, i) => ({ ...c, id: String(i), application_id: '1', version: '1', nsfw: false, default_member_permissions: c.default_member_permissions ?? null })).reverse();
    expect(sameCommands(defs, stored)).toBe(true);
    const changed = stored.map((c) => (c.name === 'help' ? { ...c, description: 'Something else' } : c));
    expect(sameCommands(defs, changed)).toBe(false);
    expect(sameCommands(defs, stored.slice(1))).toBe(false);
  });
});

describe('deployCommands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('uses DISCORD_API_URL, finds the application from the token, and PUTs only on change', async () => {
    const first = await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: DEFAULT_IDS.guild });
    expect(first).toEqual({ scope: 'guild', count: slashCommands.length + messageCommands.length, changed: true });
    const again = await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: DEFAULT_IDS.guild });
    expect(again.changed).toBe(false);
    const forced = await deployCommands({ token: fake.token, apiUrl: fake.apiUrl, guildId: DEFAULT_IDS.guild, applicationId: fake.applicationId, force: true });
    expect(forced.changed).toBe(true);
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual([
      'GET /applications/@me',
      'GET /applications/:app/guilds/:guild/commands',
      'PUT /applications/:app/guilds/:guild/commands',
      'GET /applications/@me',
      'GET /applications/:app/guilds/:guild/commands',
      'PUT /applications/:app/guilds/:guild/commands',
    ]);
  });
});
