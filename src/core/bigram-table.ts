// A model's stem bigrams (`b:<first>_<second>`) as a table of number pairs. Each stem that starts or
// ends a bigram gets a number once (a word's memo keeps it), and reading a post looks a pair up by
// open addressing in typed arrays: a multiplication and a probe or two, where a Map per first word
// cost ~30 ns a token (≈ 11 µs on a 2,000-character post).

/**
 * The table as plain data (Maps and typed arrays), so a compiled model carries it and the build's
 * snapshot stores it: built at start-up it cost a one-shot command ~8 ms.
 */
export interface BigramData {
  firsts: Map<string, number>;
  seconds: Map<string, number>;
  /** Open addressing, a power of two long: the pair's two stem numbers and its feature id (-1: empty). */
  first: Int32Array;
  second: Int32Array;
  ids: Int32Array;
}

/** The bigram table of a space's feature names (the bigrams among them) and their ids. */
export function bigramData(names: readonly string[]): BigramData {
  const firsts = new Map<string, number>();
  const seconds = new Map<string, number>();
  const pairs: [number, number, number][] = [];
  const number = (map: Map<string, number>, stem: string) => {
    let n = map.get(stem);
    if (n === undefined) map.set(stem, (n = map.size));
    return n;
  };
  names.forEach((name, id) => {
    if (!name.startsWith('b:')) return;
    // why: stems are runs of letters and digits or one symbol, so the first "_" ends the first stem
    const cut = name.indexOf('_', 2);
    pairs.push([number(firsts, name.slice(2, cut)), number(seconds, name.slice(cut + 1)), id]);
  });
  let bits = 4;
  while (1 << bits < pairs.length * 2) bits++;
  const size = 1 << bits;
  const first = new Int32Array(size);
  const second = new Int32Array(size);
  const ids = new Int32Array(size).fill(-1);
  for (const [a, b, id] of pairs) {
    let h = slot(a, b, 32 - bits);
    while (ids[h] !== -1) h = (h + 1) & (size - 1);
    first[h] = a;
    second[h] = b;
    ids[h] = id;
  }
  return { firsts, seconds, first, second, ids };
}

export class BigramTable {
  private readonly firsts: Map<string, number>;
  private readonly seconds: Map<string, number>;
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(data: BigramData) {
    ({ firsts: this.firsts, seconds: this.seconds, first: this.first, second: this.second, ids: this.ids } = data);
    this.mask = data.ids.length - 1;
    this.shift = 32 - Math.log2(data.ids.length);
  }

  /** The stem's number as the first of a bigram, or -1 when it starts none. */
  firstOf(stem: string): number {
    return this.firsts.get(stem) ?? -1;
  }

  /** The stem's number as the second of a bigram, or -1 when it ends none. */
  secondOf(stem: string): number {
    return this.seconds.get(stem) ?? -1;
  }

  /** The id of the bigram of two numbered stems, or -1 when the model has none. */
  get(a: number, b: number): number {
    const mask = this.mask;
    for (let h = slot(a, b, this.shift); ; h = (h + 1) & mask) {
      const id = this.ids[h]!;
      if (id === -1 || (this.first[h] === a && this.second[h] === b)) return id;
    }
  }
}

// why the high bits: they are the ones a multiplication mixes from every bit of the numbers
function slot(a: number, b: number, shift: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> shift;
}
