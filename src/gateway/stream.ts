// Reply side, streams. SSE framing passes through; inside each event the model's text is restored
// by one streaming restorer per channel — chat: choice × content, choice × refusal, choice × tool
// call index; Responses: output × content part (text, refusal), output (arguments) — so a token cut
// across chunks (`<PERS` + `ON_1>`, or `{"name": "<PER` + `SON_1>"}` in tool-call arguments) is
// restored whole, and no more than the longest possible token is ever held back. Channels are
// flushed at the choice's `finish_reason`, at `[DONE]`, at a Responses `.done` event and at the
// terminal `response.completed | incomplete | failed`; the `.done`, `output_item.done` and
// `completed` copies of the full texts are restored too.
import { type Channel, type Conversation } from './conversation.js';
import { errorBody } from './errors.js';
import { restoreField, restoreResponse, restoreResponsesItem, restoreResponsesPart } from './reply.js';
import { formatEvent, SseParser, type SseEvent } from './sse.js';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Usage as the upstream reported it, in one shape for chat and Responses. */
export interface Usage {
  input: number;
  output: number;
  total: number;
}

export function readUsage(u: unknown): Usage | undefined {
  if (!isObj(u)) return undefined;
  const n = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  const input = n(u.prompt_tokens ?? u.input_tokens);
  const output = n(u.completion_tokens ?? u.output_tokens);
  const total = typeof u.total_tokens === 'number' ? u.total_tokens : input + output;
  return { input, output, total };
}

export interface StreamTransformer {
  event(ev: SseEvent): Promise<string>;
  /** End of the upstream body: whatever is still held. */
  finish(): Promise<string>;
  usage: Usage | undefined;
}

interface ChatChannel {
  choice: number;
  kind: 'content' | 'refusal' | 'tool' | 'function';
  tool?: number;
  ch: Channel;
}

export class ChatStreamTransformer implements StreamTransformer {
  private readonly channels = new Map<string, ChatChannel>();
  private head: Json = {};
  private done = false;
  usage: Usage | undefined;

  constructor(
    private readonly conv: Conversation,
    private readonly jsonReply: boolean,
    private readonly dropUsageChunk: boolean,
  ) {}

  private channel(choice: number, kind: ChatChannel['kind'], tool?: number): Channel {
    const key = `${choice}:${kind}:${tool ?? ''}`;
    let c = this.channels.get(key);
    if (!c) {
      c = { choice, kind, ch: this.conv.channel(kind === 'tool' || kind === 'function' || (kind === 'content' && this.jsonReply)), ...(tool !== undefined ? { tool } : {}) };
      this.channels.set(key, c);
    }
    return c.ch;
  }

  /** End the channels of one choice (all when `choice` is undefined); rests merged into `delta`s keyed by choice. */
  private async close(choice: number | undefined, deltas: Map<number, Json>): Promise<void> {
    for (const [key, c] of [...this.channels]) {
      if (choice !== undefined && c.choice !== choice) continue;
      this.channels.delete(key);
      const rest = await c.ch.end();
      if (!rest) continue;
      let d = deltas.get(c.choice);
      if (!d) deltas.set(c.choice, (d = {}));
      if (c.kind === 'content' || c.kind === 'refusal') d[c.kind] = (typeof d[c.kind] === 'string' ? (d[c.kind] as string) : '') + rest;
      else if (c.kind === 'function') {
        const fc = isObj(d.function_call) ? d.function_call : (d.function_call = {});
        fc.arguments = (typeof fc.arguments === 'string' ? fc.arguments : '') + rest;
      } else {
        const calls = Array.isArray(d.tool_calls) ? (d.tool_calls as Json[]) : (d.tool_calls = []) as Json[];
        let call = calls.find((x) => isObj(x) && x.index === c.tool);
        if (!call) calls.push((call = { index: c.tool, function: {} }));
        const fn = isObj(call.function) ? call.function : (call.function = {});
        fn.arguments = (typeof fn.arguments === 'string' ? fn.arguments : '') + rest;
      }
    }
  }

  /** A chunk carrying the rests of channels no finish_reason closed (before [DONE] or at the end). */
  private async flushAll(): Promise<string> {
    const deltas = new Map<number, Json>();
    await this.close(undefined, deltas);
    if (deltas.size === 0) return '';
    const chunk = {
      id: this.head.id,
      object: 'chat.completion.chunk',
      created: this.head.created,
      model: this.head.model,
      choices: [...deltas].sort((a, b) => a[0] - b[0]).map(([index, delta]) => ({ index, delta, finish_reason: null })),
    };
    return formatEvent({}, JSON.stringify(chunk));
  }

  async event(ev: SseEvent): Promise<string> {
    if (ev.data === undefined) return ev.raw;
    if (ev.data.trim() === '[DONE]') {
      this.done = true;
      return (await this.flushAll()) + ev.raw;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(ev.data);
    } catch {
      return ev.raw;
    }
    if (!isObj(obj) || obj.error !== undefined) return ev.raw;
    if (obj.id !== undefined) this.head = { id: obj.id, created: obj.created, model: obj.model };
    const usage = readUsage(obj.usage);
    if (usage) this.usage = usage;
    if (!Array.isArray(obj.choices)) return ev.raw;
    if (obj.choices.length === 0 && usage && this.dropUsageChunk) return '';
    if (this.dropUsageChunk && 'usage' in obj) delete obj.usage;
    for (const [pos, choice] of obj.choices.entries()) {
      if (!isObj(choice)) continue;
      const idx = typeof choice.index === 'number' ? choice.index : pos;
      if (choice.logprobs !== undefined) choice.logprobs = null;
      const delta = isObj(choice.delta) ? choice.delta : undefined;
      if (delta) {
        if (typeof delta.content === 'string') delta.content = await this.channel(idx, 'content').push(delta.content);
        if (typeof delta.refusal === 'string') delta.refusal = await this.channel(idx, 'refusal').push(delta.refusal);
        if (Array.isArray(delta.tool_calls)) {
          for (const [j, tc] of delta.tool_calls.entries()) {
            if (!isObj(tc) || !isObj(tc.function) || typeof tc.function.arguments !== 'string') continue;
            const k = typeof tc.index === 'number' ? tc.index : j;
            tc.function.arguments = await this.channel(idx, 'tool', k).push(tc.function.arguments);
          }
        }
        if (isObj(delta.function_call) && typeof delta.function_call.arguments === 'string') {
          delta.function_call.arguments = await this.channel(idx, 'function').push(delta.function_call.arguments);
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        const deltas = new Map<number, Json>();
        await this.close(idx, deltas);
        const rest = deltas.get(idx);
        if (rest) choice.delta = mergeDelta(delta ?? {}, rest);
      }
    }
    return formatEvent(ev, JSON.stringify(obj));
  }

  async finish(): Promise<string> {
    return this.done ? '' : this.flushAll();
  }
}

/** Append the flushed rests to a delta that may already carry text of its own. */
function mergeDelta(delta: Json, rest: Json): Json {
  const out = { ...delta };
  for (const k of ['content', 'refusal'] as const) {
    if (typeof rest[k] === 'string') out[k] = (typeof out[k] === 'string' ? (out[k] as string) : '') + (rest[k] as string);
  }
  if (isObj(rest.function_call)) {
    const fc = isObj(out.function_call) ? { ...out.function_call } : {};
    fc.arguments = (typeof fc.arguments === 'string' ? fc.arguments : '') + (rest.function_call.arguments as string);
    out.function_call = fc;
  }
  if (Array.isArray(rest.tool_calls)) {
    const calls = Array.isArray(out.tool_calls) ? [...(out.tool_calls as Json[])] : [];
    for (const r of rest.tool_calls as Json[]) {
      const i = calls.findIndex((c) => isObj(c) && c.index === r.index);
      const args = (r.function as Json).arguments as string;
      if (i < 0) calls.push(r);
      else {
        const fn = isObj(calls[i]!.function) ? { ...(calls[i]!.function as Json) } : {};
        fn.arguments = (typeof fn.arguments === 'string' ? fn.arguments : '') + args;
        calls[i] = { ...calls[i], function: fn };
      }
    }
    out.tool_calls = calls;
  }
  return out;
}

/** Responses delta/done event families: the field the `.done` event repeats, and whether it is JSON. */
const FAMILIES: Record<string, { done: string; json: boolean | 'reply' }> = {
  'response.output_text': { done: 'text', json: 'reply' },
  'response.refusal': { done: 'refusal', json: false },
  'response.function_call_arguments': { done: 'arguments', json: true },
  'response.custom_tool_call_input': { done: 'input', json: false },
  'response.reasoning_summary_text': { done: 'text', json: false },
  'response.reasoning_text': { done: 'text', json: false },
};

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

interface ResponsesChannel {
  family: string;
  /** Identifying fields copied into a synthetic delta event. */
  ids: Json;
  ch: Channel;
}

export class ResponsesStreamTransformer implements StreamTransformer {
  private readonly channels = new Map<string, ResponsesChannel>();
  private readonly streamed = new Set<string>();
  /** Events we inserted so far: later sequence numbers move up by this much. */
  private shift = 0;
  private ended = false;
  usage: Usage | undefined;

  constructor(
    private readonly conv: Conversation,
    private readonly jsonReply: boolean,
  ) {}

  private key(family: string, e: Json): string {
    return `${family}|${String(e.item_id ?? '')}|${String(e.output_index ?? '')}|${String(e.content_index ?? e.summary_index ?? '')}`;
  }

  /** A delta event carrying a channel's rest, numbered at `seq`. */
  private synth(c: ResponsesChannel, rest: string, seq: number | undefined): string {
    const type = `${c.family}.delta`;
    const data: Json = { type, ...c.ids, delta: rest, ...(seq !== undefined ? { sequence_number: seq } : {}) };
    if (c.family === 'response.output_text') data.logprobs = [];
    return formatEvent({ event: type }, JSON.stringify(data));
  }

  /** End channels (matching `only`, or all) and emit their rests as delta events from `seq` on. */
  private async flush(only: string | undefined, seq: number | undefined): Promise<string> {
    let out = '';
    for (const [key, c] of [...this.channels]) {
      if (only !== undefined && key !== only) continue;
      this.channels.delete(key);
      const rest = await c.ch.end();
      if (!rest) continue;
      out += this.synth(c, rest, seq === undefined ? undefined : seq + this.shift);
      this.shift++;
    }
    return out;
  }

  async event(ev: SseEvent): Promise<string> {
    if (ev.data === undefined) return ev.raw;
    let e: unknown;
    try {
      e = JSON.parse(ev.data);
    } catch {
      return ev.raw;
    }
    if (!isObj(e) || typeof e.type !== 'string') return ev.raw;
    const type = e.type;
    const seq = typeof e.sequence_number === 'number' ? e.sequence_number : undefined;
    let before = '';
    const dot = type.lastIndexOf('.');
    // Own entries only: "constructor.delta" is an unknown type and passes through as "foo.delta" does.
    const fam = type.slice(0, dot);
    const family = Object.hasOwn(FAMILIES, fam) ? FAMILIES[fam] : undefined;
    const suffix = type.slice(dot + 1);
    if (family && (suffix === 'delta' || suffix === 'done')) {
      const key = this.key(fam, e);
      const json = family.json === 'reply' ? this.jsonReply : family.json;
      if (suffix === 'delta' && typeof e.delta === 'string') {
        let c = this.channels.get(key);
        if (!c) {
          const ids: Json = {};
          for (const f of ['item_id', 'output_index', 'content_index', 'summary_index']) if (e[f] !== undefined) ids[f] = e[f];
          c = { family: fam, ids, ch: this.conv.channel(json) };
          this.channels.set(key, c);
          this.streamed.add(key);
        }
        e.delta = await c.ch.push(e.delta);
        if (e.logprobs !== undefined) e.logprobs = [];
      } else if (suffix === 'done') {
        before = await this.flush(key, seq);
        // A `.done` whose deltas went through a channel is a copy: its restores are not counted again.
        await restoreField(e, family.done, this.conv, json, !this.streamed.has(key));
        if (e.logprobs !== undefined) e.logprobs = [];
      }
    } else if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      if (isObj(e.item)) await restoreResponsesItem(e.item, this.conv, this.jsonReply, false);
    } else if (type === 'response.content_part.added' || type === 'response.content_part.done') {
      if (isObj(e.part)) await restoreResponsesPart(e.part, this.conv, this.jsonReply, false);
    } else if (isObj(e.response)) {
      if (TERMINAL.has(type)) {
        before = await this.flush(undefined, seq);
        this.ended = true;
        const u = readUsage(e.response.usage);
        if (u) this.usage = u;
      }
      await restoreResponse(e.response, this.conv, this.jsonReply, false);
    }
    if (seq !== undefined) e.sequence_number = seq + this.shift;
    return before + formatEvent(ev, JSON.stringify(e));
  }


  async finish(): Promise<string> {
    return this.ended ? '' : this.flush(undefined, undefined);
  }
}

/**
 * Pipe an upstream SSE body through a transformer. Backpressure: one upstream read per pull. An
 * upstream failure (dropped connection) errors the stream we return, so the client sees a failed
 * request, never a silently short one; a restore failure ends it with an error event.
 */
export function transformSse(body: ReadableStream<Uint8Array>, t: StreamTransformer, onEnd: (error?: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const parser = new SseParser();
  let finished = false;
  const end = (error?: unknown): void => {
    if (finished) return;
    finished = true;
    onEnd(error);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        for (;;) {
          const { done, value } = await markUpstream(reader.read());
          let out = '';
          if (done) {
            const last = parser.end();
            if (last) out += await t.event(last);
            out += await t.finish();
            if (out) controller.enqueue(encoder.encode(out));
            controller.close();
            end();
            return;
          }
          for (const ev of parser.push(decoder.decode(value, { stream: true }))) out += await t.event(ev);
          if (out) {
            controller.enqueue(encoder.encode(out));
            return;
          }
        }
      } catch (err) {
        end(err);
        if (isUpstreamFailure(err)) {
          controller.error(err);
          return;
        }
        // Restoring failed: say so in the stream's own error shape and stop.
        controller.enqueue(encoder.encode(formatEvent({}, errorBody(500, 'kavach_restore_failed', 'kavach: restoring the reply failed', 'kavach_error'))));
        controller.close();
        void reader.cancel().catch(() => undefined);
      }
    },
    async cancel(reason) {
      end(new Error('client cancelled'));
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}

const UPSTREAM_FAILURE = Symbol('upstream');

/** Errors from reading the upstream body are marked so they can be told apart from restore errors. */
function isUpstreamFailure(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { [UPSTREAM_FAILURE]?: boolean })[UPSTREAM_FAILURE] === true;
}

export function markUpstream<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    const e = err instanceof Error ? err : new Error('upstream failed');
    (e as { [UPSTREAM_FAILURE]?: boolean })[UPSTREAM_FAILURE] = true;
    throw e;
  });
}
