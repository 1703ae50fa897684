// Audit wrapping for the flows (anonymise.ts, deanonymise.ts, records): one event per call, with the
// decisions counted per type and policy action. Nothing here runs when the call has no sink.
import type { Decider, Plan } from '../decide/plan.js';
import { ActionCounter, makeAuditEvent, type AuditFacts, type AuditSink } from './event.js';

/** Options every audited call accepts. */
export interface AuditOptions {
  /** Where the event goes (`callbackSink`, `jsonlFileSink`). None: no event. */
  audit?: AuditSink;
  /** Who asked, as the service names it (kept in the event, at most 200 characters). */
  caller?: string;
  /** Why (kept in the event, at most 200 characters). */
  purpose?: string;
}

/** A plan that counts its decisions per type and policy action (`via`, else the step's action). */
export function countingPlan(plan: Plan, counter: ActionCounter = new ActionCounter()): { plan: Plan; counter: ActionCounter } {
  const inner = plan.decide;
  const decide: Decider = (e, ctx) => {
    const step = inner(e, ctx);
    counter.add(String(e.type), step && typeof step === 'object' ? String(step.via ?? step.action) : 'invalid');
    return step;
  };
  return { plan: { name: plan.name, decide, spans: (text, found) => plan.spans(text, found), processKeyed: plan.processKeyed }, counter };
}

/** The facts every audited call starts with. */
export function startFacts(op: AuditFacts['op'], options: AuditOptions & { session?: string | undefined }): AuditFacts {
  return { op, start: performance.now(), startTime: new Date(), session: options.session, caller: options.caller, purpose: options.purpose };
}

/**
 * Run `call` and emit one event to `sink`: `facts` plus `outcome(result)`, or plus the error (then
 * rethrown). A sink that throws fails the call ("fail closed"). `facts` may be filled in while the
 * call runs (the policy's name once it is known).
 */
export async function audited<R>(sink: AuditSink, facts: AuditFacts, call: () => Promise<R>, outcome: (r: R) => Partial<AuditFacts>): Promise<R> {
  let result: R;
  try {
    result = await call();
  } catch (error) {
    await sink(makeAuditEvent({ ...facts, error }));
    throw error;
  }
  await sink(makeAuditEvent({ ...facts, ...outcome(result) }));
  return result;
}
