// Streaming restore for replies that arrive in chunks (LLM streaming). The restorer holds back only a
// tail that could still be part of a token: everything up to the last character that cannot occur in
// any token (a space, most punctuation) is emitted at once, and never more than the longest possible
// match (TOKEN_MAX_SPAN, or the longest surrogate) is held. A token split across chunks
// (`<PERS` + `ON_1>`) is restored exactly as if the reply had arrived whole.
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { getDefaultVault } from '../vault/default.js';
import { assertText, Errors } from '../errors.js';
import type { Vault } from '../vault/interface.js';
import { assertSession } from '../vault/checks.js';
import { emptyResult, Restorer, type DeanonymiseResult, type RestorerOptions } from './restorer.js';
import { keepShape } from '../text/shapes.js';

export interface StreamOptions extends RestorerOptions {
  session: string;
  /** Default: the process-wide in-memory vault. */
  vault?: Vault;
  /** Called once at the end with what was restored (positions in the whole reply), unknown, withheld and failed. */
  onDone?: (result: Omit<DeanonymiseResult, 'text'>) => void;
}

/** The chunk-by-chunk core, independent of the stream API. */
export class StreamingRestorer {
  private restorer: Restorer | undefined;
  private buffer = '';
  /** Last emitted input character: the look-behind context of the next match. */
  private ctx = '';
  /** Input characters emitted so far. */
  private consumed = 0;
  private readonly result: DeanonymiseResult = emptyResult();

  constructor(private readonly options: StreamOptions) {
    if (!options || typeof options !== 'object') throw Errors.invalidOption('streaming restore needs { session }');
    assertSession(options.session);
  }

  /** What has been restored, withheld, failed or found unknown so far (positions in the whole reply). */
  get report(): Readonly<Omit<DeanonymiseResult, 'text'>> {
    return this.result;
  }

  /** Characters currently held back (for tests and metrics). */
  get held(): number {
    return this.buffer.length;
  }

  private async ready(): Promise<Restorer> {
    this.restorer ??= await Restorer.create(this.options.vault ?? getDefaultVault(), this.options.session, this.options);
    return this.restorer;
  }

  /** Feed a chunk; returns the restored text that is final. */
  async push(chunk: string): Promise<string> {
    assertText(chunk, 'chunk');
    const r = await this.ready();
    this.buffer += chunk;
    const buf = this.buffer;
    // Cut after the last "hard" character, but hold at most maxSpan (+1 for the look-ahead).
    let hard = buf.length;
    while (hard > 0 && r.isSoft(buf.charCodeAt(hard - 1))) hard--;
    const cut = Math.max(hard, buf.length - (r.maxSpan + 2));
    if (cut <= 0) return '';
    return this.emit(r, cut, false);
  }

  /** End of input: flush everything. */
  async end(): Promise<string> {
    const r = await this.ready();
    const out = this.buffer.length ? await this.emit(r, this.buffer.length, true) : '';
    const { restored, unknown, withheld, failed } = this.result;
    this.options.onDone?.({ restored, unknown, withheld, failed });
    return out;
  }

  private async emit(r: Restorer, cut: number, final: boolean): Promise<string> {
    const text = this.ctx + this.buffer;
    const from = this.ctx.length;
    const spans = r.spans(text, from);
    let end = from + cut;
    if (!final) {
      // Never split a match; never split a surrogate pair.
      for (const s of spans) if (s.start < end && s.end > end) end = s.start;
      if (end > from && end < text.length) {
        const c = text.charCodeAt(end - 1);
        if (c >= 0xd800 && c <= 0xdbff) end--;
      }
    }
    if (end <= from) return '';
    const inside = spans.filter((s) => s.end <= end);
    await r.resolve(inside);
    const out = r.render(text, from, end, inside, this.consumed - from, this.result);
    this.consumed += end - from;
    this.ctx = text.slice(end - 1, end);
    this.buffer = text.slice(end);
    return out;
  }
}

// One placeholder (no vault is opened: it is never fed) keeps the class's hidden class (src/text/shapes.ts).
keepShape(new StreamingRestorer({ session: 'placeholder' }));

/** A web TransformStream<string, string> that restores tokens as the reply streams through. */
export function createDeanonymiseStream(options: StreamOptions): TransformStream<string, string> {
  const core = new StreamingRestorer(options);
  return new TransformStream<string, string>({
    async transform(chunk, controller) {
      const out = await core.push(chunk);
      if (out) controller.enqueue(out);
    },
    async flush(controller) {
      const out = await core.end();
      if (out) controller.enqueue(out);
    },
  });
}

/** The same for Node streams: accepts strings or UTF-8 Buffers (split code points are reassembled). */
export function deanonymiseNodeStream(options: StreamOptions): Transform {
  const core = new StreamingRestorer(options);
  const decoder = new StringDecoder('utf8');
  return new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string | Buffer, _enc, callback) {
      const s = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      core.push(s).then((out) => callback(null, out || undefined), callback);
    },
    flush(callback) {
      const rest = decoder.end();
      (rest ? core.push(rest) : Promise.resolve(''))
        .then(async (a) => a + (await core.end()))
        .then((out) => callback(null, out || undefined), callback);
    },
  });
}

/** US spellings. */
export const createDeanonymizeStream = createDeanonymiseStream;
export const deanonymizeNodeStream = deanonymiseNodeStream;
