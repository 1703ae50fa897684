import { describe, expect, it } from 'vitest';
import { redisSpec } from '../../src/cli/vault-spec.js';

describe('--vault redis://…?prefix=', () => {
  it.each([
    ['redis://127.0.0.1:6379', { url: 'redis://127.0.0.1:6379' }],
    ['redis://127.0.0.1:6379/2?prefix=team-a:', { url: 'redis://127.0.0.1:6379/2', prefix: 'team-a:' }],
    ['rediss://u:p@h:1/0?prefix=prod:&family=6', { url: 'rediss://u:p@h:1/0?family=6', prefix: 'prod:' }],
  ])('%s', (spec, want) => {
    expect(redisSpec(spec)).toEqual(want);
  });

  it.each(['redis://h:1?prefix=', 'redis://h:1?prefix=a%20b', 'redis://h:1?prefix=' + 'x'.repeat(65)])('refuses %s', (spec) => {
    expect(() => redisSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});
