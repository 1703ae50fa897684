// scrub → restore through the CLI gives the input back byte for byte, also where one value is written
// in two spellings (one token for the model, the spelling sheet for the restore: src/vault/spellings.ts).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, builtDist } from '../batch/built.js';
import { generateKey } from '../../src/vault/keys.js';
import { kavach, tempDir } from './run.js';

beforeAll(() => void builtDist(), BUILD_TIMEOUT);

describe('kavach scrub then kavach restore', () => {
  const input = [
    'Passenger KAIZAD DASTUR, mobile +91 92346 18849.',
    'Kaizad Dastur called again from 9234618849 about PAN ABCPE1234F.',
    'Note: Mr KAIZAD DASTUR, ph 92346-18849, wants a callback.',
  ].join('\n') + '\n';

  it.each(['text', 'jsonl'] as const)('%s: the same bytes back, one token per identity in between', async (format) => {
    const dir = tempDir();
    const env = { KAVACH_KEY: generateKey() };
    const vault = `sqlite:${join(dir, 'v.db')}`;
    const lines = format === 'jsonl' ? input.split('\n').filter(Boolean).map((l) => JSON.stringify({ text: l })).join('\n') + '\n' : input;
    const common = ['--vault', vault, '--session', 's1', '--format', format, '-q'];
    const scrubbed = await kavach(['scrub', '-', ...common], { input: lines, env });
    expect([scrubbed.code, scrubbed.stderr]).toEqual([0, '']);
    expect(scrubbed.stdout).not.toMatch(/kaizad|9234|ABCPE/i);
    // One person, one phone: the model sees a single token for each, whatever the spelling.
    expect(new Set(scrubbed.stdout.match(/<PERSON_\d+>/g))).toEqual(new Set(['<PERSON_1>']));
    expect(new Set(scrubbed.stdout.match(/<PHONE_\d+>/g))).toEqual(new Set(['<PHONE_1>']));
    const back = await kavach(['restore', '-', ...common], { input: scrubbed.stdout, env });
    expect([back.code, back.stderr]).toEqual([0, '']);
    expect(back.stdout).toBe(lines);
  });
});
