// Constructors of plain objects: what `new` of these functions makes is an ordinary object whose
// prototype is Object.prototype (as a literal's is), so callers comparing results with plain objects
// (`deepStrictEqual`, `toStrictEqual`), spreading or printing them see no difference.
//
// Why not literals: V8 tracks each object literal's allocation site, and once 85 % or more of what a
// site made since the last young-generation collection is still alive there, it pretenures the site:
// every later object from it is allocated in old space, for the life of the process. A call's results
// live until the call returns, so a collection that falls mid-call (an `anonymise` waiting on its
// vault) tenures their sites; each later result is then old-space garbage that only a full collection
// frees. `new` of a function keeps no allocation site. test/detect/pretenure.test.ts checks it.
// Each shape's map is kept alive (src/text/shapes.ts). In text/, the first stage, so that every later
// one may import it.
//
// Arrays that go from stage to stage (detect's entities, the detection memo's, a table header's cells)
// are pushed into a literal, not made by `Array.prototype.map`: in Node 20's V8 `map` makes a packed
// array while its caller runs in the interpreter and a holey one once the caller is optimised, so a
// consumer compiled on the first kind deoptimises ("wrong map") when the other arrives, hundreds of
// calls in (`cleanEntities` and `planReplacements` after ~800 one-off `anonymise` calls, `headerAt`
// after ~2,000). test/text/array-kinds.test.ts checks the kinds.
import { keepShape } from './shapes.js';

/** `init` as a constructor whose instances have Object.prototype, as a literal has. */
function plainConstructor<C>(init: Function): C {
  init.prototype = Object.prototype;
  return init as C;
}

/** What `detect` returns per span (src/types.ts `Entity`), made whole in the key order it has always had. */
export interface PlainEntity {
  type: string;
  start: number;
  end: number;
  text: string;
  score: number;
  detector: string;
}

type EntityConstructor = new (type: string, start: number, end: number, text: string, score: number, detector: string) => PlainEntity;

/** `new EntityObject(type, start, end, text, score, detector)`: a plain object, never pretenured. */
export const EntityObject = plainConstructor<EntityConstructor>(function (this: PlainEntity, type: string, start: number, end: number, text: string, score: number, detector: string) {
  this.type = type;
  this.start = start;
  this.end = end;
  this.text = text;
  this.score = score;
  this.detector = detector;
});
// Scores are fractions: a map first given a small integer there would change (and be replaced) at the first fraction.
keepShape(new EntityObject('', 0, 0, '', 0.5, ''));
keepShape(Object.assign(new EntityObject('', 0, 0, '', 0.5, ''), { explanation: {} }));

/** What `anonymise` reports per span (src/transform/rewrite.ts `AnonymisedEntity`), in its key order. */
export interface PlainReport {
  type: string;
  start: number;
  end: number;
  action: string;
  outStart: number;
  outEnd: number;
  token?: string;
  score?: number;
  detector?: string;
}

type ReportConstructor = new (
  type: string, start: number, end: number, action: string, outStart: number, outEnd: number,
  token: string | undefined, facts: { score: number; detector: string } | undefined,
) => PlainReport;

/** `new ReportObject(…)`: `token` and the detected span's `score` and `detector` present only when given. */
export const ReportObject = plainConstructor<ReportConstructor>(function (
  this: PlainReport, type: string, start: number, end: number, action: string, outStart: number, outEnd: number,
  token: string | undefined, facts: { score: number; detector: string } | undefined,
) {
  this.type = type;
  this.start = start;
  this.end = end;
  this.action = action;
  this.outStart = outStart;
  this.outEnd = outEnd;
  if (token !== undefined) this.token = token;
  if (facts !== undefined) {
    this.score = facts.score;
    this.detector = facts.detector;
  }
});
for (const token of ['', undefined]) for (const facts of [{ score: 0.5, detector: '' }, undefined]) keepShape(new ReportObject('', 0, 0, '', 0, 0, token, facts));

/** A vault's token request (src/vault/interface.ts `TokenRequest`), as the vault has always received it. */
export interface PlainRequest {
  session: string;
  type: string;
  value: string;
  mode?: string;
  ttl?: number | string;
}

type RequestConstructor = new (session: string, type: string, value: string, mode: string | undefined, ttl: number | string | undefined) => PlainRequest;

/** `new RequestObject(session, type, value, mode, ttl)`: `mode` always present, `ttl` only when given. */
export const RequestObject = plainConstructor<RequestConstructor>(function (this: PlainRequest, session: string, type: string, value: string, mode: string | undefined, ttl: number | string | undefined) {
  this.session = session;
  this.type = type;
  this.value = value;
  this.mode = mode;
  if (ttl !== undefined) this.ttl = ttl;
});
// With and without a ttl, and each with the `avoid` a surrogate request adds (src/anonymise.ts).
for (const ttl of [0, undefined]) keepShape(Object.assign(new RequestObject('', '', '', undefined, ttl), { avoid: '' }));
for (const ttl of [0, undefined]) keepShape(new RequestObject('', '', '', undefined, ttl));
