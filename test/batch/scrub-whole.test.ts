// Under a policy that pseudonymises nothing (dataset), the pool's threads do the whole job (`scrub`
// tasks); under one that does (llm), they only detect and this thread anonymises. Both ways must
// write the same bytes and count the same entities: the detect-then-anonymise way is the oracle.
// In-process (threads: 0 runs the very task code a worker runs), with small tasks so a run has many.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTask, prepareContext, type ScrubTask, type ScrubTaskResult } from '../../src/batch/tasks.js';
import { scrubPolicy, type ScrubSteps } from '../../src/cli/pipeline.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { scrubInMemory } from '../support/scrub-run.js';
import { ROOT } from './built.js';

const records = readFileSync(join(ROOT, 'corpus/corpus.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 120);
const texts = records.map((l) => (JSON.parse(l) as { text: string }).text.replace(/\n/g, ' '));
// Token-shaped input is escaped with a vault token: those texts need the vault even under `dataset`.
texts.splice(10, 0, 'already scrubbed: <PERSON_1> called from <PHONE_2>, PAN ABCPK1234F');
texts.splice(70, 0, 'a number mark {AADHAAR_1} and <EMAIL_k3f9x2qa> in a note from Asha Rao');
const TEXT = `${texts.join('\n')}\n`;
const CSV = `name,note\n${texts.map((t, i) => `row ${i},"${t.replaceAll('"', '""')}"`).join('\n')}\n`;
const key = randomBytes(32);

async function scrub(input: string, format: 'text' | 'csv', policyName: string, whole: boolean): Promise<{ text: string; counts: Map<string, number> }> {
  const bound = scrubPolicy(policyName as 'dataset', key);
  const counts = new Map<string, number>();
  const steps: ScrubSteps = {
    anonymise: { session: 'sess', vault: createMemoryVault(), mode: 'token', policy: bound.policy },
    count: (type, action, n = 1) => {
      if (action !== 'escape') counts.set(type, (counts.get(type) ?? 0) + n);
    },
    whole: whole ? bound.whole : undefined,
  };
  const { text, chunks } = await scrubInMemory(input, format, 1500, steps);
  expect(chunks).toBeGreaterThan(5);
  return { text, counts };
}

describe('scrub tasks: the whole job in the pool threads', () => {
  it('a policy that pseudonymises nothing goes to the threads whole; one that pseudonymises does not', () => {
    expect(scrubPolicy('dataset', key).whole).toMatchObject({ input: 'dataset' });
    expect(scrubPolicy('llm', key).whole).toBeUndefined();
    expect(scrubPolicy('strict', key).whole).toBeUndefined();
  });

  it('dataset: the same bytes and counts as detecting in the threads and anonymising here (text and CSV)', async () => {
    for (const [input, format] of [[TEXT, 'text'], [CSV, 'csv']] as const) {
      const oracle = await scrub(input, format, 'dataset', false);
      const got = await scrub(input, format, 'dataset', true);
      expect(got.text).toBe(oracle.text);
      expect([...got.counts].sort()).toEqual([...oracle.counts].sort());
      // Really scrubbed, and the token-shaped input really escaped (the texts done in this thread).
      expect(got.text).not.toContain('ABCPK1234F');
      expect(got.text).not.toContain('<PERSON_1> called');
      expect(got.text).toMatch(/<LITERAL_1>/);
    }
  });

  it('hands back exactly the texts that need the vault, with their spans', async () => {
    const bound = scrubPolicy('dataset', key);
    const task: ScrubTask = {
      op: 'scrub',
      texts: ['PAN ABCPK1234F', 'seen <PERSON_1> before', 'nothing here'],
      policy: bound.whole!,
      session: 's',
      mode: 'token',
    };
    const r = (await runTask(task, prepareContext({}))) as ScrubTaskResult;
    expect(r.redo).toEqual([1]);
    expect(r.texts[1]).toBeNull();
    expect(r.texts[2]).toBe('nothing here');
    expect(r.texts[0]).not.toContain('ABCPK1234F');
    expect(r.found).toHaveLength(1);
    expect(r.counts).toEqual([['PAN', 1]]);
  });

  it('refuses a policy that pseudonymises (its tokens must come from the one vault)', async () => {
    const task: ScrubTask = { op: 'scrub', texts: ['x'], policy: { id: 'p', input: 'llm' }, session: 's', mode: 'token' };
    await expect(runTask(task, prepareContext({}))).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
