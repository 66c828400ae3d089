/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, from a minimum edit
 * alignment. Text is compared after normalisation (case, punctuation) because recognisers and
 * reference transcripts disagree on those without mishearing anything. Han characters count one
 * token each (character error rate), the usual measure for Mandarin, which has no spaces.
 */
export interface ErrorRate {
  rate: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  referenceWords: number;
}

export function normalizeForWer(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/\p{Script=Han}/gu, (c) => ` ${c} `)
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function wordErrorRate(reference: string, hypothesis: string): ErrorRate {
  return alignTokens(normalizeForWer(reference), normalizeForWer(hypothesis));
}

export function alignTokens(ref: readonly string[], hyp: readonly string[]): ErrorRate {
  // cost[j] holds [edits, subs, dels, ins] for ref[0..i) vs hyp[0..j); one row at a time.
  type Cell = [number, number, number, number];
  let prev: Cell[] = Array.from({ length: hyp.length + 1 }, (_, j): Cell => [j, 0, 0, j]);
  for (let i = 1; i <= ref.length; i++) {
    const row: Cell[] = [[i, 0, i, 0]];
    for (let j = 1; j <= hyp.length; j++) {
      const same = ref[i - 1] === hyp[j - 1];
      const diag = prev[j - 1]!;
      const up = prev[j]!; // deletion of ref[i-1]
      const left = row[j - 1]!; // insertion of hyp[j-1]
      const sub: Cell = [diag[0] + (same ? 0 : 1), diag[1] + (same ? 0 : 1), diag[2], diag[3]];
      const del: Cell = [up[0] + 1, up[1], up[2] + 1, up[3]];
      const ins: Cell = [left[0] + 1, left[1], left[2], left[3] + 1];
      row.push([sub, del, ins].reduce((best, c) => (c[0] < best[0] ? c : best)));
    }
    prev = row;
  }
  const [edits, substitutions, deletions, insertions] = prev[hyp.length]!;
  return {
    rate: ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : edits / ref.length,
    substitutions,
    deletions,
    insertions,
    referenceWords: ref.length,
  };
}
