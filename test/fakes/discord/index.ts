/** Fake Discord API + gateway for driving the real discord.js client in tests. */
export { startFakeDiscord } from './server.ts';
export type { FakeDiscord, FakeDiscordOptions, SentInteraction } from './server.ts';
export type { RecordedRequest, FailNextOptions, FaultRateOptions, DelayNextOptions } from './rest.ts';
export type { UploadedFile } from './http.ts';
export type { GatewayPayloadRecord, GatewayConnectionInfo } from './gateway.ts';
export { Intent, filterForIntents, shardOf } from './gateway.ts';
export { guildIdOnShard } from './ids.ts';
export type { StoredInteraction, InteractionResponseRecord, StoredCommand } from './state.ts';
export {
  ALL_PERMISSIONS,
  computePermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  DEFAULT_IDS,
  DEFAULT_USER,
  makeUser,
  OTHER_USER,
  Permission,
} from './fixtures.ts';
export type {
  ChannelData,
  Fixtures,
  GuildFixture,
  GuildOptions,
  InteractionPayload,
  JsonObject,
  MemberData,
  MessageData,
  UserData,
} from './fixtures.ts';
