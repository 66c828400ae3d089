/**
 * Aho–Corasick automaton over UTF-16 code units: every pattern of a pack is found in one pass over
 * a segment, however many patterns there are. Patterns are addressed by the index they were added
 * with, so callers map hits to phrases without string lookups.
 *
 * Layout chosen for speed on Chinese text (a large alphabet where most characters start nothing):
 * the root has a dense 64 K table, other states a small Map; failure links are followed on demand
 * and each state's outputs include its suffixes' outputs (computed once at build time).
 */
export class AhoCorasick {
  private readonly rootNext = new Int32Array(65536);
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly lengths: number[];

  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((p) => p.length);
    patterns.forEach((pattern, index) => {
      if (pattern.length === 0) return;
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        let to = this.next[state]!.get(c);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[state]!.set(c, to);
        }
        state = to;
      }
      this.out[state]!.push(index);
    });
    // Breadth-first: failure links and inherited outputs.
    const queue: number[] = [];
    for (const [c, to] of this.next[0]!) {
      this.rootNext[c] = to;
      queue.push(to);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [c, to] of this.next[state]!) {
        let f = this.fail[state]!;
        let target: number | undefined;
        for (;;) {
          target = f === 0 ? this.rootNext[c] || undefined : this.next[f]!.get(c);
          if (target !== undefined || f === 0) break;
          f = this.fail[f]!;
        }
        this.fail[to] = target ?? 0;
        const inherited = this.out[this.fail[to]!]!;
        if (inherited.length > 0) this.out[to] = this.out[to]!.concat(inherited);
        queue.push(to);
      }
    }
  }

  get stateCount(): number {
    return this.next.length;
  }

  /** Calls onHit(patternIndex, start, end) for every occurrence, overlapping ones included. */
  scan(text: string, onHit: (pattern: number, start: number, end: number) => void): void {
    let state = 0;
    const rootNext = this.rootNext;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        if (state === 0) {
          state = rootNext[c]!;
          break;
        }
        const to = this.next[state]!.get(c);
        if (to !== undefined) {
          state = to;
          break;
        }
        state = this.fail[state]!;
      }
      if (state !== 0) {
        const outputs = this.out[state]!;
        for (let k = 0; k < outputs.length; k++) {
          const p = outputs[k]!;
          onHit(p, i + 1 - this.lengths[p]!, i + 1);
        }
      }
    }
  }
}
