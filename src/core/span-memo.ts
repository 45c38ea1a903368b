// A bounded memo keyed by a stretch of a text, looked up without cutting the stretch out: the
// features' word memo (features.ts) is asked for every token of every post, and a Map needs the
// token as a new string, hashed by V8, on each ask. Here the hash is taken over the text's own
// code units and a candidate key is compared in place; only a miss cuts the key out.

function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class SpanMemo<V> {
  private keys: string[] = [];
  private values: V[] = [];
  private hashes: number[] = [];
  /** Open addressing: entry index + 1, 0 for an empty slot; at most half full. */
  private slots = new Int32Array(256);

  /** `limit`: past this many entries the memo starts again. */
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.keys.length;
  }

  /** The value of the key equal to s[from, to), or undefined. */
  get(s: string, from: number, to: number): V | undefined {
    const h = hashOf(s, from, to);
    const slots = this.slots;
    const mask = slots.length - 1;
    const length = to - from;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slots[slot]! - 1;
      if (e < 0) return undefined;
      if (this.hashes[e] !== h) continue;
      const key = this.keys[e]!;
      if (key.length !== length) continue;
      let i = 0;
      while (i < length && key.charCodeAt(i) === s.charCodeAt(from + i)) i++;
      if (i === length) return this.values[e];
    }
  }

  /** Adds a key that is not there yet. */
  add(key: string, value: V): void {
    if (this.keys.length >= this.limit) this.clear();
    if ((this.keys.length + 1) * 2 > this.slots.length) this.grow();
    const e = this.keys.length;
    const h = hashOf(key, 0, key.length);
    this.keys.push(key);
    this.values.push(value);
    this.hashes.push(h);
    this.place(h, e);
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.hashes = [];
    this.slots = new Int32Array(256);
  }

  private place(h: number, e: number): void {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = e + 1;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.keys.length; e++) this.place(this.hashes[e]!, e);
  }
}
