// Request side: every text a person or a tool wrote is anonymised before the body goes upstream —
// Chat Completions messages (string or text parts, system/developer, role tool, assistant refusals
// and tool-call arguments, JSON-aware), Responses `instructions` and `input` items (messages,
// function_call arguments, function_call_output), embeddings `input`. Tool definitions, JSON
// schemas and model settings are left exactly as they are. A text field of a shape we do not know
// is refused, never forwarded unscanned (fail closed).
import { RequestTexts, setOwn, type Conversation } from './conversation.js';
import { GatewayError } from './errors.js';

export type Route = 'chat' | 'responses' | 'embeddings';

export interface RequestOptions {
  /** Instruction asking the model to copy tokens exactly, added to the system prompt when a token was issued; false: none. */
  instruction: string | false;
  /** `logprobs` carry the reply's token fragments: refuse such requests (default) or strip the fields. */
  logprobs: 'refuse' | 'strip';
}

export const TOKEN_INSTRUCTION =
  'Some values in this conversation were replaced by placeholders such as <PERSON_n> or <PHONE_n> (n is a number). ' +
  'Where a value belongs in your answer, copy its placeholder exactly as written, angle brackets included; ' +
  'never invent, change, translate or explain placeholders, and never put them inside URLs or links.';

type Json = Record<string, unknown>;

export interface PreparedRequest {
  body: Json;
  model: string | undefined;
  stream: boolean;
  /** The reply's text is JSON (structured outputs / JSON mode): restored values are JSON-escaped. */
  jsonReply: boolean;
  /** The client did not ask for the usage chunk; we asked for it (rate accounting) and drop it again. */
  dropUsageChunk: boolean;
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unscannable(where: string): GatewayError {
  return new GatewayError(400, 'kavach_unscannable', `kavach: ${where} has a shape kavach cannot scan, so it was not sent`, 'invalid_request_error', {}, where);
}

/** Parse a request body (JSON object) or refuse it. */
export function parseBody(text: string): Json {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'invalid_json', 'kavach: the request body is not valid JSON');
  }
  if (!isObj(v)) throw new GatewayError(400, 'invalid_json', 'kavach: the request body must be a JSON object');
  return v;
}

function anonymiseStringField(obj: Json, field: string, tx: RequestTexts, where: string): void {
  const v = obj[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') throw unscannable(`${where}.${field}`);
  tx.add(v, (out) => (obj[field] = out));
}

/** What a content array may hold in one API: parts whose `text` is scanned, and parts passed as they are. */
interface PartKinds {
  text: ReadonlySet<unknown>;
  passed: ReadonlySet<unknown>;
  /** Responses parts may carry `logprobs` of earlier output: dropped (they hold fragments of values). */
  dropLogprobs: boolean;
}

const CHAT_PARTS: PartKinds = { text: new Set(['text']), passed: new Set(['image_url', 'input_audio', 'file']), dropLogprobs: false };
const RESPONSES_PARTS: PartKinds = {
  text: new Set(['input_text', 'output_text', 'text', 'summary_text', 'reasoning_text']),
  passed: new Set(['input_image', 'input_file', 'input_audio']),
  dropLogprobs: true,
};

/**
 * `content`: a string, null, or parts (text and refusal parts scanned, images, audio and files left
 * as they are, any other kind refused as unscannable, never forwarded unscanned).
 */
function content(msg: Json, tx: RequestTexts, where: string, kinds: PartKinds): void {
  const c = msg.content;
  if (c === undefined || c === null) return;
  if (typeof c === 'string') {
    tx.add(c, (out) => (msg.content = out));
    return;
  }
  if (!Array.isArray(c)) throw unscannable(`${where}.content`);
  const parts: unknown[] = [];
  for (const [j, p] of c.entries()) {
    const w = `${where}.content[${j}]`;
    if (!isObj(p)) throw unscannable(w);
    const q = { ...p };
    if (kinds.text.has(q.type)) anonymiseStringField(q, 'text', tx, w);
    else if (q.type === 'refusal') anonymiseStringField(q, 'refusal', tx, w);
    else if (!kinds.passed.has(q.type)) throw unscannable(w);
    if (kinds.dropLogprobs) delete q.logprobs;
    parts.push(q);
  }
  msg.content = parts;
}

function toolCallArguments(call: unknown, tx: RequestTexts, where: string): unknown {
  if (!isObj(call)) throw unscannable(where);
  const fn = call.function ?? call.custom;
  if (!isObj(fn)) return call;
  const f = { ...fn };
  if (typeof f.arguments === 'string') tx.addJson(f.arguments, (out) => (f.arguments = out));
  else if (f.arguments !== undefined) throw unscannable(`${where}.arguments`);
  if (typeof f.input === 'string') tx.add(f.input, (out) => (f.input = out));
  return call.function !== undefined ? { ...call, function: f } : { ...call, custom: f };
}

function addInstructionToChat(messages: Json[], instruction: string): Json[] {
  const first = messages[0];
  if (first && (first.role === 'system' || first.role === 'developer')) {
    if (typeof first.content === 'string') return [{ ...first, content: `${first.content}\n\n${instruction}` }, ...messages.slice(1)];
    if (Array.isArray(first.content)) return [{ ...first, content: [...first.content, { type: 'text', text: instruction }] }, ...messages.slice(1)];
  }
  return [{ role: 'system', content: instruction }, ...messages];
}

/** Free-text settings some callers fill with personal data (an e-mail as `user`, metadata values). */
function commonFields(body: Json, tx: RequestTexts): void {
  for (const f of ['user', 'safety_identifier']) anonymiseStringField(body, f, tx, f);
  if (isObj(body.metadata)) {
    const m: Json = {};
    for (const [k, v] of Object.entries(body.metadata)) {
      setOwn(m, k, v); // in place now, so the keys keep their order when the value comes back
      if (typeof v === 'string') tx.add(v, (out) => setOwn(m, k, out));
    }
    body.metadata = m;
  }
}

function logprobsChat(body: Json, o: RequestOptions): void {
  const asked = body.logprobs === true || (typeof body.top_logprobs === 'number' && body.top_logprobs > 0);
  if (!asked) return;
  if (o.logprobs === 'refuse') throw new GatewayError(400, 'kavach_logprobs_refused', 'kavach: logprobs would carry pieces of tokens and restored values; they are not available through kavach', 'invalid_request_error', {}, 'logprobs');
  delete body.logprobs;
  delete body.top_logprobs;
}

export async function prepareChat(input: Json, conv: Conversation, o: RequestOptions): Promise<PreparedRequest> {
  const body: Json = { ...input };
  if (!Array.isArray(body.messages)) throw unscannable('messages');
  logprobsChat(body, o);
  // Every text is gathered first (a shape kavach cannot scan fails the request before anything is
  // anonymised), then all are anonymised with one vault request and written back.
  const tx = new RequestTexts();
  const messages: Json[] = [];
  for (const [i, m] of (body.messages as unknown[]).entries()) {
    if (!isObj(m)) throw unscannable(`messages[${i}]`);
    const msg = { ...m };
    const where = `messages[${i}]`;
    content(msg, tx, where, CHAT_PARTS);
    anonymiseStringField(msg, 'refusal', tx, where);
    if (msg.tool_calls !== undefined && msg.tool_calls !== null) {
      if (!Array.isArray(msg.tool_calls)) throw unscannable(`${where}.tool_calls`);
      const calls: unknown[] = [];
      for (const [j, c] of msg.tool_calls.entries()) calls.push(toolCallArguments(c, tx, `${where}.tool_calls[${j}]`));
      msg.tool_calls = calls;
    }
    if (isObj(msg.function_call)) msg.function_call = (toolCallArguments({ function: msg.function_call }, tx, `${where}.function_call`) as Json).function;
    messages.push(msg);
  }
  if (isObj(body.prediction)) {
    const p = { ...body.prediction };
    content(p, tx, 'prediction', CHAT_PARTS);
    body.prediction = p;
  }
  commonFields(body, tx);
  await tx.run(conv);
  body.messages = o.instruction && conv.tokensIssued > 0 ? addInstructionToChat(messages, o.instruction) : messages;
  const stream = body.stream === true;
  let dropUsageChunk = false;
  if (stream) {
    const so = isObj(body.stream_options) ? body.stream_options : {};
    if (so.include_usage !== true) {
      body.stream_options = { ...so, include_usage: true };
      dropUsageChunk = true;
    }
  }
  const rf = isObj(body.response_format) ? body.response_format.type : undefined;
  return { body, model: typeof body.model === 'string' ? body.model : undefined, stream, jsonReply: rf === 'json_schema' || rf === 'json_object', dropUsageChunk };
}

function responsesItem(raw: unknown, tx: RequestTexts, where: string): unknown {
  if (!isObj(raw)) throw unscannable(where);
  const item = { ...raw };
  const type = item.type ?? 'message';
  switch (type) {
    case 'message':
      content(item, tx, where, RESPONSES_PARTS);
      return item;
    case 'function_call':
      if (typeof item.arguments === 'string') tx.addJson(item.arguments, (out) => (item.arguments = out));
      return item;
    case 'custom_tool_call':
      anonymiseStringField(item, 'input', tx, where);
      return item;
    case 'function_call_output':
    case 'custom_tool_call_output':
      if (typeof item.output === 'string') tx.add(item.output, (out) => (item.output = out));
      else if (Array.isArray(item.output)) {
        // The parts array `content` makes is the one written back (its texts are set in it later).
        const wrap: Json = { content: item.output };
        content(wrap, tx, `${where}.output`, RESPONSES_PARTS);
        item.output = wrap.content;
      } else if (item.output !== undefined) throw unscannable(`${where}.output`);
      return item;
    case 'reasoning':
      for (const f of ['summary', 'content']) {
        if (Array.isArray(item[f])) {
          const wrap: Json = { content: item[f] };
          content(wrap, tx, `${where}.${f}`, RESPONSES_PARTS);
          item[f] = wrap.content;
        }
      }
      return item;
    case 'item_reference':
      return item;
    default:
      // Anything else (web search calls, computer calls, MCP items...) may carry text we do not know.
      throw unscannable(where);
  }
}

export async function prepareResponses(input: Json, conv: Conversation, o: RequestOptions): Promise<PreparedRequest> {
  const body: Json = { ...input };
  const wantsLogprobs = (typeof body.top_logprobs === 'number' && body.top_logprobs > 0) || (Array.isArray(body.include) && body.include.includes('message.output_text.logprobs'));
  if (wantsLogprobs) {
    if (o.logprobs === 'refuse') throw new GatewayError(400, 'kavach_logprobs_refused', 'kavach: logprobs would carry pieces of tokens and restored values; they are not available through kavach', 'invalid_request_error', {}, 'top_logprobs');
    delete body.top_logprobs;
    if (Array.isArray(body.include)) body.include = body.include.filter((x) => x !== 'message.output_text.logprobs');
  }
  const tx = new RequestTexts();
  anonymiseStringField(body, 'instructions', tx, 'instructions');
  if (typeof body.input === 'string') tx.add(body.input, (out) => (body.input = out));
  else if (Array.isArray(body.input)) {
    const items: unknown[] = [];
    for (const [i, it] of body.input.entries()) items.push(responsesItem(it, tx, `input[${i}]`));
    body.input = items;
  } else if (body.input !== undefined) throw unscannable('input');
  if (isObj(body.prompt) && isObj(body.prompt.variables)) {
    const vars: Json = {};
    for (const [k, v] of Object.entries(body.prompt.variables)) {
      if (typeof v === 'string') {
        setOwn(vars, k, v);
        tx.add(v, (out) => setOwn(vars, k, out), k);
      } else if (isObj(v) && v.type === 'input_text' && typeof v.text === 'string') {
        const part: Json = { ...v };
        setOwn(vars, k, part);
        tx.add(v.text, (out) => (part.text = out), k);
      } else setOwn(vars, k, v);
    }
    body.prompt = { ...body.prompt, variables: vars };
  }
  commonFields(body, tx);
  await tx.run(conv);
  if (o.instruction && conv.tokensIssued > 0) body.instructions = typeof body.instructions === 'string' && body.instructions ? `${body.instructions}\n\n${o.instruction}` : o.instruction;
  const fmt = isObj(body.text) && isObj(body.text.format) ? body.text.format.type : undefined;
  return { body, model: typeof body.model === 'string' ? body.model : undefined, stream: body.stream === true, jsonReply: fmt === 'json_schema' || fmt === 'json_object', dropUsageChunk: false };
}

export async function prepareEmbeddings(input: Json, conv: Conversation): Promise<PreparedRequest> {
  const body: Json = { ...input };
  const tx = new RequestTexts();
  if (typeof body.input === 'string') tx.add(body.input, (out) => (body.input = out));
  else if (Array.isArray(body.input) && body.input.every((x) => typeof x === 'string')) {
    const out = (body.input as string[]).slice();
    out.forEach((s, i) => tx.add(s, (o) => (out[i] = o)));
    body.input = out;
  } else throw new GatewayError(400, 'kavach_unscannable', 'kavach: embeddings input must be a string or an array of strings (token arrays cannot be scanned)', 'invalid_request_error', {}, 'input');
  commonFields(body, tx);
  await tx.run(conv);
  return { body, model: typeof body.model === 'string' ? body.model : undefined, stream: false, jsonReply: false, dropUsageChunk: false };
}

export function prepare(route: Route, body: Json, conv: Conversation, o: RequestOptions): Promise<PreparedRequest> {
  if (route === 'chat') return prepareChat(body, conv, o);
  if (route === 'responses') return prepareResponses(body, conv, o);
  return prepareEmbeddings(body, conv);
}
