// One instance kept per class that detection, the vault and restore make per call. In text/, the first
// stage, so that every later one may import it; it imports nothing.
//
// V8 gives an object the hidden class ("map") its constructor's field stores lead to, along a chain of
// transitions from the class's initial map. Those transitions are weak: once a full garbage collection
// finds no object of a class alive (between calls, every per-call object is dead), the maps it led to
// are freed, and every optimised function that had seen such objects is thrown away ("deoptimised:
// weak objects") and compiled again. One `anonymise` call in a loop with a full collection every 300
// calls recompiled ~15 functions (`score`, `allocateOne`, the context windows' …) after each one:
// 180 compilations, 728 ms of compiler time in 3,000 calls, and calls run unoptimised until then.
// A live instance keeps its map, and so the transitions, alive. test/detect/gc-deopt.test.ts checks it.

const kept: object[] = [];

/** Keep `o` alive for the life of the process (a placeholder instance of a per-call class); returns it. */
export function keepShape<T extends object>(o: T): T {
  kept.push(o);
  return o;
}
