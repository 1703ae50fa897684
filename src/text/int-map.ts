// A map from non-negative int32 keys to non-negative int32 values, emptied in O(1): open addressing over typed
// arrays, each slot stamped with the generation it was written in (a `clear` bumps the generation).
// For memos keyed by text positions and reset per text: a `Map` paid ~60 ns a get or set there, and
// every `clear` dropped its table, to be grown again for the next text. This module imports nothing.

export class IntMap {
  private keys = new Int32Array(64);
  private vals = new Int32Array(64);
  private stamps = new Uint32Array(64);
  private gen = 1;
  private size = 0;
  /** 32 - log2(capacity): a key's home slot is the top bits of its multiplicative hash. */
  private shift = 26;

  /** Empties the map, keeping its capacity. */
  clear(): void {
    this.size = 0;
    if (++this.gen === 0xffffffff) {
      this.stamps.fill(0);
      this.gen = 1;
    }
  }

  /** The value of `key`, or -1 when it has none. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      if (this.stamps[i] !== this.gen) return -1;
      if (this.keys[i] === key) return this.vals[i]!;
    }
  }

  /** Sets the value of `key`. */
  set(key: number, value: number): void {
    if (!(key >= 0 && value >= 0 && (key | 0) === key && (value | 0) === value)) {
      throw new RangeError('IntMap keys and values are non-negative int32');
    }
    if (2 * (this.size + 1) > this.keys.length) this.grow();
    this.size += this.put(key, value);
  }

  /** Writes the slot of `key`; 1 when it was not in the map. */
  private put(key: number, value: number): number {
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.stamps[i] === this.gen) {
      if (this.keys[i] === key) {
        this.vals[i] = value;
        return 0;
      }
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.vals[i] = value;
    this.stamps[i] = this.gen;
    return 1;
  }

  private grow(): void {
    const { keys, vals, stamps, gen } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2);
    this.stamps = new Uint32Array(keys.length * 2);
    this.shift--;
    this.gen = 1;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === gen) this.put(keys[i]!, vals[i]!);
  }
}
