import { describe, expect, it } from 'vitest';
import { signal } from '../../../src/core/checks/signal.ts';
import { context, found, measures, flipped as flip } from './measures.ts';

const link = (url: string, tracked: boolean, shortener = false) => ({ url, tracked, shortener });

describe('signal: holds when a risk or format signal is present', () => {
  it.each([
    ['a privacy ask', 'privacy_ask', { privacyAsk: found('privacy', 'your email address') }, { match: 'your email address' }],
    ['no privacy ask', 'privacy_ask', {}, null],
    ['an untracked full link', 'untracked_link', { links: [link('https://shop.example/a', false)] }, { url: 'https://shop.example/a' }],
    ['a tracked link', 'untracked_link', { links: [link('https://shop.example/a?utm_source=fb', true)] }, null],
    ['one tracked link among untracked ones', 'untracked_link', { links: [link('https://a.example', false), link('https://b.example?utm_source=x', true)] }, null],
    ['only a shortened link is not judged as untracked', 'untracked_link', { links: [link('https://bit.ly/x', false, true)] }, null],
    ['a shortened link', 'link_shortener', { links: [link('https://bit.ly/x', false, true)] }, { url: 'https://bit.ly/x' }],
    ['no shortened link', 'link_shortener', { links: [link('https://shop.example/a', false)] }, null],
  ] as const)('%s', (_, which, m, result) => {
    expect(signal.run(measures(m as never), { kind: 'signal', signal: which }, context())).toEqual(result);
  });

  it.each([
    ['privacy_ask', { privacyAsk: found('privacy', 'your phone number') }],
    ['untracked_link', { links: [link('https://shop.example/a', false)] }],
    ['link_shortener', { links: [link('https://bit.ly/x', false, true)] }],
  ] as const)('flip removes %s', (which, m) => {
    const p = { kind: 'signal', signal: which } as const;
    const before = measures(m as never);
    expect(signal.run(before, p, context())).not.toBeNull();
    expect(signal.run(flip(signal, before, p), p, context())).toBeNull();
  });
});
