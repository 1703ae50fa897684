// anonymise: detect → plan → transform/vault → rewrite, in one pass over the text.
//   1. detect (the engine's detectors, or `detector`), plus the spans the plan finds itself (money);
//   2. the plan (src/decide/plan.ts) says per entity: pseudonymise, replace by a text, or keep;
//   3. the vault gives tokens for what is pseudonymised and for token-shaped input (escaped);
//   4. the rewrite (src/transform/rewrite.ts) builds the output once and checks it.
import { randomUUID } from 'node:crypto';
import { audited, ActionCounter, countingPlan, startFacts, type AuditOptions } from './audit/index.js';
import { planResolver, policyOf, type PolicyInput, type PolicyOption } from './decide/input.js';
import type { Policy } from './decide/policy.js';
import { DEFAULT_PRESET } from './decide/presets.js';
import { TOKEN_MODES, type Plan, type TokenMode } from './decide/plan.js';
import { detect } from './resolve/detect.js';
import { assertText, Errors } from './errors.js';
import { bindPolicy, isCompiledPolicy } from './transform/compile.js';
import { hashKeyFromMaster, processHashKey } from './transform/operators/hash.js';
import {
  cleanEntities, finishRewrite, freshSessionSpellings, planReplacements, reportEntities, withInputEscapes,
  type Allocator, type AnonymisedEntity, type KeptSpan, type LiteralEscape, type Replacement,
} from './transform/rewrite.js';
import { RequestObject } from './text/plain.js';
import { keepShape } from './text/shapes.js';
import type { DetectOptions, Entity } from './types.js';
import { getDefaultVault, setDefaultVault } from './vault/default.js';
import type { TokenizeOptions, TokenRequest, Vault } from './vault/interface.js';
import { resolveKey } from './vault/keys.js';
import { recordSpellings } from './vault/spellings.js';
import { assertSession } from './vault/checks.js';
import { LITERAL_TYPE } from './vault/vault.js';

export type { AnonymiseAction } from './decide/plan.js';
export type { AnonymisedEntity } from './transform/rewrite.js';
export { overlapWork } from './transform/rewrite.js';

export interface AnonymiseOptions extends AuditOptions {
  /** Session id: the same value gets the same token across calls of one session. Default: a new UUID. */
  session?: string;
  /** A policy (object, preset name 'llm' | 'dataset' | 'strict', compiled or bound policy) or a Decider function. Default: the `llm` preset. */
  policy?: PolicyOption;
  /** Where mappings live. Default: the process-wide in-memory vault. */
  vault?: Vault;
  /** 'token' (default, `<PERSON_1>`), 'deterministic' (`<PERSON_k3f9…>`) or 'surrogate' (fake values). */
  mode?: TokenMode;
  /** Session lifetime when this call creates the session (ms or "30d"); default the vault's (90 days). */
  ttl?: number | string;
  /** Options for `detect` (entity types, minScore). */
  detect?: DetectOptions;
  /** Replace detection entirely (a custom pipeline); must return spans with UTF-16 offsets. */
  detector?: (text: string) => readonly Entity[];
  /**
   * Store a spelling sheet when a value is written in a spelling other than the session's first, so
   * `deanonymise` of exactly this output gives the input back byte for byte (default true;
   * src/vault/spellings.ts). A caller that returns only part of the output (records strip a field
   * label) turns it off and records the sheet for the part it returns.
   */
  spellings?: boolean;
}

export interface AnonymiseResult {
  text: string;
  entities: AnonymisedEntity[];
  session: string;
}

/** What a call runs with: an engine's detectors and key material, or the defaults of plain calls. */
export interface Flow {
  /** The plan for a `policy` option (compiled and bound once per policy, then cached). */
  plan(policy: PolicyOption | undefined): Plan;
  detect(text: string, options?: DetectOptions): readonly Entity[];
}

export { getDefaultVault, setDefaultVault };

/** The key material plain calls bind a policy to: the master key's, else the per-process key. */
function defaultKeyMaterial(): Buffer {
  const master = resolveKey({});
  return master ? hashKeyFromMaster(master) : processHashKey();
}

/**
 * What each of `defaultFlow`'s bindings was made from, for the pool's threads to rebuild the same one
 * (src/batch/pool.ts): the policy as plain data at binding time and the key material. Kept beside the
 * binding, not on it: a plan object may be logged, and this holds the policy's secret and the key.
 */
const BOUND_AS = new WeakMap<Plan, { readonly input: Policy; readonly keyMaterial: Buffer }>();

/** A plain copy of a policy given as a preset name or plain data (undefined for a compiled policy). */
function asBound(policy: PolicyInput | undefined): Policy | undefined {
  if (isCompiledPolicy(policy)) return undefined;
  try {
    return structuredClone(policyOf(policy ?? DEFAULT_PRESET)) as Policy;
  } catch {
    return undefined;
  }
}

/**
 * The policy (plain data, as it was when bound) and key material `plan` was bound from, when it is one
 * of `defaultFlow`'s bindings of a preset or plain data; undefined for a decider, a plan given as the
 * policy, or a compiled policy. A policy object changed after its first use is still applied as bound.
 */
export function boundFrom(plan: Plan): { readonly input: Policy; readonly keyMaterial: Buffer } | undefined {
  return BOUND_AS.get(plan);
}

/**
 * Plain calls bind to the master key when there is one (KAVACH_KEY / KAVACH_KEY_FILE), else to the
 * per-process key; a binding made with the per-process key is redone once a master key appears, so
 * the hashes then follow the key. A persistent vault refuses a per-process binding (`checkKey`).
 */
export const defaultFlow: Flow = {
  plan: planResolver(
    (policy) => {
      const keyMaterial = defaultKeyMaterial();
      const bound = bindPolicy(policy, { keyMaterial });
      const input = asBound(policy);
      if (input !== undefined) BOUND_AS.set(bound, { input, keyMaterial });
      return bound;
    },
    (b) => b.processKeyed && resolveKey({}) !== undefined,
  ),
  detect,
};

function checkOptions(options: unknown): asserts options is AnonymiseOptions {
  if (options === null || typeof options !== 'object') throw Errors.invalidOption('anonymise options must be an object');
  const o = options as AnonymiseOptions;
  if (o.mode !== undefined && !TOKEN_MODES.includes(o.mode)) throw Errors.invalidOption('mode must be "token", "deterministic" or "surrogate"');
  if (o.detector !== undefined && typeof o.detector !== 'function') throw Errors.invalidOption('detector must be a function');
}

/**
 * A hashing plan without a key may not use a persistent vault (KEY_MISSING), on every path that
 * reaches here (plain calls, records, batches): its hashes would differ in every process.
 */
function checkKey(plan: Plan, vault: Vault): void {
  if (plan.processKeyed && !vault.ephemeralKey) {
    throw Errors.keyMissing(
      `policy ${plan.name}: hashing with a persistent (${vault.store}) vault needs a key: set KAVACH_KEY or KAVACH_KEY_FILE, give the policy a secret, or use createEngine({ key, vault })`,
    );
  }
}

/**
 * Replace personal data in `input` by tokens (or surrogates / policy replacements), storing the
 * originals encrypted in the vault before returning. Text that already looks like a token is escaped
 * the same way (type LITERAL), so `deanonymise(result.text)` gives back exactly `input`.
 */
export async function anonymise(input: string, options: AnonymiseOptions = {}): Promise<AnonymiseResult> {
  return anonymiseWith(input, options, defaultFlow);
}

/** US spelling. */
export const anonymize = anonymise;

/** anonymise with a flow (an engine's); one audit event per call when `options.audit` is set. */
export async function anonymiseWith(input: string, options: AnonymiseOptions, flow: Flow): Promise<AnonymiseResult> {
  const sink = options?.audit;
  if (!sink) return run(input, options, flow, flow.plan(options?.policy));
  const facts = startFacts('anonymise', options);
  const counter = new ActionCounter();
  const call = async (): Promise<AnonymiseResult> => {
    const plan = flow.plan(options.policy);
    facts.policy = plan.name;
    return run(input, options, flow, countingPlan(plan, counter).plan);
  };
  return audited(sink, facts, call, (r) => ({ session: r.session, entities: counter.counts }));
}

async function run(input: string, options: AnonymiseOptions, flow: Flow, plan: Plan): Promise<AnonymiseResult> {
  const call = prepareCall(input, options, plan);
  const detected = options.detector ? options.detector(input) : flow.detect(input, options.detect);
  return applyPlanned(input, planText(input, detected, plan, call.session, call.mode), options, call);
}

/** What a call runs with once its input and options are checked. */
interface Call {
  vault: Vault;
  session: string;
  /** No session was given: this call's is new, so it holds only this call's tokens. */
  fresh: boolean;
  mode: TokenMode;
}

function prepareCall(input: string, options: AnonymiseOptions, plan: Plan): Call {
  assertText(input);
  checkCall(options, plan);
  return { vault: options.vault ?? getDefaultVault(), session: options.session ?? randomUUID(), fresh: options.session === undefined, mode: options.mode ?? 'token' };
}

/**
 * What a call checks of its options before touching a text: the options, the session id, a hashing
 * plan's key against the vault. A batch checks them once, up front (src/batch/pool.ts), so it fails
 * with the error its first call would give, before any task is sent to a thread.
 */
export function checkCall(options: AnonymiseOptions, plan: Plan): void {
  checkOptions(options);
  if (options.session !== undefined) assertSession(options.session);
  checkKey(plan, options.vault ?? getDefaultVault());
}

/**
 * What anonymise decides for one text before it asks the vault anything: the replacements (with the
 * input's own token-shaped text escaped) and the spans kept. Synchronous and vault-free, so a worker
 * thread can make it (src/batch/tasks.ts); `anonymisePlanned` finishes it.
 */
export interface PlannedText {
  reps: Replacement[];
  kept: KeptSpan[];
}

/** Plan one text from its detected spans (the plan adds its own, e.g. money). */
export function planText(input: string, detected: readonly Entity[], plan: Plan, session: string, mode: TokenMode): PlannedText {
  const entities = cleanEntities(input, plan.spans(input, detected));
  const { reps, kept } = planReplacements(entities, plan, { text: input, session, mode });
  return { reps: withInputEscapes(input, reps, literalFor(mode)), kept };
}

const LITERAL_TOKEN = { type: LITERAL_TYPE, mode: 'token' } as const;
const LITERAL_DETERMINISTIC = { type: LITERAL_TYPE, mode: 'deterministic' } as const;
const literalFor = (mode: TokenMode): LiteralEscape => (mode === 'deterministic' ? LITERAL_DETERMINISTIC : LITERAL_TOKEN);

/**
 * Finish a text planned elsewhere (`planText`, with the same plan, session and mode): tokens from the
 * vault, the output built and verified, the spelling sheet. Gives exactly what `anonymise` gives for
 * the same input, options and vault state. Its first vault request is issued before it returns its
 * promise, so texts started in order ask the vault in order.
 */
export async function anonymisePlanned(input: string, planned: PlannedText, options: AnonymiseOptions & { session: string }, plan: Plan): Promise<AnonymiseResult> {
  return applyPlanned(input, planned, options, prepareCall(input, options, plan));
}

const NEW_SESSIONS: TokenizeOptions = Object.freeze({ newSessions: true });

/**
 * One call's token requests to the vault, for the rewrite. A class rather than a closure made per call:
 * V8 kept the compiled code of such a closure only while one of them lived, so every full collection
 * between calls dropped it and it was compiled again (src/text/shapes.ts).
 */
class CallTokens implements Allocator {
  /** The replacements given tokens, in allocation order. */
  readonly allocated: Replacement[] = [];

  constructor(
    private readonly vault: Vault,
    private readonly input: string,
    private readonly session: string,
    private readonly ttl: number | string | undefined,
    /** A session made for this call: the vault need not memoise its plans (TokenizeOptions). */
    private readonly hint: TokenizeOptions | undefined,
  ) {}

  async allocate(pending: Replacement[]): Promise<void> {
    if (pending.length === 0) return;
    const { input, session, ttl } = this;
    const reqs: TokenRequest[] = new Array(pending.length);
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      const req = new RequestObject(session, r.type, input.slice(r.start, r.end), r.mode, ttl) as TokenRequest;
      // A surrogate is chosen from strings absent from the input (TokenRequest.avoid).
      if (r.mode === 'surrogate') req.avoid = input;
      reqs[i] = req;
    }
    const tokens = await this.vault.tokenize(reqs, this.hint);
    for (let i = 0; i < pending.length; i++) pending[i]!.text = tokens[i]!;
    for (let i = 0; i < pending.length; i++) this.allocated.push(pending[i]!);
  }
}
keepShape(new CallTokens(undefined as unknown as Vault, '', 'placeholder', undefined, undefined));

async function applyPlanned(input: string, planned: PlannedText, options: AnonymiseOptions, call: Call): Promise<AnonymiseResult> {
  const { vault, session, mode } = call;
  const tokens = new CallTokens(vault, input, session, options.ttl, call.fresh ? NEW_SESSIONS : undefined);
  const allocated = tokens.allocated;
  const out = await finishRewrite(input, planned.reps, literalFor(mode), tokens);
  const report = reportEntities(out.reps, planned.kept);

  // Exact restore (src/vault/spellings.ts): spellings that differ from the canonical one. A new session
  // holds only this call's tokens, so its canonical spellings are known without reading the vault.
  if (options.spellings !== false) {
    if (!call.fresh) await recordSpellings(vault, session, input, out.text, report);
    else if (typeof vault.saveSpellings === 'function') {
      const sheet = freshSessionSpellings(input, allocated);
      if (sheet.length) await vault.saveSpellings(session, out.text, sheet);
    }
  }
  return { text: out.text, entities: report, session };
}
