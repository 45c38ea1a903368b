// Many strings found in one left-to-right pass (Aho–Corasick, with the failure links folded into
// the transition table): the cue index (cue-index.ts) finds where cues can start with it, the
// post-kind screen (post-kind.ts) which cues a text might match. Code units are compared as they
// are: callers give lower-cased text and strings.

/** The strings' automaton: plain data (typed arrays and arrays), so the rules snapshot stores it. */
export interface Automaton<T> {
  /** The symbol of a character code below 256 (0: a character no string has). */
  latinSymbols: Uint16Array;
  otherSymbols: Map<number, number>;
  symbols: number;
  /** next[state × symbols + symbol] */
  next: Uint16Array | Uint32Array;
  /** What ends on entering a state (its own string's value, then its suffixes'), or null. */
  ends: (T[] | null)[];
}

/** The automaton of `strings`, each with the value reported where it ends. */
export function buildAutomaton<T>(strings: ReadonlyMap<string, T>): Automaton<T> {
  const latinSymbols = new Uint16Array(256);
  const otherSymbols = new Map<number, number>();
  let symbols = 1;
  const symbolOf = (code: number): number => {
    if (code < 256) return latinSymbols[code] || (latinSymbols[code] = symbols++);
    let s = otherSymbols.get(code);
    if (s === undefined) otherSymbols.set(code, (s = symbols++));
    return s;
  };
  // The trie of all strings; state 0 is the root.
  const children: Map<number, number>[] = [new Map()];
  const own: { value: T }[] = [];
  for (const [text, value] of strings) {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const sym = symbolOf(text.charCodeAt(i));
      let child = children[state]!.get(sym);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        children[state]!.set(sym, child);
      }
      state = child;
    }
    own[state] = { value };
  }
  // Breadth first, each state's failure state is done before it: fold the failure links into `next`.
  // why: the table is most of the cue index, and stored in the rules snapshot; 16 bits number the states of today's lexicons
  const next = children.length <= 0xffff ? new Uint16Array(children.length * symbols) : new Uint32Array(children.length * symbols);
  const fail = new Int32Array(children.length);
  const ends: (T[] | null)[] = new Array(children.length).fill(null);
  const queue: number[] = [0];
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    const f = fail[state]!;
    const inherited = state === 0 ? null : (ends[f] ?? null);
    const mine = own[state];
    ends[state] = mine ? [mine.value, ...(inherited ?? [])] : inherited;
    for (let sym = 0; sym < symbols; sym++) {
      const child = children[state]!.get(sym);
      const viaFail = state === 0 ? 0 : next[f * symbols + sym]!;
      if (child === undefined) next[state * symbols + sym] = viaFail;
      else {
        next[state * symbols + sym] = child;
        fail[child] = viaFail;
        queue.push(child);
      }
    }
  }
  return { latinSymbols, otherSymbols, symbols, next, ends };
}
