import { TranscriptSchema, type Language, type Transcript } from '../../src/domain/transcript.ts';
import { DEFAULT_EXAMPLE_CALLS } from '../../src/rules/index.ts';

/**
 * What the evaluation scripts (eval-zh on COLD, eval-en on HateCheck) share: a measured figure
 * with its target, and the one-segment call each dataset sentence is scanned as.
 */

/** How many of `total` rows were flagged, the target, and which way is good. */
export interface Figure {
  name: string;
  flagged: number;
  total: number;
  target?: { op: '>=' | '<='; value: number };
}

/** undefined when the figure has no target (or no rows to judge). */
export function meetsTarget(f: Figure): boolean | undefined {
  if (!f.target || f.total === 0) return undefined;
  const rate = f.flagged / f.total;
  return f.target.op === '>=' ? rate >= f.target.value : rate <= f.target.value;
}

/** A dataset sentence as one agent segment of an ordinary daytime call that is not a first contact. */
export function agentUtterance(language: Language, id: string, text: string): Transcript {
  return TranscriptSchema.parse({
    call: { ...DEFAULT_EXAMPLE_CALLS[language], id, firstContact: false },
    segments: [{ speaker: 'agent', startMs: 0, endMs: 5_000, text }],
  });
}
