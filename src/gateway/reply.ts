// Reply side, whole replies: put the originals back into every text the model wrote — chat
// `content` and `refusal`, tool-call `arguments` (JSON: restored values are JSON-escaped),
// structured-output JSON, Responses output items. Tokens inside URLs, link targets and HTML
// attributes stay tokens unless the conversation says otherwise (Conversation.links).
import type { Conversation } from './conversation.js';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Restore `obj[field]` when it is a string. */
export async function restoreField(obj: Json, field: string, conv: Conversation, json: boolean, count = true): Promise<void> {
  const v = obj[field];
  if (typeof v === 'string') obj[field] = await conv.restore(v, json, count);
}

async function restoreChatMessage(msg: Json, conv: Conversation, jsonReply: boolean): Promise<void> {
  await restoreField(msg, 'content', conv, jsonReply);
  await restoreField(msg, 'refusal', conv, false);
  if (Array.isArray(msg.tool_calls)) {
    for (const call of msg.tool_calls) {
      if (!isObj(call)) continue;
      if (isObj(call.function)) await restoreField(call.function, 'arguments', conv, true);
      if (isObj(call.custom)) await restoreField(call.custom, 'input', conv, false);
    }
  }
  if (isObj(msg.function_call)) await restoreField(msg.function_call, 'arguments', conv, true);
  if (isObj(msg.audio)) await restoreField(msg.audio, 'transcript', conv, false);
}

/** A `chat.completion` object, restored in place. Logprobs are dropped (they hold token fragments). */
export async function restoreChatCompletion(reply: Json, conv: Conversation, jsonReply: boolean): Promise<void> {
  if (!Array.isArray(reply.choices)) return;
  for (const choice of reply.choices) {
    if (!isObj(choice)) continue;
    if (isObj(choice.message)) await restoreChatMessage(choice.message, conv, jsonReply);
    if (choice.logprobs !== undefined) choice.logprobs = null;
  }
}

/** One Responses output item (message, function call, reasoning...), restored in place. */
export async function restoreResponsesItem(item: Json, conv: Conversation, jsonReply: boolean, count = true): Promise<void> {
  if (Array.isArray(item.content)) for (const part of item.content) if (isObj(part)) await restoreResponsesPart(part, conv, jsonReply, count);
  if (Array.isArray(item.summary)) for (const part of item.summary) if (isObj(part)) await restoreResponsesPart(part, conv, false, count);
  if (item.type === 'function_call') await restoreField(item, 'arguments', conv, true, count);
  if (item.type === 'custom_tool_call') await restoreField(item, 'input', conv, false, count);
}

export async function restoreResponsesPart(part: Json, conv: Conversation, jsonReply: boolean, count = true): Promise<void> {
  await restoreField(part, 'text', conv, part.type === 'output_text' && jsonReply, count);
  await restoreField(part, 'refusal', conv, false, count);
  if (part.logprobs !== undefined) part.logprobs = [];
}

/** A Responses `response` object, restored in place (`count: false` for the copies a stream repeats). */
export async function restoreResponse(resp: Json, conv: Conversation, jsonReply: boolean, count = true): Promise<void> {
  if (Array.isArray(resp.output)) for (const item of resp.output) if (isObj(item)) await restoreResponsesItem(item, conv, jsonReply, count);
  // The convenience field some providers fill.
  await restoreField(resp, 'output_text', conv, jsonReply, false);
}
