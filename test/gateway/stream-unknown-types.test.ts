/** Responses stream events of a type kavach does not know pass through unchanged, whatever the family's name. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { Conversation } from '../../src/gateway/conversation.js';
import { ResponsesStreamTransformer } from '../../src/gateway/stream.js';

describe('ResponsesStreamTransformer and unknown event types', () => {
  it.each(['foo', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])('passes %s.delta and .done events through unchanged, as it does foo.delta', async (fam) => {
    const engine = createEngine();
    const t = new ResponsesStreamTransformer(new Conversation(engine, `unknown-${fam}`), false);
    const out: string[] = [];
    for (const type of [`${fam}.delta`, `${fam}.delta`, `${fam}.done`]) {
      const data = JSON.stringify({ type, item_id: 'i1', output_index: 0, delta: 'x', text: 'y' });
      out.push(await t.event({ data, raw: `data: ${data}\n\n` }));
    }
    out.push(await t.finish());
    expect(out).toEqual([
      `data: {"type":"${fam}.delta","item_id":"i1","output_index":0,"delta":"x","text":"y"}\n\n`,
      `data: {"type":"${fam}.delta","item_id":"i1","output_index":0,"delta":"x","text":"y"}\n\n`,
      `data: {"type":"${fam}.done","item_id":"i1","output_index":0,"delta":"x","text":"y"}\n\n`,
      '',
    ]);
    await engine.close();
  });
});
