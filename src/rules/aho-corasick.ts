/**
 * Aho–Corasick automaton over UTF-16 code units: every pattern of a pack is found in one pass over
 * a segment, however many patterns there are. Patterns are addressed by the index they were added
 * with, so callers map hits to phrases without string lookups.
 *
 * Layout chosen for speed on large alphabets (Chinese): characters that occur in no pattern map to
 * class 0 and send the automaton straight back to the root; the root has a dense table; other
 * transitions live in one open-addressing hash table of typed arrays (no object per state). Each
 * state's outputs include its suffixes' outputs, computed once at build time.
 */
/** Largest dense transition table, in entries (4 bytes each): 8 MB. */
const DENSE_LIMIT = 2_000_000;

export class AhoCorasick {
  /** Character → class (1-based); 0 for characters in no pattern. */
  private readonly classOf = new Uint16Array(65536);
  private classCount = 0;
  /** Root transitions by class (0 = stay at the root). */
  private rootNext: Int32Array;
  private keyState: Int32Array;
  private keyClass: Int32Array;
  private value: Int32Array;
  private mask: number;
  private readonly fail: Int32Array;
  /** Outputs of state s: outList[outStart[s] .. outStart[s + 1]). */
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  private readonly lengths: Int32Array;
  readonly stateCount: number;
  /** Dense rows of the full transition function (failure links folded in), `width` entries each. */
  private readonly dense: Int32Array;
  /** State → its row in `dense`, or -1 (then: hashed goto, else follow the failure link). */
  private readonly rowOf: Int32Array;
  private readonly width: number;
  private readonly shift: number;
  /**
   * When every state has a row, transitions are stored as row offsets (row × width) and outputs
   * indexed by row, so the scan loop is one array read per character and nothing else.
   */
  private readonly allDense: boolean;
  private readonly rowOutStart: Int32Array | undefined;

  /** Pattern index of hit k of the last collect(). */
  hitPattern = new Int32Array(64);
  /** End offset (exclusive) of hit k of the last collect(). */
  hitEnd = new Int32Array(64);

  constructor(patterns: readonly string[], options: { denseLimit?: number } = {}) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    // 1. The trie, with Maps while building.
    const children: Array<Map<number, number>> = [new Map()];
    const own: number[][] = [[]];
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const ch = pattern.charCodeAt(i);
        let cls = this.classOf[ch]!;
        if (cls === 0) {
          cls = ++this.classCount;
          this.classOf[ch] = cls;
        }
        let to = children[state]!.get(cls);
        if (to === undefined) {
          to = children.length;
          children.push(new Map());
          own.push([]);
          children[state]!.set(cls, to);
        }
        state = to;
      }
      own[state]!.push(index);
    });
    const states = children.length;
    this.stateCount = states;

    // 2. Transitions into typed arrays: the root densely, the rest in a hash table.
    this.rootNext = new Int32Array(this.classCount + 1);
    let edges = 0;
    for (const m of children) edges += m.size;
    let size = 16;
    while (size < edges * 2) size <<= 1;
    this.mask = size - 1;
    this.keyState = new Int32Array(size).fill(-1);
    this.keyClass = new Int32Array(size);
    this.value = new Int32Array(size);
    children.forEach((m, state) => {
      for (const [cls, to] of m) {
        if (state === 0) this.rootNext[cls] = to;
        else this.put(state, cls, to);
      }
    });

    // 3. Failure links and inherited outputs, breadth first.
    this.fail = new Int32Array(states);
    const outputs: number[][] = own.map((o) => o.slice());
    const queue: number[] = [];
    for (const to of children[0]!.values()) queue.push(to);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [cls, to] of children[state]!) {
        let f = this.fail[state]!;
        let target = -1;
        for (;;) {
          target = f === 0 ? this.rootNext[cls]! || -1 : this.get(f, cls);
          if (target !== -1 || f === 0) break;
          f = this.fail[f]!;
        }
        this.fail[to] = target === -1 ? 0 : target;
        const inherited = outputs[this.fail[to]!]!;
        if (inherited.length > 0) outputs[to] = outputs[to]!.concat(inherited);
        queue.push(to);
      }
    }
    // 4. Dense rows (the full transition function, failure links folded in) for as many states
    //    as the budget allows, shallowest first: the root and the first characters of patterns
    //    carry most of the traffic. A small automaton is entirely dense (one read per character).
    // Row width: the classes, rounded up to a power of two so a row offset turns into a row with a shift.
    let width = 1;
    while (width < this.classCount + 1) width <<= 1;
    this.width = width;
    this.shift = Math.log2(width);
    const rowsAllowed = Math.max(1, Math.min(states, Math.floor((options.denseLimit ?? DENSE_LIMIT) / this.width)));
    this.rowOf = new Int32Array(states).fill(-1);
    const dense = new Int32Array(rowsAllowed * this.width);
    this.rowOf[0] = 0;
    dense.set(this.rootNext, 0);
    for (let q = 0, rows = 1; q < queue.length && rows < rowsAllowed; q++, rows++) {
      const state = queue[q]!;
      this.rowOf[state] = rows;
      this.fillRow(state, children[state]!, dense, rows * this.width);
    }
    this.dense = dense;
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    for (let s = 0; s < states; s++) {
      this.outStart[s] = total;
      total += outputs[s]!.length;
    }
    this.outStart[states] = total;
    this.outList = new Int32Array(total);
    for (let s = 0; s < states; s++) this.outList.set(outputs[s]!, this.outStart[s]!);

    this.allDense = rowsAllowed === states;
    if (this.allDense) {
      for (let i = 0; i < dense.length; i++) dense[i] = this.rowOf[dense[i]!]! * this.width;
      const rowOut = new Int32Array((states + 1) * 2);
      for (let st = 0; st < states; st++) {
        const r = this.rowOf[st]!;
        rowOut[r * 2] = this.outStart[st]!;
        rowOut[r * 2 + 1] = this.outStart[st + 1]!;
      }
      this.rowOutStart = rowOut;
    }
  }

  /**
   * The full transition row of a state: its failure state's row (already filled: breadth-first
   * order, and shallower states get rows first) with the state's own transitions written over it.
   */
  private fillRow(state: number, own: Map<number, number>, dense: Int32Array, at: number): void {
    const f = this.fail[state]!;
    const r = this.rowOf[f]!;
    if (r >= 0) dense.copyWithin(at, r * this.width, (r + 1) * this.width);
    else for (let cls = 1; cls < this.width; cls++) dense[at + cls] = this.step(f, cls, dense);
    for (const [cls, to] of own) dense[at + cls] = to;
  }

  /** One transition from any state, using dense rows where they exist. */
  private step(state: number, cls: number, dense: Int32Array): number {
    for (;;) {
      const r = this.rowOf[state]!;
      if (r >= 0) return dense[r * this.width + cls]!;
      const to = this.get(state, cls);
      if (to !== -1) return to;
      state = this.fail[state]!;
    }
  }

  private slot(state: number, cls: number): number {
    return (Math.imul(state, 0x9e3779b1) ^ Math.imul(cls, 0x85ebca6b)) & this.mask;
  }

  private put(state: number, cls: number, to: number): void {
    let h = this.slot(state, cls);
    while (this.keyState[h] !== -1) h = (h + 1) & this.mask;
    this.keyState[h] = state;
    this.keyClass[h] = cls;
    this.value[h] = to;
  }

  /** The goto transition, or -1. */
  private get(state: number, cls: number): number {
    const keyState = this.keyState;
    let h = this.slot(state, cls);
    for (;;) {
      const k = keyState[h]!;
      if (k === -1) return -1;
      if (k === state && this.keyClass[h] === cls) return this.value[h]!;
      h = (h + 1) & this.mask;
    }
  }

  patternLength(pattern: number): number {
    return this.lengths[pattern]!;
  }

  /**
   * Every occurrence into hitPattern / hitEnd (reused buffers: read them before the next call);
   * returns the number of hits. The allocation-free form of scan() for the scanner's hot loop.
   */
  collect(text: string): number {
    return this.collectTranslated(text, undefined, undefined);
  }

  /**
   * collect() over text seen through a translation: character c reads as table[c], or
   * resolve(c) where the table still holds 0 (the pinyin key of a Han character, say), so the
   * translated text is never built.
   */
  collectTranslated(text: string, table: Uint16Array | undefined, resolve: ((c: number) => number) | undefined): number {
    if (this.allDense) return this.collectAllDense(text, table, resolve);
    let state = 0;
    let count = 0;
    const classOf = this.classOf;
    const dense = this.dense;
    const rowOf = this.rowOf;
    const width = this.width;
    const fail = this.fail;
    const outStart = this.outStart;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (table) {
        const t = table[c]!;
        c = t !== 0 ? t : resolve!(c);
      }
      const cls = classOf[c]!;
      for (;;) {
        const r = rowOf[state]!;
        if (r >= 0) {
          state = dense[r * width + cls]!;
          break;
        }
        const to = this.get(state, cls);
        if (to !== -1) {
          state = to;
          break;
        }
        state = fail[state]!;
      }
      const from = outStart[state]!;
      const to = outStart[state + 1]!;
      for (let k = from; k < to; k++) {
        if (count === this.hitPattern.length) this.grow();
        this.hitPattern[count] = this.outList[k]!;
        this.hitEnd[count] = i + 1;
        count++;
      }
    }
    return count;
  }

  private collectAllDense(text: string, table: Uint16Array | undefined, resolve: ((c: number) => number) | undefined): number {
    const dense = this.dense;
    const classOf = this.classOf;
    const rowOut = this.rowOutStart!;
    const shift = this.shift - 1; // (at >> shift) is 2 × row
    let at = 0; // row × width of the current state
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (table) {
        const t = table[c]!;
        c = t !== 0 ? t : resolve!(c);
      }
      at = dense[at + classOf[c]!]!;
      const r2 = at >> shift;
      const from = rowOut[r2]!;
      const to = rowOut[r2 + 1]!;
      for (let k = from; k < to; k++) {
        if (count === this.hitPattern.length) this.grow();
        this.hitPattern[count] = this.outList[k]!;
        this.hitEnd[count] = i + 1;
        count++;
      }
    }
    return count;
  }

  private grow(): void {
    const p = new Int32Array(this.hitPattern.length * 2);
    p.set(this.hitPattern);
    this.hitPattern = p;
    const e = new Int32Array(this.hitEnd.length * 2);
    e.set(this.hitEnd);
    this.hitEnd = e;
  }

  /** Calls onHit(patternIndex, start, end) for every occurrence, overlapping ones included. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    const n = this.collect(text);
    const patterns = this.hitPattern.slice(0, n);
    const endsAt = this.hitEnd.slice(0, n);
    for (let k = 0; k < n; k++) onHit(patterns[k]!, endsAt[k]! - this.lengths[patterns[k]!]!, endsAt[k]!);
  }
}
