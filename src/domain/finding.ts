import type { Category } from './category.ts';
import type { Severity } from './severity.ts';
import type { Speaker } from './transcript.ts';

/**
 * One rule hit, with the evidence a reviewer needs to check it without trusting the machine.
 * Call-level findings (hours, frequency, missing disclosure) have no quote and span the call.
 */
export interface Finding {
  callId: string;
  ruleId: string;
  /** Content hash of the rule definition: a changed rule is a new version. */
  ruleVersion: string;
  title: string;
  category: Category;
  severity: Severity;
  /** Whose words these were; `call` for findings about the call as a whole. */
  speaker: Speaker | 'call';
  startMs: number;
  endMs: number;
  /** The segment text as transcribed (not normalised). Empty for call-level findings. */
  quote: string;
  /** The phrases / patterns that matched, or for required rules the elements that were missing. */
  matched: string[];
  /** The regulation or policy the rule enforces. */
  source: string;
  /** Index of the segment in the transcript, when the finding is about one segment. */
  segmentIndex?: number;
  /** [start, end) UTF-16 offsets in `quote` of the matched words, for highlighting. */
  highlights?: Array<[number, number]>;
}
