// Under a policy that pseudonymises (llm, strict), the pool's threads detect and plan (`plan` tasks)
// and this thread only asks the vault for tokens, builds the outputs and writes. That must write the
// same bytes, count the same entities and leave the same vault (tokens, spelling sheets) as the way
// before it: the threads detect, this thread runs `anonymise` on their spans (the oracle).
// In-process (threads: 0 runs the very task code a worker runs), with small tasks so a run has many.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deanonymise } from '../../src/deanonymise.js';
import { anonymise, anonymisePlanned, planText } from '../../src/anonymise.js';
import { prepareContext, runTask, type PlanTask } from '../../src/batch/tasks.js';
import { unpackPlans, type PackedPlans } from '../../src/batch/packed.js';
import { scrubPolicy, type ScrubSteps } from '../../src/cli/pipeline.js';
import { detect } from '../../src/resolve/detect.js';
import { compilePolicy } from '../../src/transform/compile.js';
import type { TokenMode } from '../../src/decide/plan.js';
import type { Vault } from '../../src/vault/interface.js';
import { generateKey } from '../../src/vault/keys.js';
import { createMemoryVault } from '../../src/vault/memory.js';
import { createSqliteVault } from '../../src/vault/sqlite.js';
import { scrubInMemory } from '../support/scrub-run.js';
import { ROOT } from './built.js';

const records = readFileSync(join(ROOT, 'corpus/corpus.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 90);
const texts = records.map((l) => (JSON.parse(l) as { text: string }).text.replace(/\n/g, ' '));
// Token-shaped input (escaped with vault tokens) and one person in two spellings (a spelling sheet).
texts.splice(5, 0, 'already scrubbed: <PERSON_1> called from <PHONE_2>, PAN ABCPK1234F');
texts.splice(20, 0, 'Mr. Kaizad Dastur called from 9234618849 about his PAN ABCPK1234F.');
texts.splice(40, 0, 'MR. KAIZAD DASTUR wrote again; call +91 92346 18849 or mail kaizad.dastur@example.com');
texts.splice(60, 0, 'a number mark {AADHAAR_1} and <EMAIL_k3f9x2qa> in a note from Asha Rao');
const TEXT = `${texts.join('\n')}\n`;
const CSV = `name,note\n${texts.map((t, i) => `row ${i},"${t.replaceAll('"', '""')}"`).join('\n')}\n`;
const key = generateKey();
const dir = mkdtempSync(join(tmpdir(), 'kavach-scrub-planned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let dbs = 0;
const sqlite = (): Vault => createSqliteVault({ path: join(dir, `v${dbs++}.db`), key });

interface Run {
  text: string;
  counts: string[];
}

/** Scrub `input` twice into one vault (the second pass meets every value again): both outputs. */
async function scrub(input: string, format: 'text' | 'csv', policy: 'llm' | 'strict', mode: TokenMode, planned: boolean, vault: Vault): Promise<Run[]> {
  const bound = scrubPolicy(policy, Buffer.from(key, 'base64'));
  const runs: Run[] = [];
  for (let pass = 0; pass < 2; pass++) {
    const counts = new Map<string, number>();
    const steps: ScrubSteps = {
      anonymise: { session: 'sess', vault, mode, policy: bound.policy },
      count: (type, action, n = 1) => counts.set(`${action} ${type}`, (counts.get(`${action} ${type}`) ?? 0) + n),
      planned: planned ? bound.planned : undefined,
    };
    const { text, chunks } = await scrubInMemory(input, format, 2000, steps);
    expect(chunks).toBeGreaterThan(5);
    runs.push({ text, counts: [...counts].map(([k, n]) => `${k} ${n}`).sort() });
  }
  return runs;
}

describe('plan tasks: the threads detect and plan, this thread allocates and writes', () => {
  it('a policy that pseudonymises goes to the threads as plan tasks; a compiled one cannot travel', () => {
    const k = Buffer.from(key, 'base64');
    expect(scrubPolicy('llm', k).planned).toMatchObject({ input: 'llm' });
    expect(scrubPolicy('strict', k).planned).toMatchObject({ input: 'strict' });
    expect(scrubPolicy('dataset', k).planned).toBeUndefined();
    expect(scrubPolicy(compilePolicy('llm'), k).planned).toBeUndefined();
  });

  it('the same bytes, counts and vault as anonymising detected spans here (SQLite; text and CSV; three modes)', async () => {
    const cases: Array<['text' | 'csv', 'llm' | 'strict', TokenMode]> = [
      ['text', 'llm', 'token'],
      ['csv', 'llm', 'token'],
      ['text', 'strict', 'deterministic'],
      ['text', 'llm', 'surrogate'],
    ];
    for (const [format, policy, mode] of cases) {
      const input = format === 'csv' ? CSV : TEXT;
      const oracleVault = sqlite();
      const plannedVault = sqlite();
      const oracle = await scrub(input, format, policy, mode, false, oracleVault);
      const got = await scrub(input, format, policy, mode, true, plannedVault);
      expect(got).toEqual(oracle);
      expect(await plannedVault.stats()).toEqual(await oracleVault.stats());
      // Really scrubbed, token-shaped input escaped.
      expect(got[0]!.text).not.toContain('ABCPK1234F');
      expect(got[0]!.text).not.toContain('<PERSON_1> called');
      // The second spelling's sheet exists in both vaults, so the output restores byte for byte.
      const lines = got[1]!.text.split('\n');
      const second = lines.find((l) => l.includes('wrote again'))!;
      if (format === 'text') {
        expect(await plannedVault.spellings!('sess', second)).toEqual(await oracleVault.spellings!('sess', second));
        expect(await deanonymise(second, { session: 'sess', vault: plannedVault })).toBe(texts[40]);
      }
      await oracleVault.close();
      await plannedVault.close();
    }
  });

  it('memory vault, many chunks: the same bytes as the oracle', async () => {
    const oracle = await scrub(TEXT, 'text', 'llm', 'token', false, createMemoryVault());
    const got = await scrub(TEXT, 'text', 'llm', 'token', true, createMemoryVault());
    expect(got).toEqual(oracle);
  });

  it('a plan task carries no detected text, and finishing its plans gives what anonymise gives', async () => {
    const bound = scrubPolicy('llm', Buffer.from(key, 'base64'));
    const task: PlanTask = { op: 'plan', texts: texts.slice(15, 45), policy: bound.planned!, session: 's', mode: 'token' };
    const plans = unpackPlans(task.texts.length, structuredClone(runTask(task, prepareContext({})) as PackedPlans));
    // The values travel once, inside the texts: no plan entry holds a detected string.
    for (const p of plans) {
      for (const r of p.reps) expect(Object.keys(r.entity ?? {}).sort()).toEqual(r.entity ? ['detector', 'score'] : []);
      for (const k of p.kept) expect(k).not.toHaveProperty('text');
    }
    const a = createMemoryVault();
    const b = createMemoryVault();
    for (let i = 0; i < task.texts.length; i++) {
      const t = task.texts[i]!;
      const want = await anonymise(t, { session: 's', vault: a, policy: bound.policy });
      const got = await anonymisePlanned(t, plans[i]!, { session: 's', vault: b }, bound.policy);
      expect(got).toEqual(want);
      // And planning here from detect() agrees with the task's plan.
      expect(planText(t, detect(t), bound.policy, 's', 'token').reps.map((r) => [r.start, r.end, r.type, r.action])).toEqual(
        plans[i]!.reps.map((r) => [r.start, r.end, r.type, r.action]),
      );
    }
  });
});
