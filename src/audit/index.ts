import { Errors } from '../errors.js';
import { makeAuditEvent, type AuditFacts, type AuditSink } from './event.js';

export { ActionCounter, makeAuditEvent } from './event.js';
export type { AuditContext, AuditEvent, AuditFacts, AuditOperation, AuditSink } from './event.js';
export { callbackSink, jsonlFileSink } from './sinks.js';
export type { JsonlFileSink, JsonlFileSinkOptions } from './sinks.js';

/**
 * Emit one event to a sink (if any) and wait for it. A sink that throws fails the operation it
 * audits with the sink's own error ("fail closed": an operation that could not be recorded is not
 * reported as done).
 */
export async function emitAudit(sink: AuditSink | undefined, facts: AuditFacts): Promise<void> {
  if (!sink) return;
  await sink(makeAuditEvent(facts));
}

/** Check an `audit` option: a function or undefined. */
export function checkAuditSink(sink: unknown): AuditSink | undefined {
  if (sink === undefined) return undefined;
  if (typeof sink !== 'function') throw Errors.invalidOption('audit must be a sink function (callbackSink, jsonlFileSink)');
  return sink as AuditSink;
}
export { audited, countingPlan, startFacts } from './run.js';
export type { AuditOptions } from './run.js';
