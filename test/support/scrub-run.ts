// Run the CLI's scrub pipeline over one in-memory input in a thread-less pool: the joined output and
// how many chunks it came in (the batch tests want several, so a chunk boundary is crossed).
import { createPool } from '../../src/batch/pool.js';
import { scrubDetected, type ScrubSteps } from '../../src/cli/pipeline.js';
import { readUnits } from '../../src/cli/units.js';

export async function scrubInMemory(input: string, format: 'text' | 'csv', chunkSize: number, steps: ScrubSteps): Promise<{ text: string; chunks: number }> {
  const pool = createPool({ threads: 0, chunkSize });
  let text = '';
  let chunks = 0;
  try {
    for await (const c of scrubDetected(pool, readUnits([Buffer.from(input)], { format }), {}, steps)) {
      text += c.text;
      chunks++;
    }
  } finally {
    await pool.close();
  }
  return { text, chunks };
}
